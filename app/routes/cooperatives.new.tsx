import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CooperativeForm } from '~/components/cooperatives/cooperative-form';
import { requireActor } from '~/lib/auth.server';
import { createCooperative } from '~/domain/cooperatives/cooperative.server';
import { registryDinas } from '~/domain/cooperatives/registry.server';
import { CooperativeSchema } from '~/domain/cooperatives/schemas';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('cooperatives:form.newTitle');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return { dinas: await registryDinas(context.db, actor) };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // The Dinas whose registry the actor keeps: anyone else is not found, whatever the body.
  const dinas = await registryDinas(context.db, actor);
  const formData = await request.formData();
  return submitForm(formData, CooperativeSchema, async (values) => {
    const chosen = formData.get('dinasId');
    const dinasId = dinas.find((d) => d.id === chosen)?.id ?? dinas[0]!.id;
    const created = await createCooperative(context.db, actor, { dinasId, values });
    return redirectWithToast(`/cooperatives/${created.id}`, { message: 'cooperatives:toast.created', values: { name: values.name } });
  });
});

export default function NewCooperative() {
  const { dinas } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('cooperatives');
  return (
    <section>
      <h1>{t('form.newTitle')}</h1>
      <CooperativeForm
        lastResult={lastResult}
        defaultValue={{ status: 'active' }}
        submitLabel={t('form.save')}
        cancelTo="/cooperatives"
        dinasChoices={dinas.map((d) => ({ id: d.id, name: d.shortName ?? d.name }))}
      />
    </section>
  );
}
