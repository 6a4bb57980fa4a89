import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AttendanceLegend, AttendanceMark, EligibilityStatus } from '~/components/attendance/eligibility-status';
import { ListTable, Pagination, type ListColumn } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { attendanceMatrix, MATRIX_SORTS, sessionHeading, type MatrixRow } from '~/domain/attendance/matrix.server';
import { zoneLabel } from '~/lib/dates';
import { isLocale } from '~/lib/i18n';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { metaT, titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta: MetaFunction<typeof loader> = (args) =>
  titled(args.data ? metaT(args)('eligibility:matrix.pageTitle', { name: args.data.cohort.name }) : null);

/** Participants × sessions of a cohort, with each one's standing against the attendance rule. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const requested = await i18nServer.getLocale(request);
  const locale = isLocale(requested) ? requested : 'id';
  const listParams = parseListParams(new URL(request.url).searchParams, { sortKeys: MATRIX_SORTS, defaultSort: 'name', pageSize: 50 });
  const matrix = await attendanceMatrix(context.db, actor, params.cohortId ?? '', listParams);
  const { cohort } = matrix;
  return {
    cohort: { id: cohort.id, name: cohort.name, zone: zoneLabel(cohort.timeZone) },
    rule: matrix.rule,
    sort: listParams.sort,
    dir: listParams.dir,
    sessions: matrix.sessions.map((s) => ({ id: s.id, kind: s.kind, heading: sessionHeading(s, cohort.timeZone, locale) })),
    page: matrix.page,
  };
});

export default function AttendanceMatrixPage() {
  const { cohort, rule, sort, dir, sessions, page } = useLoaderData<typeof loader>();
  const { t } = useTranslation('eligibility');
  const { search } = useLocation();
  const exportQuery = (format: 'csv' | 'xlsx') => {
    const params = new URLSearchParams(search);
    params.delete('page');
    params.delete('size');
    params.set('format', format);
    return `/cohorts/${cohort.id}/attendance/export?${params}`;
  };
  const columns: ListColumn<MatrixRow>[] = [
    {
      key: 'name',
      header: t('matrix.name'),
      sortable: true,
      rowHeader: true,
      className: 'matrix-name',
      cell: (r) => (
        <>
          <span className="hint">{r.number}.</span> {r.name}
        </>
      ),
    },
    { key: 'cooperative', header: t('matrix.cooperative'), sortable: true, className: 'matrix-cooperative', cell: (r) => r.cooperativeName ?? '—' },
    ...sessions.map(
      (s, index): ListColumn<MatrixRow> => ({
        key: `session-${s.id}`,
        header: s.kind === 'exam' ? `${s.heading} (${t('matrix.examSession')})` : s.heading,
        className: 'matrix-mark',
        cell: (r) => <AttendanceMark status={r.cells[index] ?? null} />,
      }),
    ),
    { key: 'rate', header: t('matrix.eligible'), sortable: true, className: 'matrix-status', cell: (r) => <EligibilityStatus eligibility={r.eligibility} /> },
  ];
  return (
    <section className="attendance-matrix">
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link>
      </p>
      <h1>
        {t('matrix.title')} — {cohort.name}
      </h1>
      <p>
        {t('matrix.intro', { percent: rule.minPercent, excused: t(rule.countsExcused ? 'summary.excusedCounts' : 'summary.excusedNotCounted') })}{' '}
        {t('matrix.zone', { zone: cohort.zone })}
      </p>
      <h2 className="legend-title">{t('matrix.legend')}</h2>
      <AttendanceLegend />
      <p className="actions">
        <span>{t('matrix.download')}:</span> <a href={exportQuery('csv')}>{t('matrix.csv')}</a> <a href={exportQuery('xlsx')}>{t('matrix.xlsx')}</a>
      </p>
      {sessions.length === 0 ? <p>{t('matrix.noSessions')}</p> : <p className="hint">{t('matrix.scrollHint')}</p>}
      <ListTable
        layout="scroll"
        className="matrix-table"
        rows={page.items}
        rowKey={(r) => r.enrollmentId}
        sort={sort}
        dir={dir}
        caption={t('matrix.caption')}
        empty={t('matrix.empty')}
        columns={columns}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
