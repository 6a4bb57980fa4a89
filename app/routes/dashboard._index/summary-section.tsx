import { useTranslation } from 'react-i18next';
import type { Figures } from '~/domain/dashboard/types';
import { ExportLinks } from '~/components/dashboard/export-links';
import { formatCount, formatPercent } from '~/components/dashboard/format';

/** The period at a glance: five headline figures, each with what it counts. */
export function SummarySection({ totals, query }: { totals: Figures; query: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const n = (v: number) => formatCount(v, i18n.language);
  const items: { key: string; value: string; detail: string }[] = [
    { key: 'cohorts', value: n(totals.cohorts), detail: t('summary.cohortsDetail') },
    { key: 'participants', value: n(totals.participants), detail: t('summary.participantsDetail') },
    {
      key: 'attendanceRate',
      value: formatPercent(totals.attendanceRate, i18n.language),
      detail: t('summary.attendanceDetail', { attended: n(totals.attended), expected: n(totals.expected) }),
    },
    {
      key: 'competentRate',
      value: formatPercent(totals.competentRate, i18n.language),
      detail: t('summary.competentDetail', { competent: n(totals.competent), examined: n(totals.examined) }),
    },
    {
      key: 'certificates',
      value: n(totals.competencyCertificates + totals.trainingCertificates),
      detail: t('summary.certificatesDetail', { competency: n(totals.competencyCertificates), training: n(totals.trainingCertificates) }),
    },
  ];
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">{t('summary.title')}</h2>
      <dl className="figure-cards">
        {items.map((item) => (
          <div key={item.key} className="figure-card" data-figure={item.key}>
            <dt>{t(`summary.${item.key}`)}</dt>
            <dd>
              <span className="figure-value">{item.value}</span>
              <span className="hint">{item.detail}</span>
            </dd>
          </div>
        ))}
      </dl>
      <ExportLinks table="summary" query={query} label={t('tables.summary')} />
    </section>
  );
}
