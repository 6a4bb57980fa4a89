import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SignatoryForm } from '~/components/organizations/signatory-form';
import { requireActor } from '~/lib/auth.server';
import { SIGNATURE_MAX_BYTES } from '~/domain/organizations/images';
import { SignatorySchema } from '~/domain/organizations/schemas';
import { getSignatory, updateSignatory } from '~/domain/organizations/signatories.server';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';
import { readFormWithFiles } from '~/lib/upload.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.signatory.name);

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return getSignatory(context.db, actor, params.organizationId ?? '', params.signatoryId ?? '');
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const { organization, signatory } = await getSignatory(context.db, actor, params.organizationId ?? '', params.signatoryId ?? '');
  const back = `/organizations/${organization.id}/signatories`;
  const formData = await readFormWithFiles(request, { maxFileBytes: SIGNATURE_MAX_BYTES, maxBodyBytes: MAX_BODY_BYTES });
  if (!formData) return redirectWithToast(`${back}/${signatory.id}`, { kind: 'error', message: 'organizations:errors.uploadTooLarge' });
  return submitForm(formData, SignatorySchema, async (value) => {
    await updateSignatory(context.db, actor, organization.id, signatory.id, value);
    return redirectWithToast(back, { message: 'organizations:toast.signatorySaved', values: { name: value.name } });
  });
});

export default function EditSignatory() {
  const { organization, signatory } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('organizations');
  const back = `/organizations/${organization.id}/signatories`;
  return (
    <section>
      <p>
        <Link to={back}>{t('signatories.back')}</Link>
      </p>
      <h1>{t('signatories.editTitle')}</h1>
      <p className="hint">{organization.name}</p>
      <SignatoryForm
        lastResult={lastResult}
        submitLabel={t('signatories.save')}
        cancelTo={back}
        nipWarning={signatory.nipWarning}
        signatureSrc={signatory.hasSignature ? `${back}/${signatory.id}/signature` : null}
        signatureAlt={t('signatories.signatureAlt', { name: signatory.name })}
        defaultValue={{ name: signatory.name, title: signatory.title, nip: signatory.nip }}
      />
    </section>
  );
}
