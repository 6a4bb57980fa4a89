import { z } from 'zod';

/**
 * Dates and times are typed as text, the Indonesian way: a native <input type=date|time>
 * follows the browser's locale (mm/dd/yyyy, "08:00 AM"), which a page cannot set. Times
 * take "08.00" or "08:00", dates "31-12-2026" (also with / or .) or ISO; the schemas turn
 * them into "HH:MM" and "YYYY-MM-DD", so an operation called with parsed values reads the same.
 */
const TIME_TEXT = /^([01]?\d|2[0-3])[.:]([0-5]\d)(?:[.:][0-5]\d)?$/;
const DATE_TEXT = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "8.00", "08.00", "08:00" → "08:00"; null when it is not a time of day. */
export function parseTimeText(value: string): string | null {
  const match = TIME_TEXT.exec(value.trim());
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : null;
}

/** "31-12-2026", "31/12/2026", "31.12.2026", "2026-12-31" → "2026-12-31"; null when no such day. */
export function parseDateText(value: string): string | null {
  const text = value.trim();
  const dmy = DATE_TEXT.exec(text);
  const ymd = ISO_DATE.exec(text);
  const [year, month, day] = dmy ? [dmy[3]!, dmy[2]!, dmy[1]!] : ymd ? [ymd[1]!, ymd[2]!, ymd[3]!] : [];
  if (!year) return null;
  const iso = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** "31-12-2026 08.00" (or ISO "2026-12-31T08:00") → "2026-12-31T08:00"; null otherwise. */
export function parseDateTimeText(value: string): string | null {
  const [datePart, timePart, ...rest] = value.trim().split(/[T\s,]+/);
  if (!datePart || !timePart || rest.length) return null;
  const date = parseDateText(datePart);
  const time = parseTimeText(timePart);
  return date && time ? `${date}T${time}` : null;
}

/** What a date field shows for a stored "2026-12-31": "31-12-2026" (anything else as it is). */
export function dateText(iso: string | null | undefined): string | undefined {
  const match = iso ? ISO_DATE.exec(iso.slice(0, 10)) : null;
  if (!match) return iso ?? undefined;
  const rest = iso!.slice(10).replace(/^T/, ' ').slice(0, 6);
  return `${match[3]}-${match[2]}-${match[1]}${rest}`;
}

/** A required time of day field: messages are i18n keys. */
export function timeField(required: string, invalid: string) {
  return z
    .string({ error: required })
    .refine((v) => parseTimeText(v) !== null, invalid)
    .transform((v) => parseTimeText(v) ?? v);
}

/** A calendar date field ("31-12-2026" or ISO) giving "2026-12-31". */
export function dateField(required: string, invalid: string) {
  return z
    .string({ error: required })
    .refine((v) => parseDateText(v) !== null, invalid)
    .transform((v) => parseDateText(v) ?? v);
}

/** A date and time field ("31-12-2026 08.00" or ISO) giving "2026-12-31T08:00". */
export function dateTimeField(invalid: string) {
  return z
    .string({ error: invalid })
    .refine((v) => parseDateTimeText(v) !== null, invalid)
    .transform((v) => parseDateTimeText(v) ?? v);
}

/** Props of a text field for a time / a date (placeholders are the caller's, translated). */
export const timeInputProps = { inputMode: 'decimal', pattern: '([01]?[0-9]|2[0-3])[.:][0-5][0-9]', autoComplete: 'off' } as const;
export const dateInputProps = { inputMode: 'decimal', autoComplete: 'off' } as const;
