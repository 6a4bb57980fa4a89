import { useTranslation } from 'react-i18next';
import type { OwnExamResult } from '~/domain/assessment/views';

/** A participant's own final exam result: the outcome and each unit's K / BK. */
export function OwnResult({ result, examDate }: { result: OwnExamResult; examDate: string | null }) {
  const { t } = useTranslation('assessment');
  const headingId = `exam-result-${result.enrollmentId}`;
  return (
    <section aria-labelledby={headingId} className="own-result">
      <h3 id={headingId}>{t('own.title')}</h3>
      <p>
        <strong>{t(`outcome.${result.outcome}`)}</strong>
        {examDate ? <> · {t('own.examDate', { date: examDate })}</> : null}
      </p>
      {result.outcome === 'did_not_attend' ? null : (
        <ul>
          {result.units.map((u) => (
            <li key={u.code}>
              <code>{u.code}</code> {u.title}: <strong>{u.result ? t(`unitResult.${u.result}`) : '—'}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
