import { addDays } from '~/lib/dates';

/**
 * A month as weeks (Monday first) of days, each with the cohorts running that day:
 * the coordinator's calendar view. Days outside the month pad the first and last week.
 */
export interface CalendarEntry {
  id: string;
  startsOn: string;
  endsOn: string;
}

export interface CalendarDay<T> {
  date: string;
  inMonth: boolean;
  entries: T[];
}

export function parseMonth(value: string | null | undefined, fallback: string): string {
  return value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : fallback;
}

export function monthBounds(month: string): { first: string; last: string } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const first = `${month}-01`;
  const last = new Date(Date.UTC(year, mon, 0)).toISOString().slice(0, 10);
  return { first, last };
}

export function shiftMonth(month: string, by: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, mon - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

export function monthGrid<T extends CalendarEntry>(month: string, entries: readonly T[]): CalendarDay<T>[][] {
  const { first, last } = monthBounds(month);
  const weekdayOfFirst = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  let day = addDays(first, -weekdayOfFirst);
  const weeks: CalendarDay<T>[][] = [];
  while (day <= last) {
    const week: CalendarDay<T>[] = [];
    for (let i = 0; i < 7; i++) {
      const date = day;
      week.push({
        date,
        inMonth: date >= first && date <= last,
        entries: entries.filter((e) => e.startsOn <= date && e.endsOn >= date),
      });
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}
