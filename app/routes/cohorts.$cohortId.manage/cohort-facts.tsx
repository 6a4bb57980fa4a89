import { useTranslation } from 'react-i18next';
import type { CohortView } from './cohort-view.server';

/** The cohort's settings at a glance: dates, zone, venue, seats, window, partners. */
export function CohortFacts({ cohort }: { cohort: CohortView }) {
  const { t } = useTranslation('cohorts');
  return (
    <dl className="facts">
      <dt>{t('common:cohort.dates')}</dt>
      <dd>{cohort.dates}</dd>
      <dt>{t('manage.timeZone')}</dt>
      <dd>{cohort.zone}</dd>
      <dt>{t('common:cohort.venue')}</dt>
      <dd>{cohort.venue || t('manage.none')}</dd>
      <dt>{t('common:cohort.capacity')}</dt>
      <dd>{cohort.capacity}</dd>
      <dt>{t('manage.quota')}</dt>
      <dd>{cohort.quota ?? t('manage.noQuota')}</dd>
      <dt>{t('manage.window')}</dt>
      <dd>{cohort.window ?? t('manage.windowOpen')}</dd>
      <dt>{t('manage.approval')}</dt>
      <dd>{cohort.requiresApproval ? t('manage.approvalRequired') : t('manage.approvalAuto')}</dd>
      <dt>{t('common:cohort.institute')}</dt>
      <dd>{cohort.instituteName ?? t('manage.none')}</dd>
      <dt>{t('common:cohort.certificationBody')}</dt>
      <dd>{cohort.certificationBodyName ?? t('manage.none')}</dd>
      <dt>{t('manage.assessors')}</dt>
      <dd>{cohort.assessors.length ? cohort.assessors.join(', ') : t('manage.none')}</dd>
    </dl>
  );
}
