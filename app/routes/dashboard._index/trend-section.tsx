import { useTranslation } from 'react-i18next';
import { BarChart } from '~/components/charts/bar-chart';
import { PercentLineChart } from '~/components/charts/line-chart';
import type { MonthFigures } from '~/domain/dashboard/types';
import { ExportLinks } from '~/components/dashboard/export-links';
import { formatCount, formatPercent, monthLabel, monthName } from '~/components/dashboard/format';

/** Participants and competent rate by month of the cohorts' start: two charts, the numbers in a table beside them. */
export function TrendSection({ months, query }: { months: MonthFigures[]; query: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const locale = i18n.language;
  const withYear = new Set(months.map((m) => m.month.slice(0, 4))).size > 1;
  const participants = months.map((m) => ({ label: monthLabel(m.month, locale, withYear), value: m.participants, text: m.participants ? formatCount(m.participants, locale) : '' }));
  const rates = months.map((m) => ({ label: monthLabel(m.month, locale, withYear), value: m.competentRate, text: formatPercent(m.competentRate, locale) }));
  const said = (list: string[]) => (list.length ? list.join('; ') : t('trend.none'));
  const participantsDesc = t('trend.participantsDesc', {
    list: said(months.filter((m) => m.participants > 0).map((m) => `${monthName(m.month, locale)}: ${formatCount(m.participants, locale)}`)),
  });
  const ratesDesc = t('trend.competentDesc', {
    list: said(months.filter((m) => m.competentRate !== null).map((m) => `${monthName(m.month, locale)}: ${formatPercent(m.competentRate, locale)}`)),
  });
  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">{t('trend.title')}</h2>
      <p className="hint">{t('trend.intro')}</p>
      <div className="chart-with-table">
        <figure>
          <figcaption>{t('trend.participantsTitle')}</figcaption>
          <div className="chart-scroll">
            <BarChart title={t('trend.participantsTitle')} description={participantsDesc} points={participants} formatTick={(v) => formatCount(v, locale)} />
          </div>
        </figure>
        <figure>
          <figcaption>{t('trend.competentTitle')}</figcaption>
          <div className="chart-scroll">
            <PercentLineChart title={t('trend.competentTitle')} description={ratesDesc} points={rates} formatTick={(v) => formatPercent(v, locale)} />
          </div>
        </figure>
        <div className="table-wrap">
          <table className="compact-table">
            <caption>{t('tables.months')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.month')}</th>
                <th scope="col">{t('figures.participants')}</th>
                <th scope="col">{t('figures.examined')}</th>
                <th scope="col">{t('figures.competent')}</th>
                <th scope="col">{t('figures.competentRate')}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthName(m.month, locale)}</th>
                  <td className="num">{formatCount(m.participants, locale)}</td>
                  <td className="num">{formatCount(m.examined, locale)}</td>
                  <td className="num">{formatCount(m.competent, locale)}</td>
                  <td className="num">{formatPercent(m.competentRate, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ExportLinks table="months" query={query} label={t('tables.months')} />
        </div>
      </div>
    </section>
  );
}
