import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CooperativeForm } from '~/components/cooperatives/cooperative-form';
import { requireActor } from '~/lib/auth.server';
import { getCooperative, updateCooperative } from '~/domain/cooperatives/cooperative.server';
import { CooperativeSchema } from '~/domain/cooperatives/schemas';
import { dateInZone } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.cooperative.name} · Kompeten` : 'Kompeten' }];

const today = () => dateInZone(new Date(), 'Asia/Jakarta');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const c = await getCooperative(db(), actor, params.cooperativeId ?? '', today());
    if (!c.canManage) throw new Response('Forbidden', { status: 403 });
    const text = (v: string | null) => v ?? '';
    return {
      cooperative: {
        id: c.id,
        name: c.name,
        values: {
          name: c.name, type: c.type, savingsLoanUnit: text(c.savingsLoanUnit), cooperativeNumber: c.cooperativeNumber,
          legalEntityNumber: text(c.legalEntityNumber), legalEntityDate: text(c.legalEntityDate), street: text(c.street),
          village: text(c.village), district: text(c.district), regency: text(c.regency), postalCode: text(c.postalCode),
          phone: text(c.phone), email: text(c.email), status: c.status,
        },
      },
    };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const submission = parseWithZod(await request.formData(), { schema: CooperativeSchema });
  if (submission.status !== 'success') return submission.reply();
  const cooperativeId = params.cooperativeId ?? '';
  try {
    const result = await db()
      .transaction()
      .execute((trx) => updateCooperative(trx, actor, { cooperativeId, today: today(), values: submission.value }));
    return redirectWithToast(`/cooperatives/${cooperativeId}`, {
      message: result.changed.length ? 'cooperatives:toast.updated' : 'cooperatives:toast.unchanged',
      values: { name: submission.value.name },
    });
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return submission.reply(errors);
    throwAsResponse(error);
  }
}

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
