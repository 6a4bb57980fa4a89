import { TIME_ZONES, zonedTimeToUtc, type IndonesianTimeZone } from '~/lib/dates';

/** Wall-clock dates and times in a cohort's zone, for forms ('YYYY-MM-DD', 'HH:MM', 'YYYY-MM-DDTHH:MM'). */
export function localDateTime(instant: Date, timeZone: IndonesianTimeZone): { date: string; time: string } {
  const iso = new Date(instant.getTime() + TIME_ZONES[timeZone].offsetHours * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export function toLocalInput(instant: Date | null, timeZone: IndonesianTimeZone): string | undefined {
  if (!instant) return undefined;
  const { date, time } = localDateTime(instant, timeZone);
  return `${date}T${time}`;
}

export function fromLocalInput(value: string | undefined | null, timeZone: IndonesianTimeZone): Date | null {
  if (!value) return null;
  const [date, time] = value.split('T');
  return zonedTimeToUtc(date!, time!.slice(0, 5), timeZone);
}

/** Whole days from one 'YYYY-MM-DD' to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
