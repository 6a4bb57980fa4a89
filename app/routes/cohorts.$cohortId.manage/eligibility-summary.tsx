import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { EligibilityRule, EligibilityState } from '~/domain/attendance/eligibility';

/** "12 of 25 participants meet the attendance rule", what is still open, and the way to the matrix. */
export function EligibilitySummary({
  cohortId,
  rule,
  summary,
}: {
  cohortId: string;
  rule: EligibilityRule;
  summary: Record<EligibilityState, number> & { total: number };
}) {
  const { t } = useTranslation('eligibility');
  return (
    <>
      <p>{t('summary.rule', { percent: rule.minPercent, excused: t(rule.countsExcused ? 'summary.excusedCounts' : 'summary.excusedNotCounted') })}</p>
      {summary.total === 0 ? (
        <p>{t('summary.none')}</p>
      ) : (
        <p>
          <strong>{t('summary.counts', { eligible: summary.eligible, total: summary.total })}</strong>
          {summary.provisional || summary.notEligible ? <> {t('summary.details', { provisional: summary.provisional, notEligible: summary.notEligible })}</> : null}
        </p>
      )}
      <p>
        <Link to={`/cohorts/${cohortId}/attendance`}>{t('summary.matrix')}</Link>
      </p>
    </>
  );
}
