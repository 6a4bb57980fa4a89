import { parseDateText } from '~/lib/date-input';

/**
 * The dashboard's period: this year, last year, or a custom range of days, all as calendar
 * dates in the Dinas's zone. A period's figures are those of the cohorts that START in it
 * (and have started by today): a cohort counts once, with its participants, attendance,
 * results and certificates, even when its certificates are issued after the period ends.
 * Pure: the URL (`?period=…&from=…&to=…`) and today's date in, a period out.
 */
export const PERIOD_KINDS = ['this-year', 'last-year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface DashboardPeriod {
  kind: PeriodKind;
  /** First day, 'YYYY-MM-DD' (inclusive). */
  from: string;
  /** Last day, 'YYYY-MM-DD' (inclusive). */
  to: string;
}

export type PeriodProblem = 'dashboard:period.invalidFrom' | 'dashboard:period.invalidTo' | 'dashboard:period.toBeforeFrom' | 'dashboard:period.tooLong';

/** A custom period spans at most this many months (the trend chart has a bar per month). */
export const MAX_PERIOD_MONTHS = 60;

function yearOf(today: string): number {
  return Number(today.slice(0, 4));
}

export function yearPeriod(kind: 'this-year' | 'last-year', today: string): DashboardPeriod {
  const year = yearOf(today) - (kind === 'last-year' ? 1 : 0);
  return { kind, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The months a period touches, 'YYYY-MM', in order. */
export function monthsOf(period: Pick<DashboardPeriod, 'from' | 'to'>): string[] {
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  const last = period.to.slice(0, 7);
  const months: string[] = [];
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) break;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/**
 * Reads the period from the URL. A custom range with an unreadable or reversed date falls
 * back to this year and says why (the form shows the problem beside the fields).
 */
export function parsePeriod(
  params: URLSearchParams,
  today: string,
): { period: DashboardPeriod; problems: PeriodProblem[]; input: { from: string; to: string } } {
  const kind = (PERIOD_KINDS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as PeriodKind) : 'this-year';
  const input = { from: (params.get('from') ?? '').trim().slice(0, 20), to: (params.get('to') ?? '').trim().slice(0, 20) };
  if (kind !== 'custom') return { period: yearPeriod(kind, today), problems: [], input };
  const from = parseDateText(input.from);
  const to = parseDateText(input.to);
  const problems: PeriodProblem[] = [];
  if (!from) problems.push('dashboard:period.invalidFrom');
  if (!to) problems.push('dashboard:period.invalidTo');
  if (from && to && to < from) problems.push('dashboard:period.toBeforeFrom');
  if (from && to && to >= from && monthsOf({ from, to }).length > MAX_PERIOD_MONTHS) problems.push('dashboard:period.tooLong');
  if (problems.length || !from || !to) return { period: yearPeriod('this-year', today), problems, input };
  return { period: { kind, from, to }, problems, input };
}

/** The query string of a period, for links (exports, the same page in another language). */
export function periodQuery(period: DashboardPeriod): string {
  if (period.kind !== 'custom') return `period=${period.kind}`;
  return `period=custom&from=${period.from}&to=${period.to}`;
}
