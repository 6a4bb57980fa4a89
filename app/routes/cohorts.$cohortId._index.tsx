import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortStatusBadge } from '~/components/cohort-status';
import { RegistrationPanel } from '~/components/cohorts/registration-panel';
import { getActor } from '~/lib/auth.server';
import { publicCohortPage } from '~/domain/enrollment/cohort-pages.server';
import { formatDateRange, formatDateTime, formatDateWithWeekday, formatTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data ? `${data.cohort.programTitle} — ${data.cohort.name}` : null);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const locale = await i18nServer.getLocale(request);
  const { cohort, registration, doors } = await publicCohortPage(context.db, actor, params.cohortId ?? '');
  const tz = cohort.timeZone;
  return {
    signedIn: !!actor,
    registration,
    doors,
    cohort: {
      id: cohort.id,
      name: cohort.name,
      status: cohort.status,
      programTitle: cohort.programTitle,
      schemeName: cohort.schemeName,
      competencyStandard: cohort.competencyStandard,
      dates: formatDateRange(cohort.startsOn, cohort.endsOn, locale),
      venueName: cohort.venueName,
      venueAddress: cohort.venueAddress,
      instituteName: cohort.instituteName,
      certificationBodyName: cohort.certificationBodyName,
      dinasName: cohort.dinasName,
      seatsLeft: Math.max(0, cohort.capacity - cohort.confirmedCount),
      capacity: cohort.capacity,
      registration:
        cohort.registrationOpensAt && cohort.registrationClosesAt
          ? `${formatDateTime(cohort.registrationOpensAt, tz, locale)} – ${formatDateTime(cohort.registrationClosesAt, tz, locale)}`
          : null,
      units: cohort.units,
      sessions: cohort.sessions.map((s) => ({
        id: s.id,
        kind: s.kind,
        title: s.title,
        day: formatDateWithWeekday(s.startsAt, tz, locale),
        time: `${formatTime(s.startsAt, tz, locale).split(' ')[0]}–${formatTime(s.endsAt, tz, locale)}`,
      })),
    },
  };
});

export default function CohortPage() {
  const { cohort, signedIn, registration, doors } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article>
      <p className="eyebrow">{cohort.dinasName}</p>
      <h1>
        {cohort.programTitle} — {cohort.name}
      </h1>
      <p>
        {cohort.status === 'draft' ? <span className="badge badge-draft">{t('cohorts:draft.badge')}</span> : <CohortStatusBadge status={cohort.status} />}
      </p>
      <RegistrationPanel cohortId={cohort.id} status={cohort.status} signedIn={signedIn} registration={registration} seatsLeft={cohort.seatsLeft} />
      <p className="actions">
        {cohort.status === 'draft' ? null : (
          <a href={`/cohorts/${cohort.id}/calendar.ics`} download>
            {t('cohorts:registration.addToCalendar')}
          </a>
        )}
        {doors.nominate ? <Link to={`/cohorts/${cohort.id}/nominate`}>{t('cohorts:nominate.link')}</Link> : null}
        {doors.manage ? <Link to={`/cohorts/${cohort.id}/manage`}>{t('cohorts:registration.manage')}</Link> : null}
      </p>
      <dl className="facts">
        <dt>{t('cohort.dates')}</dt>
        <dd>{cohort.dates}</dd>
        {cohort.venueName ? (
          <>
            <dt>{t('cohort.venue')}</dt>
            <dd>
              {cohort.venueName}
              {cohort.venueAddress ? <>, {cohort.venueAddress}</> : null}
            </dd>
          </>
        ) : null}
        <dt>{t('cohort.capacity')}</dt>
        <dd>
          {cohort.capacity}
          {cohort.status === 'open' ? <> ({t('cohort.seatsLeft', { count: cohort.seatsLeft })})</> : null}
        </dd>
        {cohort.registration ? (
          <>
            <dt>{t('cohort.registrationWindow')}</dt>
            <dd>{cohort.registration}</dd>
          </>
        ) : null}
        {cohort.instituteName ? (
          <>
            <dt>{t('cohort.institute')}</dt>
            <dd>{cohort.instituteName}</dd>
          </>
        ) : null}
        {cohort.certificationBodyName ? (
          <>
            <dt>{t('cohort.certificationBody')}</dt>
            <dd>{cohort.certificationBodyName}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t('cohort.sessions')}</h2>
      <ol className="session-list">
        {cohort.sessions.map((s) => (
          <li key={s.id}>
            <strong>{s.day}</strong>, {s.time} — {t(`cohort.sessionKind.${s.kind}`)}: {s.title}
          </li>
        ))}
      </ol>

      {cohort.units.length > 0 ? (
        <>
          <h2>{t('cohort.units')}</h2>
          <div className="table-wrap">
            <table>
              <tbody>
                {cohort.units.map((u) => (
                  <tr key={u.code}>
                    <td>
                      <code>{u.code}</code>
                    </td>
                    <td>{u.title}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </article>
  );
}
