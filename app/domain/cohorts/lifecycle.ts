import type { CohortStatus } from '~db/schema';

/**
 * A cohort's lifecycle: draft → open for registration → registration closed → in
 * progress → completed, or cancelled (with a reason) from any state before completed.
 * Each step has its condition; the answer is an i18n key naming what is missing.
 */
export const NEXT_STATUSES: Record<CohortStatus, readonly CohortStatus[]> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'in_progress', 'cancelled'],
  closed: ['open', 'in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export interface LifecycleFacts {
  now: Date;
  /** Today in the cohort's time zone, 'YYYY-MM-DD'. */
  today: string;
  sessionCount: number;
  firstSessionStartsAt: Date | null;
  /** The calendar date of the first session in the cohort's zone. */
  firstSessionDate: string | null;
  lastSessionEndsAt: Date | null;
  registrationClosesAt: Date | null;
  cancelReason?: string | null;
}

/** Why the cohort can't move from one status to another, or null when it can. */
export function transitionProblem(from: CohortStatus, to: CohortStatus, facts: LifecycleFacts): string | null {
  if (!NEXT_STATUSES[from].includes(to)) return 'cohorts:lifecycle.notAllowed';
  switch (to) {
    case 'open':
      if (facts.sessionCount === 0 || !facts.firstSessionStartsAt) return 'cohorts:lifecycle.noSessions';
      if (facts.firstSessionStartsAt <= facts.now) return 'cohorts:lifecycle.alreadyStarted';
      if (facts.registrationClosesAt && facts.registrationClosesAt <= facts.now) return 'cohorts:lifecycle.windowOver';
      return null;
    case 'closed':
      return null;
    case 'in_progress':
      if (facts.sessionCount === 0 || !facts.firstSessionDate) return 'cohorts:lifecycle.noSessions';
      if (facts.today < facts.firstSessionDate) return 'cohorts:lifecycle.notStarted';
      return null;
    case 'completed':
      if (!facts.lastSessionEndsAt) return 'cohorts:lifecycle.noSessions';
      if (facts.now < facts.lastSessionEndsAt) return 'cohorts:lifecycle.notEnded';
      return null;
    case 'cancelled':
      if (!facts.cancelReason?.trim()) return 'cohorts:lifecycle.reasonRequired';
      return null;
    default:
      return 'cohorts:lifecycle.notAllowed';
  }
}

/** The statuses shown as next steps, each with what still blocks it (null when none). */
export function nextSteps(from: CohortStatus, facts: LifecycleFacts): { to: CohortStatus; problem: string | null }[] {
  return NEXT_STATUSES[from]
    .filter((to) => to !== 'cancelled')
    .map((to) => ({ to, problem: transitionProblem(from, to, facts) }));
}

/** A cohort still accepts changes to its plan and its participants. */
export function isActiveCohort(status: CohortStatus): boolean {
  return status !== 'completed' && status !== 'cancelled';
}
