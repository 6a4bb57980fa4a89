import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Field } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { requireCooperative } from '~/domain/cooperatives/access.server';
import { addStaffPosition, getRosterPage, lookUpNik } from '~/domain/cooperatives/roster.server';
import { AddStaffSchema } from '~/domain/cooperatives/schemas';
import { formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';
import { AddStaffForm } from './add-staff-form';
import { RosterTable } from './roster-table';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.cooperative.name);

/** Too many NIK look-ups: the action's Retry-After reaches the browser. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const roster = await getRosterPage(context.db, actor, params.cooperativeId ?? '');
  const date = (value: string | null) => (value ? formatDate(value, roster.cooperative.timeZone, locale) : null);
  const entries = (list: typeof roster.current) =>
    list.map((e) => ({ ...e, startsOn: date(e.startsOn), endsOn: date(e.endsOn), expiring: e.expiring.map((x) => ({ number: x.number, validUntil: date(x.validUntil)! })) }));
  return {
    cooperative: roster.cooperative,
    canManage: roster.canManage,
    current: entries(roster.current),
    past: entries(roster.past),
    masked: [...roster.current, ...roster.past].some((e) => e.nik.includes('*')),
    suggestions: roster.suggestions,
  };
});

// The NIK travels in POST bodies only, never in a URL (personal data stays out of logs and history).
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cooperative = await requireCooperative(context.db, actor, params.cooperativeId ?? '', 'roster:manage');
  const formData = await request.formData();
  const nik = formData.get('nik');
  // The NIK step: the known person (offered instead of a duplicate), a NIK problem, or too many look-ups.
  const lookup = () => lookUpNik(context.db, actor, { cooperativeId: cooperative.id, nik: typeof nik === 'string' ? nik : '' });
  if (formData.get('intent') === 'lookup') {
    const found = await lookup();
    const init = found.retryAfterSeconds
      ? { status: 429, headers: { 'Retry-After': String(found.retryAfterSeconds) } }
      : { status: found.error ? 400 : 200 };
    return data({ lookup: found, result: null }, init);
  }
  const outcome = await submitForm(formData, AddStaffSchema, async (values): Promise<Response> => {
    const added = await addStaffPosition(context.db, actor, { cooperativeId: cooperative.id, values });
    return redirectWithToast(`/cooperatives/${cooperative.id}/roster`, {
      message: 'cooperatives:toast.staffAdded',
      values: { name: added.fullName, position: values.position },
    });
  });
  if (outcome instanceof Response) return outcome;
  // The second step again, with its errors: the NIK step's answer travels with them.
  return data({ lookup: await lookup(), result: 'data' in outcome ? outcome.data : outcome }, ('init' in outcome ? outcome.init : null) ?? { status: 400 });
});

export default function RosterPage() {
  const { cooperative, canManage, current, past, masked, suggestions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lookup = actionData?.lookup ?? null;
  const { t } = useTranslation('cooperatives');
  const exportHref = (format: 'csv' | 'xlsx') => `/cooperatives/${cooperative.id}/roster/export?format=${format}`;
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/cooperatives/${cooperative.id}`}>{cooperative.name}</Link>
      </p>
      <h1>{t('roster.title', { name: cooperative.name })}</h1>
      <p className="actions-row">
        <Link to={`/koperasi/${cooperative.slug}`}>{t('roster.publicPage')}</Link>
        <a href={exportHref('xlsx')} download>
          {t('roster.export')} (Excel)
        </a>
        <a href={exportHref('csv')} download>
          {t('roster.export')} (CSV)
        </a>
        {canManage ? <Link to={`/cooperatives/import?kind=roster&cooperative=${cooperative.id}`}>{t('roster.import')}</Link> : null}
      </p>
      {masked ? <p className="hint">{t('roster.nikMaskedNote')}</p> : null}

      <h2>{t('roster.current')}</h2>
      {current.length === 0 ? <p>{t('detail.noStaff')}</p> : <RosterTable entries={current} canManage={canManage} cooperativeId={cooperative.id} />}

      {canManage ? (
        <section aria-labelledby="add" className="roster-add">
          <h2 id="add">{t('roster.add')}</h2>
          <p className="hint">{t('roster.addIntro')}</p>
          {lookup && !lookup.error ? (
            <AddStaffForm key={lookup.nik} lookup={lookup} lastResult={actionData?.result} suggestions={suggestions} cooperativeId={cooperative.id} />
          ) : (
            <Form method="post" className="form-narrow">
              <input type="hidden" name="intent" value="lookup" />
              <Field
                label={t('roster.nik')}
                hint={t('roster.nikHint')}
                inputProps={{ id: 'lookup-nik', name: 'nik', type: 'text', inputMode: 'numeric', autoComplete: 'off', defaultValue: lookup?.nik ?? '', required: true }}
                errors={lookup?.error}
              />
              <button type="submit" className="button">
                {t('roster.lookup')}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <h2>{t('roster.past')}</h2>
      {past.length === 0 ? <p>{t('roster.noPast')}</p> : <RosterTable entries={past} canManage={canManage} cooperativeId={cooperative.id} past />}
    </section>
  );
}
