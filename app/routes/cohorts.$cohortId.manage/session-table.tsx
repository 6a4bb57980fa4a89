import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { CohortView } from './cohort-view.server';

/** The cohort's sessions in order, each with a link to edit it while the cohort can change. */
export function SessionTable({ cohortId, sessions, editable }: { cohortId: string; sessions: CohortView['sessions']; editable: boolean }) {
  const { t } = useTranslation('cohorts');
  if (sessions.length === 0) return <p>{t('manage.noSessions')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('manage.session.no')}</th>
            <th scope="col">{t('manage.session.day')}</th>
            <th scope="col">{t('manage.session.time')}</th>
            <th scope="col">{t('manage.session.title')}</th>
            {editable ? <th scope="col">{t('manage.session.edit')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.position}</td>
              <td>{s.day}</td>
              <td>{s.time}</td>
              <td>
                {t(`common:cohort.sessionKind.${s.kind}`)}: {s.title}
                {s.venueName ? <span className="hint"> — {s.venueName}</span> : null}
              </td>
              {editable ? (
                <td>
                  <Link to={`/cohorts/${cohortId}/sessions/${s.id}`} aria-label={`${t('manage.session.edit')} ${s.position}`}>
                    {t('manage.session.edit')}
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
