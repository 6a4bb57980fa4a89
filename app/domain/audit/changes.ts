import { DEFAULT_TIME_ZONE, formatDate, formatDateTime, type IndonesianTimeZone } from '~/lib/dates';

/**
 * What an audit entry changed, field by field, for people to read: the fields whose
 * value differs between `before` and `after` (a field only on one side counts as changed).
 * Values are shown the reader's way: days and instants as Indonesian dates, yes/no as a
 * translation key, ids as the names of what they point to (looked up once per page: `idsIn`).
 * Pure.
 */
export type ShownValue = string | { key: string } | null;

export interface FieldChange {
  field: string;
  before: ShownValue;
  after: ShownValue;
}

export interface ShowContext {
  /** Names of ids found in the entries (institutions, cooperatives, programs, users…). */
  names?: ReadonlyMap<string, string>;
  timeZone: IndonesianTimeZone;
  locale: 'id' | 'en';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:\d{2})?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$/;

function timeText(hours: string, minutes: string, locale: 'id' | 'en'): string {
  return locale === 'id' ? `${hours}.${minutes}` : `${hours}:${minutes}`;
}

function showText(value: string, ctx: ShowContext): string {
  if (UUID.test(value)) return ctx.names?.get(value.toLowerCase()) ?? value.slice(0, 8);
  if (DAY.test(value)) return formatDate(value, ctx.timeZone, ctx.locale);
  const local = LOCAL_DATETIME.exec(value);
  if (local) return `${formatDate(local[1]!, ctx.timeZone, ctx.locale)}, ${timeText(local[2]!, local[3]!, ctx.locale)}`;
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(new Date(value), ctx.timeZone, ctx.locale);
  const time = TIME.exec(value);
  if (time) return timeText(time[1]!, time[2]!, ctx.locale);
  return value;
}

function showItem(value: unknown, ctx: ShowContext): string {
  const shown = showValue(value, ctx);
  return shown === null ? '—' : typeof shown === 'string' ? shown : shown.key;
}

export function showValue(value: unknown, ctx: ShowContext): ShownValue {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return { key: value ? 'audit:values.yes' : 'audit:values.no' };
  if (typeof value === 'number') return new Intl.NumberFormat(ctx.locale === 'en' ? 'en-GB' : 'id-ID').format(value);
  if (typeof value === 'string') return showText(value, ctx);
  if (value instanceof Date) return formatDateTime(value, ctx.timeZone, ctx.locale);
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((item) => showItem(item, ctx)).join('; ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // A unit, a day of the plan, a person…: its code and title or its name, not its JSON.
    const label = [o.code, o.title ?? o.name ?? o.fullName].filter((part) => typeof part === 'string' && part).join(' ');
    if (label) return label;
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${showItem(v, ctx)}`)
      .join(', ');
  }
  return String(value);
}

/** Every id in the entries' values, to look their names up at once. */
export function idsIn(values: unknown[]): string[] {
  const ids = new Set<string>();
  const walk = (value: unknown, depth: number) => {
    if (depth > 4) return;
    if (typeof value === 'string') {
      if (UUID.test(value)) ids.add(value.toLowerCase());
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, depth + 1));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => walk(v, depth + 1));
  };
  values.forEach((v) => walk(v, 0));
  return [...ids];
}

function asRecord(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (value === null || value === undefined) return {};
  return { value };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function auditChanges(before: unknown, after: unknown, ctx: ShowContext = { timeZone: DEFAULT_TIME_ZONE, locale: 'id' }): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((field) => !same(b[field], a[field]))
    .map((field) => ({ field, before: showValue(b[field], ctx), after: showValue(a[field], ctx) }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}
