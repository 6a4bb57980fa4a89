import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CooperativeStatusBadge } from '~/components/cooperatives/badges';
import { EntityHistory } from '~/components/entity-history';
import { requireActor } from '~/lib/auth.server';
import { requireCooperative } from '~/domain/cooperatives/access.server';
import { ratDeadline } from '~/domain/cooperatives/annual-meeting-rule';
import { recordAnnualMeeting, removeAnnualMeeting } from '~/domain/cooperatives/annual-meetings.server';
import { getCooperativePage } from '~/domain/cooperatives/cooperative.server';
import { AnnualMeetingSchema } from '~/domain/cooperatives/schemas';
import { formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm, submitIntent } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';
import { RatForm } from './rat-form';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.cooperative.name);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const { cooperative, staff, history } = await getCooperativePage(context.db, actor, params.cooperativeId ?? '', { locale });
  const date = (value: string | null) => (value ? formatDate(value, cooperative.timeZone, locale) : null);
  return {
    cooperative: {
      ...cooperative,
      legalEntityDate: date(cooperative.legalEntityDate),
      meetings: cooperative.meetings.map((m) => ({ ...m, heldOn: date(m.heldOn), heldOnIso: m.heldOn })),
      deadline: date(ratDeadline(cooperative.standing.lastFiscalYear))!,
    },
    staff: staff.map((s) => ({ ...s, startsOn: date(s.startsOn) })),
    history,
    nextFiscalYear: cooperative.standing.lastFiscalYear,
  };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cooperative = await requireCooperative(context.db, actor, params.cooperativeId ?? '', 'cooperative:manage');
  const here = `/cooperatives/${cooperative.id}`;
  const formData = await request.formData();
  if (formData.get('intent') === 'remove-meeting') {
    return submitIntent(here, async () => {
      await removeAnnualMeeting(context.db, actor, { cooperativeId: cooperative.id, meetingId: String(formData.get('meetingId') ?? '') });
      return redirectWithToast(here, { message: 'cooperatives:toast.ratRemoved' });
    });
  }
  return submitForm(formData, AnnualMeetingSchema, async (values) => {
    await recordAnnualMeeting(context.db, actor, { cooperativeId: cooperative.id, values });
    return redirectWithToast(`${here}#rat`, { message: 'cooperatives:toast.ratRecorded', values: { year: values.fiscalYear } });
  });
});

export default function CooperativeDetail() {
  const { cooperative: c, staff, history, nextFiscalYear } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('cooperatives');
  const { standing } = c;
  const address = [c.street, c.village, c.district, c.regency, c.postalCode].filter(Boolean).join(', ');
  return (
    <article>
      <p className="eyebrow">{c.dinasName}</p>
      <h1>{c.name}</h1>
      <p className="meta">
        <CooperativeStatusBadge status={c.status} /> {c.type}
        {c.savingsLoanUnit ? ` · ${c.savingsLoanUnit}` : null}
      </p>
      <p className="actions-row">
        {c.canManage ? (
          <Link to={`/cooperatives/${c.id}/edit`} className="button">
            {t('detail.edit')}
          </Link>
        ) : null}
        {c.canManageRoster ? (
          <Link to={`/cooperatives/${c.id}/roster`} className="button secondary">
            {t('detail.manageRoster')}
          </Link>
        ) : null}
        <Link to={`/cooperatives/${c.id}/trainings`} className="button secondary">
          {t('detail.trainings')}
        </Link>
        <Link to={`/koperasi/${c.slug}`} className="button secondary">
          {t('fields.publicPage')}
        </Link>
      </p>
      <dl className="facts">
        <dt>{t('fields.cooperativeNumber')}</dt>
        <dd>
          <code>{c.cooperativeNumber}</code>
        </dd>
        <dt>{t('fields.legalEntity')}</dt>
        <dd>{[c.legalEntityNumber, c.legalEntityDate].filter(Boolean).join(', ') || '—'}</dd>
        <dt>{t('fields.address')}</dt>
        <dd>{address || '—'}</dd>
        <dt>{t('fields.contact')}</dt>
        <dd>{[c.phone, c.email].filter(Boolean).join(' · ') || '—'}</dd>
      </dl>

      <section aria-labelledby="rat">
        <h2 id="rat">{t('rat.title')}</h2>
        <p className={standing.healthy ? 'rat-standing rat-healthy' : 'rat-standing'}>
          {standing.consecutiveOnTime > 0 ? t('rat.onTimeStreak', { count: standing.consecutiveOnTime }) : t('rat.noStreak')}
          {standing.healthy ? <> — {t('rat.healthy')}</> : null}
        </p>
        {standing.missingLastYear ? (
          <p className="rat-flag" role="note">
            {standing.lastYearStillDue
              ? t('rat.stillDue', { year: standing.lastFiscalYear, deadline: c.deadline })
              : t('rat.missingLastYear', { year: standing.lastFiscalYear })}
          </p>
        ) : null}
        {c.meetings.length === 0 ? (
          <p>{t('rat.none')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('rat.fiscalYear')}</th>
                  <th scope="col">{t('rat.heldOn')}</th>
                  <th scope="col">{t('rat.notes')}</th>
                  {c.canManage ? <th scope="col">{t('roster.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {c.meetings.map((m) => (
                  <tr key={m.id}>
                    <td>{m.fiscalYear}</td>
                    <td>
                      {m.heldOnIso === null ? (
                        <span className="muted">{t('rat.dayUnknown')}</span>
                      ) : (
                        <>
                          <time dateTime={m.heldOnIso}>{m.heldOn}</time> <span className={m.onTime ? 'badge badge-valid' : 'badge badge-closed'}>{m.onTime ? t('rat.onTime') : t('rat.late')}</span>
                        </>
                      )}
                    </td>
                    <td>{m.notes}</td>
                    {c.canManage ? (
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-meeting" />
                          <input type="hidden" name="meetingId" value={m.id} />
                          <button type="submit" className="link-button" aria-label={t('rat.removeLabel', { year: m.fiscalYear })}>
                            {t('rat.remove')}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {c.canManage ? <RatForm defaultYear={nextFiscalYear} lastResult={lastResult} /> : null}
      </section>

      <section aria-labelledby="roster">
        <h2 id="roster">{t('detail.roster')}</h2>
        {staff.length === 0 ? (
          <p>{t('detail.noStaff')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('roster.name')}</th>
                  <th scope="col">{t('roster.position')}</th>
                  <th scope="col">{t('roster.startsOn')}</th>
                </tr>
              </thead>
              <tbody>
                {staff.map((s) => (
                  <tr key={s.positionId}>
                    <td>{s.fullName}</td>
                    <td>{s.position}</td>
                    <td>{s.startsOn ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {c.canManageRoster ? (
          <p>
            <Link to={`/cooperatives/${c.id}/roster`}>{t('detail.manageRoster')}</Link>
          </p>
        ) : null}
      </section>

      {history ? <EntityHistory entries={history} /> : null}
    </article>
  );
}
