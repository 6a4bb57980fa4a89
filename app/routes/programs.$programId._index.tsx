import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortStatusBadge } from '~/components/cohort-status';
import { EntityHistory } from '~/components/entity-history';
import { requireActor } from '~/lib/auth.server';
import { entityHistoryIfAllowed } from '~/domain/audit/log.server';
import { listCohorts } from '~/domain/cohorts/list.server';
import { getProgram } from '~/domain/programs/programs.server';
import { DEFAULT_TIME_ZONE, formatDateRange, todayIn } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.program.code);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const program = await getProgram(context.db, actor, params.programId ?? '');
  const [cohorts, history] = await Promise.all([
    // Every period: "today" only decides which cohorts are upcoming, which this list does not ask.
    listCohorts(context.db, actor, { period: 'all', programId: program.id }, { page: 1, pageSize: 50, offset: 0, sort: 'starts', dir: 'desc' }, todayIn(DEFAULT_TIME_ZONE)),
    entityHistoryIfAllowed(context.db, actor, 'program', program.id, { locale: locale === 'en' ? 'en' : 'id', limit: 50 }),
  ]);
  return {
    program,
    history,
    cohorts: cohorts.items.map((c) => ({ id: c.id, name: c.name, status: c.status, dates: formatDateRange(c.startsOn, c.endsOn, locale), confirmed: c.confirmed, capacity: c.capacity })),
  };
});

export default function ProgramPage() {
  const { program, cohorts, history } = useLoaderData<typeof loader>();
  const { t } = useTranslation('programs');
  return (
    <article>
      <p>
        <Link to="/programs">{t('title')}</Link>
      </p>
      <p className="eyebrow">
        <code>{program.code}</code>
      </p>
      <h1>{program.title}</h1>
      <p className="actions">
        <Link to={`/cohorts/new?program=${program.id}`} className="button primary">
          {t('view.schedule')}
        </Link>{' '}
        <Link to={`/programs/${program.id}/edit`} className="button secondary">
          {t('view.edit')}
        </Link>
      </p>
      {program.description ? <p>{program.description}</p> : null}
      <dl className="facts">
        <dt>{t('view.scheme')}</dt>
        <dd>{[program.schemeName, program.schemeNumber].filter(Boolean).join(' · ') || t('view.none')}</dd>
        <dt>{t('view.standard')}</dt>
        <dd>{program.competencyStandard ?? t('view.none')}</dd>
        <dt>{t('view.attendance')}</dt>
        <dd>
          {t('view.attendanceValue', { percent: program.attendanceMinPercent })}
          {' · '}
          {program.attendanceCountsExcused ? t('view.excusedCounts') : t('view.excusedNotCounted')}
        </dd>
        <dt>{t('view.checkIn')}</dt>
        <dd>{t('view.checkInValue', { opens: program.checkInOpensMinutes, grace: program.lateGraceMinutes })}</dd>
        <dt>{t('view.correction')}</dt>
        <dd>{t('view.correctionValue', { count: program.attendanceCorrectionHours })}</dd>
        <dt>{t('view.targets')}</dt>
        <dd>{program.targetPositions.length ? program.targetPositions.join(', ') : t('view.targetsAny')}</dd>
        <dt>{t('view.validity')}</dt>
        <dd>{t('view.months', { count: program.competencyValidityMonths })}</dd>
        <dt>{t('view.trainingValidity')}</dt>
        <dd>{program.trainingValidityMonths ? t('view.months', { count: program.trainingValidityMonths }) : t('view.noExpiry')}</dd>
        <dt>{t('view.pattern')}</dt>
        <dd>
          <code>{program.certificateNumberPattern}</code>
        </dd>
        <dt>{t('view.defaultInstitute')}</dt>
        <dd>{program.defaultInstituteName ?? t('view.none')}</dd>
        <dt>{t('view.defaultBody')}</dt>
        <dd>{program.defaultCertificationBodyName ?? t('view.none')}</dd>
      </dl>

      <h2>{t('view.units')}</h2>
      <div className="table-wrap">
        <table>
          <tbody>
            {program.units.map((u) => (
              <tr key={u.id}>
                <td>{u.position}</td>
                <td>
                  <code>{u.code}</code>
                </td>
                <td>{u.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('view.days')}</h2>
      <ol className="session-list">
        {program.days.map((d) => (
          <li key={d.dayNumber}>
            <strong>{t('view.dayN', { n: d.dayNumber })}</strong> ({t(`form.kind.${d.kind}`)}, {d.startsAtTime}–{d.endsAtTime}): {d.title}
            {d.topics ? <span className="hint"> — {d.topics}</span> : null}
          </li>
        ))}
      </ol>

      <h2>{t('view.cohorts')}</h2>
      {cohorts.length === 0 ? (
        <p>{t('common:table.empty')}</p>
      ) : (
        <ul className="plain-list">
          {cohorts.map((c) => (
            <li key={c.id}>
              <Link to={`/cohorts/${c.id}/manage`}>{c.name}</Link> — {c.dates} <CohortStatusBadge status={c.status} /> {c.confirmed}/{c.capacity}
            </li>
          ))}
        </ul>
      )}
      {history ? <EntityHistory entries={history} /> : null}
    </article>
  );
}
