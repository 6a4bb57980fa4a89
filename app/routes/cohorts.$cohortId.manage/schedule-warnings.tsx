import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { CohortView } from './cohort-view.server';

/** Double bookings of the venue, an assessor or a participant, each linked to the other cohort. */
export function ScheduleWarnings({ warnings }: { warnings: CohortView['warnings'] }) {
  const { t } = useTranslation('cohorts');
  if (warnings.length === 0) return null;
  const other = (w: (typeof warnings)[number]) => (w.otherCohortId ? w.otherCohortName ?? '' : t('manage.otherDinas'));
  return (
    <section className="notice notice-warn" aria-labelledby="warnings-title">
      <h2 id="warnings-title">{t('manage.warnings')}</h2>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {t(`manage.warning.${w.kind}`, { subject: w.subject, other: other(w) })}
            {w.otherCohortId ? (
              <>
                {' '}
                <Link to={`/cohorts/${w.otherCohortId}/manage`}>→</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
