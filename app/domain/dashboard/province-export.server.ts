import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { Locale } from '~/lib/i18n';
import { parseListParams } from '~/lib/list-params';
import type { Actor } from '~/lib/permissions';
import { tableFile, type DashboardExport } from './export.server';
import { loadProvinceView, PROVINCE_SORT_KEYS } from './province.server';
import { PROVINCE_TABLE, type TableSpec } from './tables';
import type { DinasFigures } from './types';

/** Every Dinas of the period as CSV (formula-escaped) or XLSX, in the order on screen, the total last. */
export async function exportProvinceView(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { format: 'csv' | 'xlsx'; params: URLSearchParams; locale: Locale },
  now = new Date(),
): Promise<DashboardExport> {
  const list = parseListParams(input.params, { sortKeys: PROVINCE_SORT_KEYS, defaultSort: 'name' });
  const view = await loadProvinceView(db, actor, { params: input.params, list: { sort: list.sort, dir: list.dir, all: true } }, now);
  return tableFile(PROVINCE_TABLE as unknown as TableSpec<unknown, { rows: DinasFigures[]; total: DinasFigures }>, { rows: view.page.items, total: view.total }, view.period, input);
}
