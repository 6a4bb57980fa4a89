import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { Locale } from '~/lib/i18n';
import { translatorFor } from '~/lib/meta';
import type { Actor } from '~/lib/permissions';
import { writeCsv, writeXlsx } from '~/lib/spreadsheet.server';
import { loadDashboard } from './dashboard.server';
import { DASHBOARD_TABLES, PROVINCE_TOTAL_KEY, type DashboardTable, type TableSpec, type Value } from './tables';

/**
 * One dashboard table as CSV (formula-escaped by `writeCsv`) or XLSX, with the columns the
 * page shows, for the period in the URL. The lists are exported whole (up to 10,000 rows),
 * not cut as on the page.
 */
export interface DashboardExport {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

const EXPORT_LIST_LIMIT = 10_000;

export async function exportDashboardTable(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { table: DashboardTable; format: 'csv' | 'xlsx'; params: URLSearchParams; locale: Locale },
): Promise<DashboardExport> {
  const dashboard = await loadDashboard(db, actor, input.params, new Date(), { listLimit: EXPORT_LIST_LIMIT, withNeighbours: input.table === 'neighbours' });
  return tableFile(DASHBOARD_TABLES[input.table] as unknown as TableSpec<unknown>, dashboard, dashboard.period, input);
}

/**
 * A table as a file: the spec's columns (headers translated), its rows from `source`, named
 * after its title and period. Shared with the province view's export.
 */
export async function tableFile<Source>(
  spec: TableSpec<unknown, Source>,
  source: Source,
  period: { from: string; to: string },
  input: { format: 'csv' | 'xlsx'; locale: Locale },
): Promise<DashboardExport> {
  const t = translatorFor(input.locale);
  // Cell values that are translation keys (a certificate's kind) are translated; all else is data.
  const cell = (value: Value): Value => (typeof value === 'string' && (value.startsWith('dashboard:kind.') || value === PROVINCE_TOTAL_KEY) ? t(value) : value);
  const rows = spec.rows(source).map((row) => spec.columns.map((c) => cell(c.value(row))));
  const headers = spec.columns.map((c) => t(c.header));
  const name = `${t(spec.title)} ${period.from} ${period.to}`.replace(/\s+/g, '-').toLowerCase();
  if (input.format === 'csv') return { fileName: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsv(headers, rows) };
  const body = await writeXlsx(
    t(spec.title).slice(0, 31),
    spec.columns.map((c, i) => ({ header: headers[i]!, text: c.text, width: Math.max(12, headers[i]!.length + 2) })),
    rows,
  );
  return { fileName: `${name}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}
