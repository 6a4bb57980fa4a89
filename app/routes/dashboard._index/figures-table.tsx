import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardTable } from '~/domain/dashboard/tables';
import type { Figures } from '~/domain/dashboard/types';
import { ExportLinks } from '~/components/dashboard/export-links';
import { formatCount, formatPercent } from '~/components/dashboard/format';

/**
 * A table of figures, one row per cohort, program, institute or body: the leading columns
 * are the caller's, the figures the same everywhere, so rows compare at a glance.
 */
export function FiguresTable<Row extends Figures>({
  id,
  table,
  title,
  rows,
  lead,
  rowKey,
  showCohorts = true,
  query,
}: {
  id: string;
  table: DashboardTable;
  title: string;
  rows: Row[];
  lead: { header: string; cell: (row: Row) => ReactNode }[];
  rowKey: (row: Row) => string;
  showCohorts?: boolean;
  query: string;
}) {
  const { t, i18n } = useTranslation('dashboard');
  const n = (v: number) => formatCount(v, i18n.language);
  const p = (v: number | null) => formatPercent(v, i18n.language);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('empty.period')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact-table" id={id}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {lead.map((c) => (
                  <th key={c.header} scope="col">
                    {c.header}
                  </th>
                ))}
                {showCohorts ? <th scope="col">{t('figures.cohorts')}</th> : null}
                <th scope="col">{t('figures.participants')}</th>
                <th scope="col">{t('figures.attendanceRate')}</th>
                <th scope="col">{t('figures.competentOfExamined')}</th>
                <th scope="col">{t('figures.competentRate')}</th>
                <th scope="col">{t('figures.competencyCertificates')}</th>
                <th scope="col">{t('figures.trainingCertificates')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {lead.map((c, i) =>
                    i === 0 ? (
                      <th key={c.header} scope="row">
                        {c.cell(row)}
                      </th>
                    ) : (
                      <td key={c.header}>{c.cell(row)}</td>
                    ),
                  )}
                  {showCohorts ? <td className="num">{n(row.cohorts)}</td> : null}
                  <td className="num">{n(row.participants)}</td>
                  <td className="num">{p(row.attendanceRate)}</td>
                  <td className="num">{t('figures.ofExamined', { competent: n(row.competent), examined: n(row.examined) })}</td>
                  <td className="num">{p(row.competentRate)}</td>
                  <td className="num">{n(row.competencyCertificates)}</td>
                  <td className="num">{n(row.trainingCertificates)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ExportLinks table={table} query={query} label={title} />
    </section>
  );
}
