/**
 * Dates are stored in UTC and shown in the cohort's zone, the Indonesian way
 * ("12 November 2026"). Indonesia's three zones have fixed offsets and no daylight
 * saving, so local wall-clock times convert to UTC by plain arithmetic.
 */
export const TIME_ZONES = {
  'Asia/Jakarta': { label: 'WIB', offsetHours: 7 },
  'Asia/Makassar': { label: 'WITA', offsetHours: 8 },
  'Asia/Jayapura': { label: 'WIT', offsetHours: 9 },
} as const;

export type IndonesianTimeZone = keyof typeof TIME_ZONES;

/** The zones as a list (for zod enums and pickers), and the zone of data that has none of its own. */
export const TIME_ZONE_IDS = Object.keys(TIME_ZONES) as [IndonesianTimeZone, ...IndonesianTimeZone[]];
export const DEFAULT_TIME_ZONE: IndonesianTimeZone = 'Asia/Jakarta';

export function isIndonesianTimeZone(value: unknown): value is IndonesianTimeZone {
  return typeof value === 'string' && value in TIME_ZONES;
}

export function zoneLabel(timeZone: IndonesianTimeZone): string {
  return TIME_ZONES[timeZone].label;
}

type DateInput = Date | string;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A 'YYYY-MM-DD' calendar date is a day, not an instant: read it at noon UTC. */
function toInstant(value: DateInput): Date {
  if (value instanceof Date) return value;
  if (CALENDAR_DATE.test(value)) return new Date(`${value}T12:00:00Z`);
  return new Date(value);
}

function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'id-ID';
}

/** The formats the portal shows dates in, by name: their formatters are found without serializing options per call. */
const FORMATS = {
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  shortDate: { day: 'numeric', month: 'short', year: 'numeric' },
  weekdayDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  // The first day of a range within one month or one year (formatDateRange).
  day: { day: 'numeric' },
  dayMonth: { day: 'numeric', month: 'long' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One `Intl.DateTimeFormat` per format, locale and zone, made once: building one costs tens
 * of microseconds, which a long list or a PDF of many rows would pay per cell.
 */
function formatterOf(format: keyof typeof FORMATS, locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${format}|${locale}|${timeZone}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(intlLocale(locale), { ...FORMATS[format], timeZone });
    formatters.set(key, cached);
  }
  return cached;
}

/** A calendar date is the same day everywhere: it is formatted in UTC, where toInstant put it. */
function zoneFor(value: DateInput, timeZone: IndonesianTimeZone): string {
  return typeof value === 'string' && CALENDAR_DATE.test(value) ? 'UTC' : timeZone;
}

/** "12 November 2026" (or "12 November 2026" in English, day first as well). */
export function formatDate(value: DateInput, timeZone: IndonesianTimeZone, locale = 'id'): string {
  return formatterOf('date', locale, zoneFor(value, timeZone)).format(toInstant(value));
}

/** "12 Nov 2026": a day in a narrow place (a table's column header). */
export function formatShortDate(value: DateInput, timeZone: IndonesianTimeZone, locale = 'id'): string {
  return formatterOf('shortDate', locale, zoneFor(value, timeZone)).format(toInstant(value));
}

/** "Kamis, 12 November 2026" */
export function formatDateWithWeekday(value: DateInput, timeZone: IndonesianTimeZone, locale = 'id'): string {
  return formatterOf('weekdayDate', locale, zoneFor(value, timeZone)).format(toInstant(value));
}

/** "08.00 WIB" */
export function formatTime(value: DateInput, timeZone: IndonesianTimeZone, locale = 'id'): string {
  return `${formatClock(value, timeZone, locale)} ${zoneLabel(timeZone)}`;
}

/** "08.00", the wall-clock time alone (no zone label). */
export function formatClock(value: DateInput, timeZone: IndonesianTimeZone, locale = 'id'): string {
  return formatterOf('clock', locale, timeZone).format(toInstant(value));
}

/** "08.00–16.00 WITA": a session's hours, the zone said once. */
export function formatTimeRange(start: DateInput, end: DateInput, timeZone: IndonesianTimeZone, locale = 'id'): string {
  return `${formatClock(start, timeZone, locale)}–${formatClock(end, timeZone, locale)} ${zoneLabel(timeZone)}`;
}

/** "12 November 2026, 08.00 WIB": an instant, so both parts in the zone (a calendar date reads as its noon UTC). */
export function formatDateTime(value: DateInput, timeZone: IndonesianTimeZone, locale = 'id'): string {
  const instant = toInstant(value);
  return `${formatterOf('date', locale, timeZone).format(instant)}, ${formatTime(instant, timeZone, locale)}`;
}

/** "12–15 November 2026", "30 November – 3 Desember 2026" */
export function formatDateRange(start: string, end: string, locale = 'id'): string {
  if (start === end) return formatDate(start, DEFAULT_TIME_ZONE, locale);
  const [sy, sm] = start.split('-');
  const [ey, em] = end.split('-');
  const fmt = (value: string, format: keyof typeof FORMATS) => formatterOf(format, locale, 'UTC').format(toInstant(value));
  if (sy === ey && sm === em) return `${fmt(start, 'day')}–${fmt(end, 'date')}`;
  if (sy === ey) return `${fmt(start, 'dayMonth')} – ${fmt(end, 'date')}`;
  return `${formatDate(start, 'Asia/Jakarta', locale)} – ${formatDate(end, 'Asia/Jakarta', locale)}`;
}

/** The UTC instant of a wall-clock time ('YYYY-MM-DD', 'HH:MM[:SS]') in a zone. */
export function zonedTimeToUtc(date: string, time: string, timeZone: IndonesianTimeZone): Date {
  const [hours, minutes] = time.split(':').map(Number);
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(midnightUtc) || hours === undefined || minutes === undefined) {
    throw new RangeError(`Not a date and time: ${date} ${time}`);
  }
  const offset = TIME_ZONES[timeZone].offsetHours;
  return new Date(midnightUtc + ((hours - offset) * 60 + minutes) * 60_000);
}

/** The calendar date ('YYYY-MM-DD') of an instant in a zone. */
export function dateInZone(value: Date, timeZone: IndonesianTimeZone): string {
  const shifted = new Date(value.getTime() + TIME_ZONES[timeZone].offsetHours * 3_600_000);
  return shifted.toISOString().slice(0, 10);
}

/**
 * Today's date in a zone, 'YYYY-MM-DD'. Read the zone from the data (the Dinas's or the
 * cohort's `time_zone`); `now` is a parameter so rules can be tested at any moment.
 */
export function todayIn(timeZone: IndonesianTimeZone, now: Date = new Date()): string {
  return dateInZone(now, timeZone);
}

/** 'YYYY-MM-DD' plus n days. */
export function addDays(date: string, days: number): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return next.toISOString().slice(0, 10);
}
