import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SignatoryForm } from '~/components/organizations/signatory-form';
import { requireActor } from '~/lib/auth.server';
import { requireOrganization } from '~/domain/organizations/access.server';
import { SIGNATURE_MAX_BYTES } from '~/domain/organizations/images';
import { SignatorySchema } from '~/domain/organizations/schemas';
import { createSignatory } from '~/domain/organizations/signatories.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';
import { readFormWithFiles } from '~/lib/upload.server';

export const meta = pageTitle('organizations:signatories.newTitle');

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return { organization: await requireOrganization(context.db, actor, params.organizationId ?? '') };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const organization = await requireOrganization(context.db, actor, params.organizationId ?? '');
  const back = `/organizations/${organization.id}/signatories`;
  const formData = await readFormWithFiles(request, { maxFileBytes: SIGNATURE_MAX_BYTES, maxBodyBytes: MAX_BODY_BYTES });
  if (!formData) return redirectWithToast(back, { kind: 'error', message: 'organizations:errors.uploadTooLarge' });
  return submitForm(formData, SignatorySchema, async (value) => {
    await createSignatory(context.db, actor, organization.id, value);
    return redirectWithToast(back, { message: 'organizations:toast.signatoryCreated', values: { name: value.name } });
  });
});

export default function NewSignatory() {
  const { organization } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('organizations');
  const back = `/organizations/${organization.id}/signatories`;
  return (
    <section>
      <p>
        <Link to={back}>{t('signatories.back')}</Link>
      </p>
      <h1>{t('signatories.newTitle')}</h1>
      <p className="hint">{organization.name}</p>
      <SignatoryForm lastResult={lastResult} submitLabel={t('signatories.create')} cancelTo={back} />
    </section>
  );
}
