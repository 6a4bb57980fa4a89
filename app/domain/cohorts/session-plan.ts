import { addDays, zonedTimeToUtc, type IndonesianTimeZone } from '~/lib/dates';

export interface PlannedDay {
  dayNumber: number;
  kind: 'training' | 'exam';
  title: string;
  topics: string | null;
  /** 'HH:MM' or 'HH:MM:SS', wall-clock time in the cohort's zone */
  startsAtTime: string;
  endsAtTime: string;
}

export interface PlannedSession {
  position: number;
  kind: 'training' | 'exam';
  title: string;
  topics: string | null;
  startsAt: Date;
  endsAt: Date;
}

/**
 * A cohort's sessions from its program's day plan: day N falls on the start date plus
 * N−1 days, at the plan's local times in the cohort's zone, stored as UTC instants.
 */
export function planSessions(days: PlannedDay[], startsOn: string, timeZone: IndonesianTimeZone): PlannedSession[] {
  return [...days]
    .sort((a, b) => a.dayNumber - b.dayNumber)
    .map((day, index) => {
      const date = addDays(startsOn, day.dayNumber - 1);
      return {
        position: index + 1,
        kind: day.kind,
        title: day.title,
        topics: day.topics,
        startsAt: zonedTimeToUtc(date, day.startsAtTime, timeZone),
        endsAt: zonedTimeToUtc(date, day.endsAtTime, timeZone),
      };
    });
}

/** The last calendar day a day plan occupies. */
export function planEndDate(days: PlannedDay[], startsOn: string): string {
  const last = Math.max(1, ...days.map((d) => d.dayNumber));
  return addDays(startsOn, last - 1);
}
