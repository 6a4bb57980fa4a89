/**
 * The RAT (Rapat Anggota Tahunan) rule. The meeting for fiscal year Y is held in the
 * following year and is on time when held by 30 June of Y+1 (six months after the books
 * close). A cooperative is "up to date" when last year's meeting is recorded, and healthy
 * after three on-time years in a row. Pure: unit-tested without a database.
 */

export const RAT_DEADLINE_MONTH_DAY = '06-30';
export const HEALTHY_CONSECUTIVE_YEARS = 3;

export interface AnnualMeetingRecord {
  fiscalYear: number;
  /** 'YYYY-MM-DD'; null when only the fiscal year is known (an imported "RAT 2025"): held, on a day unknown. */
  heldOn: string | null;
}

export interface RatStanding {
  /** The fiscal year whose meeting is expected now: the year before today's. */
  lastFiscalYear: number;
  /** No meeting recorded for lastFiscalYear: the registry flags it. */
  missingLastYear: boolean;
  /** lastFiscalYear's meeting is not yet late (today is on or before its deadline). */
  lastYearStillDue: boolean;
  /** Consecutive fiscal years, counted back from the newest one that counts, with an on-time meeting. */
  consecutiveOnTime: number;
  healthy: boolean;
  /** The newest fiscal year with a recorded meeting, if any. */
  latestFiscalYear: number | null;
}

export function ratDeadline(fiscalYear: number): string {
  return `${fiscalYear + 1}-${RAT_DEADLINE_MONTH_DAY}`;
}

/** Held by the deadline; a meeting whose day is unknown is not counted as on time (nor shown as late). */
export function isOnTime(meeting: AnnualMeetingRecord): boolean {
  return meeting.heldOn !== null && meeting.heldOn > `${meeting.fiscalYear}-12-31` && meeting.heldOn <= ratDeadline(meeting.fiscalYear);
}

/** The fiscal year whose meeting a cooperative should have held by now. */
export function lastFiscalYearOf(today: string): number {
  return Number(today.slice(0, 4)) - 1;
}

export function ratStanding(meetings: readonly AnnualMeetingRecord[], today: string): RatStanding {
  const lastFiscalYear = lastFiscalYearOf(today);
  const byYear = new Map(meetings.map((m) => [m.fiscalYear, m]));
  const missingLastYear = !byYear.has(lastFiscalYear);
  const lastYearStillDue = missingLastYear && today <= ratDeadline(lastFiscalYear);
  // While last year's meeting is still due, the streak is counted from the year before.
  let year = missingLastYear && lastYearStillDue ? lastFiscalYear - 1 : lastFiscalYear;
  let consecutiveOnTime = 0;
  for (;;) {
    const meeting = byYear.get(year);
    if (!meeting || !isOnTime(meeting)) break;
    consecutiveOnTime++;
    year--;
  }
  const years = meetings.map((m) => m.fiscalYear);
  return {
    lastFiscalYear,
    missingLastYear,
    lastYearStillDue,
    consecutiveOnTime,
    healthy: consecutiveOnTime >= HEALTHY_CONSECUTIVE_YEARS,
    latestFiscalYear: years.length ? Math.max(...years) : null,
  };
}

/** Whether a meeting date fits its fiscal year: after the books close, not in the future. */
export function meetingDateProblem(fiscalYear: number, heldOn: string, today: string): 'beforeYearEnd' | 'future' | null {
  if (heldOn <= `${fiscalYear}-12-31`) return 'beforeYearEnd';
  if (heldOn > today) return 'future';
  return null;
}
