import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortStatusBadge } from '~/components/cohort-status';
import type { ExpiringCertificate, UpcomingCohort } from '~/domain/dashboard/types';
import { ExportLinks } from '~/components/dashboard/export-links';
import { formatCount, formatPercent } from '~/components/dashboard/format';

/** Cohorts still to start, with how full they are. Dates arrive formatted by the loader. */
export function UpcomingSection({ cohorts, more, query }: { cohorts: (UpcomingCohort & { dates: string })[]; more: boolean; query: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <section aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">{t('tables.upcoming')}</h2>
      {more ? <p className="hint">{t('upcomingShown', { shown: formatCount(cohorts.length, i18n.language) })}</p> : null}
      {cohorts.length === 0 ? (
        <p className="muted">{t('empty.upcoming')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact-table">
            <caption className="visually-hidden">{t('tables.upcoming')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.cohort')}</th>
                <th scope="col">{t('columns.dates')}</th>
                <th scope="col">{t('columns.status')}</th>
                <th scope="col">{t('columns.seats')}</th>
                <th scope="col">{t('columns.fillRate')}</th>
                <th scope="col">{t('columns.waiting')}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cohorts/${c.id}/manage`}>{c.name}</Link> <span className="muted">{c.programCode}</span>
                  </th>
                  <td>{c.dates}</td>
                  <td>
                    <CohortStatusBadge status={c.status} />
                  </td>
                  <td className="num">{t('columns.seatsValue', { confirmed: n(c.confirmed), capacity: n(c.capacity) })}</td>
                  <td className="num">
                    <meter min={0} max={100} value={Math.min(100, c.fillRate ?? 0)} aria-label={t('columns.fillRateOf', { cohort: c.name })}>
                      {formatPercent(c.fillRate, i18n.language)}
                    </meter>{' '}
                    {formatPercent(c.fillRate, i18n.language)}
                  </td>
                  <td className="num">{t('columns.waitingValue', { waitlisted: n(c.waitlisted), pending: n(c.pending) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ExportLinks table="upcoming" query={query} label={t('tables.upcoming')} />
    </section>
  );
}

/** Valid certificates that run out within 90 days, soonest first. */
export function ExpiringSection({ total, items, query }: { total: number; items: (ExpiringCertificate & { validUntilText: string })[]; query: string }) {
  const { t, i18n } = useTranslation('dashboard');
  return (
    <section aria-labelledby="expiring-heading">
      <h2 id="expiring-heading">{t('tables.expiring')}</h2>
      <p className="hint">{t('expiring.count', { count: total, shown: formatCount(items.length, i18n.language) })}</p>
      {items.length === 0 ? null : (
        <div className="table-wrap">
          <table className="compact-table">
            <caption className="visually-hidden">{t('tables.expiring')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.holder')}</th>
                <th scope="col">{t('columns.validUntil')}</th>
                <th scope="col">{t('columns.cooperative')}</th>
                <th scope="col">{t('columns.kind')}</th>
                <th scope="col">{t('columns.number')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.holder}</th>
                  <td>{c.validUntilText}</td>
                  <td>{c.cooperative ?? '—'}</td>
                  <td>{t(`kind.${c.kind}`)}</td>
                  <td>
                    <Link to={`/certificates/${c.id}`}>
                      <code>{c.number}</code>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ExportLinks table="expiring" query={query} label={t('tables.expiring')} />
    </section>
  );
}
