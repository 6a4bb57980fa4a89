import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CooperativeForm } from '~/components/cooperatives/cooperative-form';
import { requireActor } from '~/lib/auth.server';
import { createCooperative } from '~/domain/cooperatives/cooperative.server';
import { registryDinas } from '~/domain/cooperatives/registry.server';
import { CooperativeSchema } from '~/domain/cooperatives/schemas';
import { dateInZone } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Tambah koperasi · Kompeten' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    return { dinas: await registryDinas(db(), actor) };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: CooperativeSchema });
  if (submission.status !== 'success') return submission.reply();
  try {
    const dinas = await registryDinas(db(), actor);
    const chosen = String(formData.get('dinasId') ?? '');
    const dinasId = dinas.find((d) => d.id === chosen)?.id ?? dinas[0]!.id;
    const created = await db()
      .transaction()
      .execute((trx) => createCooperative(trx, actor, { dinasId, today: dateInZone(new Date(), 'Asia/Jakarta'), values: submission.value }));
    return redirectWithToast(`/cooperatives/${created.id}`, { message: 'cooperatives:toast.created', values: { name: submission.value.name } });
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return submission.reply(errors);
    throwAsResponse(error);
  }
}

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
