import { useTranslation } from 'react-i18next';
import type { AttendanceStatus } from '~db/schema';
import type { Eligibility } from '~/domain/attendance/eligibility';

/** "3/3 · 100% · Memenuhi syarat": a participant against the attendance rule, with what is still open. */
export function EligibilityStatus({ eligibility }: { eligibility: Eligibility }) {
  const { t } = useTranslation('eligibility');
  const { attended, total, percent, state, unrecorded, counted } = eligibility;
  if (total === 0) return <span className="hint">{t('participant.noTraining')}</span>;
  return (
    <span className="eligibility">
      {percent === null ? t('participant.lineNoRate', { attended, total }) : t('participant.line', { attended, total, percent })}{' '}
      <span className={`badge badge-eligibility-${state}`}>{t(`state.${state}`)}</span>
      {state === 'provisional' ? <span className="hint"> {t('participant.provisionalHint', { counted, total })}</span> : null}
      {unrecorded > 0 ? <span className="hint"> {t('participant.unrecorded', { count: unrecorded })}</span> : null}
    </span>
  );
}

/** One cell of the matrix: the symbol for the eye, the word for a screen reader. */
export function AttendanceMark({ status }: { status: AttendanceStatus | null }) {
  const { t } = useTranslation('eligibility');
  const key = status ?? 'none';
  return (
    <span className={`mark mark-${key}`}>
      <span aria-hidden="true">{t(`symbol.${key}`)}</span>
      <span className="visually-hidden">{t(`status.${key}`)}</span>
    </span>
  );
}

const LEGEND: (AttendanceStatus | 'none')[] = ['present', 'late', 'excused', 'absent', 'none'];

/** What each symbol of the matrix means. */
export function AttendanceLegend() {
  const { t } = useTranslation('eligibility');
  return (
    <dl className="mark-legend">
      {LEGEND.map((key) => (
        <div key={key}>
          <dt className={`mark mark-${key}`}>{t(`symbol.${key}`)}</dt>
          <dd>{t(`status.${key}`)}</dd>
        </div>
      ))}
    </dl>
  );
}
