import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CooperativeForm } from '~/components/cooperatives/cooperative-form';
import { requireActor } from '~/lib/auth.server';
import { requireCooperative } from '~/domain/cooperatives/access.server';
import { getCooperativeForEdit, updateCooperative } from '~/domain/cooperatives/cooperative.server';
import { CooperativeSchema } from '~/domain/cooperatives/schemas';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.cooperative.name);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return { cooperative: await getCooperativeForEdit(context.db, actor, params.cooperativeId ?? '') };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cooperative = await requireCooperative(context.db, actor, params.cooperativeId ?? '', 'cooperative:manage');
  return submitForm(await request.formData(), CooperativeSchema, async (values) => {
    const result = await updateCooperative(context.db, actor, { cooperativeId: cooperative.id, values });
    return redirectWithToast(`/cooperatives/${cooperative.id}`, {
      message: result.changed.length ? 'cooperatives:toast.updated' : 'cooperatives:toast.unchanged',
      values: { name: values.name },
    });
  });
});

export default function EditCooperative() {
  const { cooperative } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('cooperatives');
  return (
    <section>
      <h1>{t('form.editTitle', { name: cooperative.name })}</h1>
      <CooperativeForm lastResult={lastResult} defaultValue={cooperative.values} submitLabel={t('form.save')} cancelTo={`/cooperatives/${cooperative.id}`} />
    </section>
  );
}
