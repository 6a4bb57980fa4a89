import { Form, Link, useLocation, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentSource, EnrollmentStatus } from '~db/schema';
import { EligibilityStatus } from '~/components/attendance/eligibility-status';
import { ListTable, type ListColumn } from '~/components/list-kit';
import type { Eligibility } from '~/domain/attendance/eligibility';

export interface ParticipantItem {
  enrollmentId: string;
  name: string;
  nik: string;
  cooperativeName: string | null;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  registeredAt: string;
  place: number;
  reason: string | null;
  hasEmail: boolean;
  /** A confirmed participant's standing against the attendance rule; null for other registrations. */
  eligibility: Eligibility | null;
}

/**
 * One page of registrations. For the coordinator of an active cohort it is one form:
 * a checkbox per row for the bulk decisions below, and each row's own actions. Rejecting
 * and withdrawing lead to a confirmation step (with the reason), never act at once.
 * On a phone each row is a card (the list kit's stack-table).
 */
export function ParticipantsTable({
  items,
  sort,
  dir,
  manage,
  cohortId,
}: {
  cohortId: string;
  items: readonly ParticipantItem[];
  sort: string;
  dir: 'asc' | 'desc';
  manage: boolean;
}) {
  const { t } = useTranslation('cohorts');
  const location = useLocation();
  const busy = useNavigation().state === 'submitting';
  const confirmLink = (kind: 'reject' | 'cancel', enrollmentId: string) => {
    const search = new URLSearchParams(location.search);
    search.set('confirm', kind);
    search.delete('enrollment');
    search.append('enrollment', enrollmentId);
    return `${location.pathname}?${search}`;
  };
  const columns: ListColumn<ParticipantItem>[] = [
    ...(manage
      ? [
          {
            key: 'select',
            header: t('participants.select'),
            cell: (p: ParticipantItem) => (
              <input type="checkbox" name="enrollment" value={p.enrollmentId} aria-label={t('participants.selectPerson', { name: p.name })} />
            ),
          },
        ]
      : []),
    { key: 'arrival', header: t('participants.arrival'), sortable: true, cell: (p) => p.place },
    {
      key: 'name',
      header: t('participants.name'),
      sortable: true,
      title: true,
      cell: (p) => (
        <>
          {p.name}
          <br />
          <span className="hint">{p.registeredAt}</span>
          {!p.hasEmail ? (
            <>
              <br />
              <span className="badge badge-unnotified">{t('participants.notNotified')}</span>
              {manage ? (
                <>
                  {' '}
                  <Link to={`/cohorts/${cohortId}/participants/${p.enrollmentId}/notice`}>{t('participants.notice', { name: p.name })}</Link>
                </>
              ) : null}
            </>
          ) : null}
        </>
      ),
    },
    { key: 'nik', header: t('participants.nik'), cell: (p) => <code>{p.nik}</code> },
    { key: 'cooperative', header: t('participants.cooperative'), sortable: true, cell: (p) => p.cooperativeName ?? '—' },
    {
      key: 'status',
      header: t('participants.status'),
      sortable: true,
      cell: (p) => (
        <>
          <span className={`badge badge-${p.status}`}>{t(`enrollmentStatus.${p.status}`)}</span>
          {p.reason ? <span className="hint"> {p.reason}</span> : null}
        </>
      ),
    },
    { key: 'source', header: t('participants.source'), cell: (p) => t(`source.${p.source}`) },
    {
      key: 'attendance',
      header: t('eligibility:participant.column'),
      cell: (p) => (p.eligibility ? <EligibilityStatus eligibility={p.eligibility} /> : '—'),
    },
    ...(manage
      ? [
          {
            key: 'decide',
            header: t('participants.actions'),
            className: 'row-buttons',
            cell: (p: ParticipantItem) => (
              <>
                {p.status === 'pending' ? (
                  <button type="submit" name="intent" value={`approve:${p.enrollmentId}`} className="button small" disabled={busy}>
                    {t('participants.approve')}
                  </button>
                ) : null}{' '}
                {p.status === 'pending' || p.status === 'waitlisted' ? (
                  <Link to={confirmLink('reject', p.enrollmentId)} className="button secondary small" aria-label={t('participants.rejectPerson', { name: p.name })}>
                    {t('participants.reject')}
                  </Link>
                ) : null}{' '}
                {['pending', 'confirmed', 'waitlisted'].includes(p.status) ? (
                  <Link to={confirmLink('cancel', p.enrollmentId)} className="button secondary small" aria-label={t('participants.cancelPerson', { name: p.name })}>
                    {t('participants.cancel')}
                  </Link>
                ) : null}
              </>
            ),
          },
        ]
      : []),
  ];
  return (
    <Form method="post" action={`${location.pathname}${location.search}`} id="participants-form">
      <ListTable rows={items} rowKey={(p) => p.enrollmentId} sort={sort} dir={dir} caption={t('participants.title')} columns={columns} />
      {manage ? (
        <div className="bulk-actions">
          <button type="submit" name="intent" value="approve" className="button" disabled={busy}>
            {t('participants.approveSelected')}
          </button>{' '}
          <button type="submit" name="intent" value="reject" className="button secondary" disabled={busy}>
            {t('participants.rejectSelected')}
          </button>
        </div>
      ) : null}
    </Form>
  );
}
