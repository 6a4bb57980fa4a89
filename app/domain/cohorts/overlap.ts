/**
 * Double bookings, found by comparing session times: the same venue used by two cohorts
 * at once, an assessor assigned to two exams at once, a person registered in two cohorts
 * that run at the same time. Pure: the domain gathers the cohorts, this compares them.
 */
export interface ScheduledSession {
  kind: 'training' | 'exam';
  startsAt: Date;
  endsAt: Date;
  /** A session held elsewhere than the cohort's venue. */
  venueName: string | null;
}

export interface ScheduledCohort {
  id: string;
  venueName: string | null;
  sessions: ScheduledSession[];
  assessorIds: string[];
  personIds: string[];
}

export type ScheduleWarning =
  | { kind: 'venue'; cohortId: string; venueName: string }
  | { kind: 'assessor'; cohortId: string; userId: string }
  | { kind: 'participant'; cohortId: string; personId: string };

interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/** Half-open intervals: one session ending at 12.00 and another starting then don't clash. */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

function anyOverlap(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.some((x) => b.some((y) => intervalsOverlap(x, y)));
}

export function normalizeVenue(venue: string | null | undefined): string {
  return (venue ?? '').trim().replace(/\s+/g, ' ').toLocaleLowerCase('id-ID');
}

/** Assessors are needed on exam days; a cohort without an exam session needs them throughout. */
function examSessions(cohort: ScheduledCohort): ScheduledSession[] {
  const exams = cohort.sessions.filter((s) => s.kind === 'exam');
  return exams.length > 0 ? exams : cohort.sessions;
}

export function scheduleWarnings(cohort: ScheduledCohort, others: readonly ScheduledCohort[]): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = [];
  for (const other of others) {
    if (other.id === cohort.id) continue;
    const venuesSeen = new Set<string>();
    for (const session of cohort.sessions) {
      const venue = normalizeVenue(session.venueName ?? cohort.venueName);
      if (!venue || venuesSeen.has(venue)) continue;
      const clash = other.sessions.some(
        (o) => normalizeVenue(o.venueName ?? other.venueName) === venue && intervalsOverlap(session, o),
      );
      if (clash) {
        venuesSeen.add(venue);
        warnings.push({ kind: 'venue', cohortId: other.id, venueName: (session.venueName ?? cohort.venueName)!.trim() });
      }
    }
    const sharedAssessors = cohort.assessorIds.filter((id) => other.assessorIds.includes(id));
    if (sharedAssessors.length > 0 && anyOverlap(examSessions(cohort), examSessions(other))) {
      for (const userId of sharedAssessors) warnings.push({ kind: 'assessor', cohortId: other.id, userId });
    }
    const sharedPeople = cohort.personIds.filter((id) => other.personIds.includes(id));
    if (sharedPeople.length > 0 && anyOverlap(cohort.sessions, other.sessions)) {
      for (const personId of sharedPeople) warnings.push({ kind: 'participant', cohortId: other.id, personId });
    }
  }
  return warnings;
}
