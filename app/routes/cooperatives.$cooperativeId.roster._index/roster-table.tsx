import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/** A roster entry as the page shows it: dates already formatted, the NIK masked unless the reader may see it. */
export interface RosterRow {
  positionId: string;
  fullName: string;
  nik: string;
  position: string;
  startsOn: string | null;
  endsOn: string | null;
  /** Valid certificates expiring within 90 days (date formatted). */
  expiring?: { number: string; validUntil: string }[];
}

/** Current or past positions, with an edit link for those who manage the roster. */
export function RosterTable({ entries, canManage, cooperativeId, past }: { entries: RosterRow[]; canManage: boolean; cooperativeId: string; past?: boolean }) {
  const { t } = useTranslation('cooperatives');
  return (
    <div className="table-wrap">
      <table className="stack-table">
        <thead>
          <tr>
            <th scope="col">{t('roster.name')}</th>
            <th scope="col">{t('roster.nik')}</th>
            <th scope="col">{t('roster.position')}</th>
            <th scope="col">{t('roster.startsOn')}</th>
            {past ? <th scope="col">{t('roster.endsOn')}</th> : null}
            {canManage ? <th scope="col">{t('roster.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.positionId}>
              <td className="stack-title">
                {e.fullName}
                {!past && e.expiring?.length
                  ? e.expiring.map((x) => (
                      <span key={x.number} className="badge badge-expiring" title={x.number}>
                        {t('roster.certificateExpiring', { date: x.validUntil })}
                      </span>
                    ))
                  : null}
              </td>
              <td data-label={t('roster.nik')}>
                <code>{e.nik}</code>
              </td>
              <td data-label={t('roster.position')}>{e.position}</td>
              <td data-label={t('roster.startsOn')}>{e.startsOn ?? '—'}</td>
              {past ? <td data-label={t('roster.endsOn')}>{e.endsOn ?? '—'}</td> : null}
              {canManage ? (
                <td>
                  <Link to={`/cooperatives/${cooperativeId}/roster/${e.positionId}`} aria-label={t('roster.editLabel', { name: e.fullName })}>
                    {t('roster.edit')}
                  </Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
