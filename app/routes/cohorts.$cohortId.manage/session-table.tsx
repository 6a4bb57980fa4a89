import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ListTable, type ListColumn } from '~/components/list-kit';
import type { CohortView } from './cohort-view.server';

type Session = CohortView['sessions'][number];

/**
 * The cohort's sessions in order; for those who take attendance, each session's roll call,
 * its check-in QR for the projector and its attendance sheet; while the cohort can change,
 * a link to edit it.
 */
export function SessionTable({
  cohortId,
  sessions,
  editable,
  attendance = false,
  checkIn = false,
  printSheets = false,
}: {
  cohortId: string;
  sessions: CohortView['sessions'];
  editable: boolean;
  attendance?: boolean;
  checkIn?: boolean;
  printSheets?: boolean;
}) {
  const { t } = useTranslation('cohorts');
  const columns: ListColumn<Session>[] = [
    { key: 'no', header: t('manage.session.no'), cell: (s) => s.position },
    { key: 'day', header: t('manage.session.day'), cell: (s) => s.day },
    { key: 'time', header: t('manage.session.time'), cell: (s) => s.time },
    {
      key: 'title',
      header: t('manage.session.title'),
      cell: (s) => (
        <>
          {t(`common:cohort.sessionKind.${s.kind}`)}: {s.title}
          {s.venueName ? <span className="hint"> — {s.venueName}</span> : null}
        </>
      ),
    },
  ];
  if (attendance || checkIn || printSheets) {
    columns.push({
      key: 'attendance',
      header: t('attendance:sessionColumn'),
      cell: (s) => (
        <ul className="cell-links">
          {attendance ? (
            <li>
              <Link to={`/cohorts/${cohortId}/sessions/${s.id}/attendance`} aria-label={t('attendance:rollCall.linkLabel', { position: s.position })}>
                {t('attendance:rollCall.link')}
              </Link>
            </li>
          ) : null}
          {checkIn ? (
            <li>
              <Link to={`/cohorts/${cohortId}/sessions/${s.id}/projector`} aria-label={t('checkin:projector.linkLabel', { n: s.position })}>
                {t('checkin:projector.link')}
              </Link>
            </li>
          ) : null}
          {printSheets ? (
            <li>
              <a href={`/cohorts/${cohortId}/sessions/${s.id}/sheet.pdf`} download aria-label={t('documents:attendanceSheet.printSession', { position: s.position })}>
                {t('documents:attendanceSheet.print')}
              </a>
            </li>
          ) : null}
        </ul>
      ),
    });
  }
  if (editable) {
    columns.push({
      key: 'edit',
      header: t('manage.session.edit'),
      cell: (s) => (
        <Link to={`/cohorts/${cohortId}/sessions/${s.id}`} aria-label={`${t('manage.session.edit')} ${s.position}`}>
          {t('manage.session.edit')}
        </Link>
      ),
    });
  }
  return <ListTable rows={sessions} rowKey={(s) => s.id} columns={columns} caption={t('manage.sessions')} empty={t('manage.noSessions')} />;
}
