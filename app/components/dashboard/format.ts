/** Numbers on the dashboard, the reader's way ("1.234", "86,7 %" in Indonesian). Formatters are made once per language. */
const numbers = new Map<string, Intl.NumberFormat>();
const months = new Map<string, Intl.DateTimeFormat>();

function tag(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'id-ID';
}

export function formatCount(value: number, locale: string): string {
  let f = numbers.get(locale);
  if (!f) numbers.set(locale, (f = new Intl.NumberFormat(tag(locale))));
  return f.format(value);
}

export function formatPercent(value: number | null, locale: string): string {
  if (value === null) return '–';
  const key = `${locale}%`;
  let f = numbers.get(key);
  if (!f) numbers.set(key, (f = new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 1, minimumFractionDigits: 0 })));
  return `${f.format(value)} %`;
}

/** "Jan", or "Jan 26" when the period spans more than one year. */
export function monthLabel(month: string, locale: string, withYear: boolean): string {
  const key = `${locale}${withYear}`;
  let f = months.get(key);
  if (!f) months.set(key, (f = new Intl.DateTimeFormat(tag(locale), withYear ? { month: 'short', year: '2-digit', timeZone: 'UTC' } : { month: 'short', timeZone: 'UTC' })));
  return f.format(new Date(`${month}-01T00:00:00Z`));
}

/** "Januari 2026": the month in full, for tables and descriptions. */
export function monthName(month: string, locale: string): string {
  const key = `${locale}long`;
  let f = months.get(key);
  if (!f) months.set(key, (f = new Intl.DateTimeFormat(tag(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' })));
  return f.format(new Date(`${month}-01T00:00:00Z`));
}
