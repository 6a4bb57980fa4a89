import type { CohortStatus } from '~db/schema';

/**
 * Whether a cohort takes registrations from participants and cooperatives now: it is
 * open, its window (when set) has begun and not ended, and its first session has not
 * started. Coordinators may still add people outside the window.
 */
export interface RegistrationFacts {
  status: CohortStatus;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  firstSessionStartsAt: Date | null;
}

export function registrationProblem(cohort: RegistrationFacts, now: Date): string | null {
  if (cohort.status !== 'open') return 'cohorts:registration.notOpen';
  if (cohort.registrationOpensAt && now < cohort.registrationOpensAt) return 'cohorts:registration.notYetOpen';
  if (cohort.registrationClosesAt && now >= cohort.registrationClosesAt) return 'cohorts:registration.windowClosed';
  if (cohort.firstSessionStartsAt && now >= cohort.firstSessionStartsAt) return 'cohorts:registration.windowClosed';
  return null;
}
