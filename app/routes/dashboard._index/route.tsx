import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireActor } from '~/lib/auth.server';
import { loadDashboard } from '~/domain/dashboard/dashboard.server';
import { periodQuery } from '~/domain/dashboard/period';
import { formatDate, formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { FiguresTable } from './figures-table';
import { ExpiringSection, UpcomingSection } from './lists-sections';
import { PeriodForm } from '~/components/dashboard/period-form';
import { SummarySection } from './summary-section';
import { TrendSection } from './trend-section';

export const meta = pageTitle('dashboard:title');

const COHORTS_ON_PAGE = 40;
/** The lists show their first rows (the export has them all); one more is read to know there are more. */
const LIST_ROWS_ON_PAGE = 20;

/** GET /dashboard — the coordinator's figures for a period: one domain call, each section its own component. */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const dashboard = await loadDashboard(context.db, actor, new URL(request.url).searchParams, new Date(), { listLimit: LIST_ROWS_ON_PAGE + 1 });
  const zone = dashboard.scope.timeZone;
  // The page shows the period's latest cohorts (the export has them all): a page, not a ledger.
  const { figures: { cohorts, ...figures }, upcoming, expiring, neighbours: _neighbours, ...rest } = dashboard;
  return {
    ...rest,
    figures,
    expiringTotal: expiring.total,
    upcomingMore: upcoming.length > LIST_ROWS_ON_PAGE,
    query: periodQuery(dashboard.period),
    periodText: formatDateRange(dashboard.period.from, dashboard.period.to, locale),
    cohortTotal: cohorts.length,
    cohortRows: cohorts.slice(-COHORTS_ON_PAGE).map((c) => ({ ...c, dates: formatDateRange(c.startsOn, c.endsOn, locale) })),
    upcomingRows: upcoming.slice(0, LIST_ROWS_ON_PAGE).map((c) => ({ ...c, dates: formatDateRange(c.startsOn, c.endsOn, locale) })),
    expiringRows: expiring.items.slice(0, LIST_ROWS_ON_PAGE).map((c) => ({ ...c, validUntilText: formatDate(c.validUntil, zone, locale) })),
  };
});

export default function DashboardPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('dashboard');
  const { figures, query } = data;
  return (
    <article className="dashboard">
      <p className="eyebrow">{data.scope.dinasName}</p>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <PeriodForm period={data.period} problems={data.periodProblems} input={data.periodInput} />
      <p className="period-line">
        <strong>{t('period.showing', { period: data.periodText })}</strong> <span className="hint">{t('period.basis')}</span>
      </p>

      <SummarySection totals={figures.totals} query={query} />
      <section aria-labelledby="coverage-link-title" className="dashboard-coverage-link">
        <h2 id="coverage-link-title">{t('coverageLink.title')}</h2>
        <p>{t('coverageLink.text')}</p>
        <p>
          <Link to="/dashboard/coverage" className="button secondary">
            {t('coverageLink.open')}
          </Link>
        </p>
      </section>
      <TrendSection months={figures.months} query={query} />
      <section aria-labelledby="neighbours-link-title" className="dashboard-coverage-link">
        <h2 id="neighbours-link-title">{t('neighboursLink.title')}</h2>
        <p>{t('neighboursLink.text')}</p>
        <p>
          <Link to={`/dashboard/neighbours?${query}`} className="button secondary">
            {t('neighboursLink.open')}
          </Link>
        </p>
      </section>

      {data.cohortTotal > data.cohortRows.length ? (
        <p className="hint">{t('cohortsShown', { shown: data.cohortRows.length, total: data.cohortTotal })}</p>
      ) : null}
      <FiguresTable
        id="cohort-figures"
        table="cohorts"
        title={t('tables.cohorts')}
        rows={data.cohortRows}
        rowKey={(c) => c.id}
        showCohorts={false}
        query={query}
        lead={[
          {
            header: t('columns.cohort'),
            cell: (c) => (
              <>
                <Link to={`/cohorts/${c.id}/manage`}>{c.name}</Link> <span className="muted">{c.programCode}</span>
              </>
            ),
          },
          { header: t('columns.dates'), cell: (c) => c.dates },
          {
            header: t('columns.summaryPdf'),
            cell: (c) => (
              <a href={`/cohorts/${c.id}/summary.pdf`} download aria-label={t('cohortSummary.downloadOf', { cohort: c.name })}>
                PDF
              </a>
            ),
          },
        ]}
      />
      <FiguresTable id="program-figures" table="programs" title={t('tables.programs')} rows={figures.programs} rowKey={(r) => r.id ?? 'none'} query={query} lead={[{ header: t('columns.program'), cell: (r) => r.name ?? t('empty.none') }]} />
      <FiguresTable id="institute-figures" table="institutes" title={t('tables.institutes')} rows={figures.institutes} rowKey={(r) => r.id ?? 'none'} query={query} lead={[{ header: t('columns.institute'), cell: (r) => r.name ?? t('empty.none') }]} />
      <FiguresTable id="body-figures" table="bodies" title={t('tables.bodies')} rows={figures.bodies} rowKey={(r) => r.id ?? 'none'} query={query} lead={[{ header: t('columns.body'), cell: (r) => r.name ?? t('empty.none') }]} />

      <UpcomingSection cohorts={data.upcomingRows} more={data.upcomingMore} query={query} />
      <ExpiringSection total={data.expiringTotal} items={data.expiringRows} query={query} />
    </article>
  );
}
