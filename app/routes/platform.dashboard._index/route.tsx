import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CoverageBars, percentOf } from '~/components/charts/coverage-bars';
import { formatCount, formatPercent } from '~/components/dashboard/format';
import { PeriodForm } from '~/components/dashboard/period-form';
import { ListTable, Pagination } from '~/components/list-kit';
import { loadProvinceView, PROVINCE_SORT_KEYS } from '~/domain/dashboard/province.server';
import { periodQuery } from '~/domain/dashboard/period';
import type { DinasFigures } from '~/domain/dashboard/types';
import { requireActor } from '~/lib/auth.server';
import { formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('dashboard:province.title');

/** GET /platform/dashboard — every Dinas's figures for a period, side by side (platform operator only; anyone else: "not found"). */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const list = parseListParams(params, { sortKeys: PROVINCE_SORT_KEYS, defaultSort: 'name' });
  const view = await loadProvinceView(context.db, actor, { params, list });
  const locale = await i18nServer.getLocale(request);
  const query = periodQuery(view.period);
  return {
    ...view,
    sort: list.sort,
    dir: list.dir,
    query,
    // The export has every Dinas in the order on screen.
    exportQuery: `${query}&sort=${list.sort}&dir=${list.dir}`,
    periodText: formatDateRange(view.period.from, view.period.to, locale),
  };
});

type Row = Omit<DinasFigures, 'name'> & { name: string | null };

export default function ProvinceDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('dashboard');
  const locale = i18n.language;
  const n = (v: number) => formatCount(v, locale);
  const p = (v: number | null) => formatPercent(v, locale);
  const rows: Row[] = data.page.items;
  const bars = rows.map((r) => ({ label: r.shortName ?? r.name ?? '', part: r.competent, total: r.examined }));
  const chartDesc = t('province.chartDesc', {
    list: rows.length ? rows.map((r) => `${r.name}: ${p(r.competentRate)}`).join('; ') : t('trend.none'),
  });
  return (
    <article className="dashboard">
      <p className="eyebrow">
        <Link to="/platform">{t('province.back')}</Link>
      </p>
      <h1>{t('province.title')}</h1>
      <p className="muted">{t('province.intro')}</p>
      <PeriodForm period={data.period} problems={data.periodProblems} input={data.periodInput} />
      <p className="period-line">
        <strong>{t('period.showing', { period: data.periodText })}</strong> <span className="hint">{t('province.basis')}</span>
      </p>

      <section aria-labelledby="province-heading">
        <h2 id="province-heading">{t('province.tableTitle')}</h2>
        {rows.length ? (
          <div className="chart-with-table">
            <figure>
              <figcaption>{t('province.chartTitle')}</figcaption>
              <CoverageBars
                id="province-competent"
                title={t('province.chartTitle')}
                description={chartDesc}
                bars={bars}
                valueText={(b) => (b.total ? `${p(percentOf(b.part, b.total))} (${n(b.part)}/${n(b.total)})` : '–')}
              />
            </figure>
          </div>
        ) : null}
        <ListTable
          rows={rows}
          rowKey={(r) => r.dinasId ?? 'total'}
          sort={data.sort}
          dir={data.dir}
          caption={t('province.tableTitle')}
          empty={t('province.empty')}
          footer={{ ...data.total, name: null }}
          columns={[
            {
              key: 'name',
              header: t('province.columns.dinas'),
              sortable: true,
              title: true,
              cell: (r) =>
                r.name === null ? (
                  t('province.total', { count: data.page.total })
                ) : (
                  <>
                    {r.name}
                    {r.regencyCode ? <span className="muted"> ({r.regencyCode})</span> : null}
                  </>
                ),
            },
            { key: 'cohorts', header: t('figures.cohorts'), sortable: true, className: 'num', cell: (r) => n(r.cohorts) },
            { key: 'participants', header: t('figures.participants'), sortable: true, className: 'num', cell: (r) => n(r.participants) },
            { key: 'attendanceRate', header: t('figures.attendanceRate'), sortable: true, className: 'num', cell: (r) => p(r.attendanceRate) },
            {
              key: 'competentRate',
              header: t('figures.competentRate'),
              sortable: true,
              className: 'num',
              cell: (r) => `${p(r.competentRate)} (${t('figures.ofExamined', { competent: n(r.competent), examined: n(r.examined) })})`,
            },
            {
              key: 'certificates',
              header: t('province.columns.certificates'),
              sortable: true,
              className: 'num',
              cell: (r) => t('province.certificatesValue', { total: n(r.certificates), competency: n(r.competencyCertificates) }),
            },
            { key: 'cooperatives', header: t('province.columns.activeCooperatives'), sortable: true, className: 'num', cell: (r) => n(r.activeCooperatives) },
            {
              key: 'certifiedShare',
              header: t('province.columns.certifiedShare'),
              sortable: true,
              className: 'num',
              cell: (r) => `${p(r.certifiedShare)} (${n(r.certifiedCooperatives)})`,
            },
          ]}
        />
        <Pagination page={data.page.page} pages={data.page.pages} total={data.page.total} />
        <p className="hint">{t('province.certifiedHint')}</p>
        <p className="export-links">
          {t('export.download')}{' '}
          <a href={`/platform/dashboard/export/dinas.csv?${data.exportQuery}`} download aria-label={t('export.csvOf', { table: t('province.tableTitle') })}>
            CSV
          </a>{' '}
          ·{' '}
          <a href={`/platform/dashboard/export/dinas.xlsx?${data.exportQuery}`} download aria-label={t('export.xlsxOf', { table: t('province.tableTitle') })}>
            XLSX
          </a>
        </p>
      </section>
    </article>
  );
}
