import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ListTable, type ListColumn } from '~/components/list-kit';
import type { CohortView } from './cohort-view.server';

type Session = CohortView['sessions'][number];

/** The cohort's sessions in order, each with a link to edit it while the cohort can change, to project its check-in QR, and its attendance sheet. */
export function SessionTable({ cohortId, sessions, editable, printSheets = false, checkIn = false }: { cohortId: string; sessions: CohortView['sessions']; editable: boolean; printSheets?: boolean; checkIn?: boolean }) {
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
  if (printSheets) {
    columns.push({
      key: 'sheet',
      header: t('documents:attendanceSheet.column'),
      cell: (s) => (
        <a href={`/cohorts/${cohortId}/sessions/${s.id}/sheet.pdf`} download aria-label={t('documents:attendanceSheet.printSession', { position: s.position })}>
          {t('documents:attendanceSheet.print')}
        </a>
      ),
    });
  }
  if (checkIn) {
    columns.push({
      key: 'checkIn',
      header: t('checkin:projector.link'),
      cell: (s) => (
        <Link to={`/cohorts/${cohortId}/sessions/${s.id}/projector`} aria-label={t('checkin:projector.linkLabel', { n: s.position })}>
          {t('checkin:projector.link')}
        </Link>
      ),
    });
  }
  return <ListTable rows={sessions} rowKey={(s) => s.id} columns={columns} caption={t('manage.sessions')} empty={t('manage.noSessions')} />;
}
