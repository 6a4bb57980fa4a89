import type { AttendanceStatus, SessionKind } from '~db/schema';

/**
 * The attendance rule: may a participant sit the exam and get a training certificate?
 *
 * - Only TRAINING sessions count; an exam session's attendance is not part of the rule.
 * - Attended = present or late, and excused too when the program says so
 *   (`attendance_counts_excused`).
 * - The rate is attended / all training sessions of the cohort, compared in whole numbers
 *   (attended × 100 ≥ minimum × total), so 90 % of 3 sessions needs all 3.
 * - The answer is FINAL only when every training session has a mark for the person: no one
 *   is declared eligible on sessions still to come, and no one loses eligibility because a
 *   roll call has not been entered yet. Two exceptions decide early: when even attending
 *   every unmarked session could not reach the minimum, the answer is a final "not eligible";
 *   a cohort without training sessions asks for nothing (final "eligible", no rate).
 * - Until then the answer is PROVISIONAL ("sementara") with the rate so far: attended over
 *   the training sessions that are marked or have ended. An ended session without a mark
 *   counts as absent in that rate (attendance not recorded is not attendance proven) and is
 *   reported as `unrecorded`, so staff see which marks are missing.
 */

export type EligibilityState = 'eligible' | 'notEligible' | 'provisional';

export interface EligibilityRule {
  minPercent: number;
  countsExcused: boolean;
}

export interface SessionForRule {
  id: string;
  kind: SessionKind;
  endsAt: Date;
}

export interface Eligibility {
  state: EligibilityState;
  /** Training sessions attended (by the program's rule). */
  attended: number;
  /** Training sessions of the cohort. */
  total: number;
  /** Training sessions with a mark for this person. */
  marked: number;
  /** Training sessions that ended without a mark for this person. */
  unrecorded: number;
  /** The sessions the rate is over: all of them when final, those marked or ended when provisional. */
  counted: number;
  /** Whole percent, rounded down (so 89.9 % never shows as 90 %); null when nothing counts yet. */
  percent: number | null;
}

export function countsAsAttended(status: AttendanceStatus, rule: Pick<EligibilityRule, 'countsExcused'>): boolean {
  return status === 'present' || status === 'late' || (status === 'excused' && rule.countsExcused);
}

const floorPercent = (part: number, whole: number) => (whole === 0 ? null : Math.floor((part * 100) / whole));

/** The rule for one participant, from the cohort's sessions and their marks (session id → status). */
export function eligibilityOf(
  sessions: readonly SessionForRule[],
  marks: ReadonlyMap<string, AttendanceStatus>,
  rule: EligibilityRule,
  now: Date,
): Eligibility {
  const training = sessions.filter((s) => s.kind === 'training');
  const total = training.length;
  let attended = 0;
  let marked = 0;
  let unrecorded = 0;
  let ended = 0;
  for (const session of training) {
    const status = marks.get(session.id);
    if (status) {
      marked++;
      if (countsAsAttended(status, rule)) attended++;
    } else if (session.endsAt.getTime() <= now.getTime()) {
      unrecorded++;
    }
    if (status || session.endsAt.getTime() <= now.getTime()) ended++;
  }
  const reaches = (n: number) => n * 100 >= rule.minPercent * total;
  if (total === 0) return { state: 'eligible', attended, total, marked, unrecorded, counted: 0, percent: null };
  if (marked === total) {
    return { state: reaches(attended) ? 'eligible' : 'notEligible', attended, total, marked, unrecorded, counted: total, percent: floorPercent(attended, total) };
  }
  // Even attending every session still without a mark would not be enough: decided already.
  if (!reaches(attended + (total - marked))) {
    return { state: 'notEligible', attended, total, marked, unrecorded, counted: total, percent: floorPercent(attended, total) };
  }
  return { state: 'provisional', attended, total, marked, unrecorded, counted: ended, percent: floorPercent(attended, ended) };
}

/** How many of a cohort's participants are eligible, not eligible and still open. */
export function eligibilitySummary(results: readonly Pick<Eligibility, 'state'>[]): Record<EligibilityState, number> & { total: number } {
  const summary = { eligible: 0, notEligible: 0, provisional: 0, total: results.length };
  for (const r of results) summary[r.state]++;
  return summary;
}
