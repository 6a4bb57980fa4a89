import { sql, type Kysely } from 'kysely';
import type { Database, ImportStatus } from '~db/schema';
import { ConflictError, DomainError, NotFoundError } from '~/lib/errors';
import { todayIn, type IndonesianTimeZone } from '~/lib/dates';
import { isUuid } from '~/lib/ids';
import { pageOf, type Page } from '~/lib/list-params';
import { regencyAreas } from '~/lib/areas.server';
import { readSpreadsheet, SpreadsheetError } from '~/lib/spreadsheet.server';
import { institutionsFor, requirePermission, type Actor } from '~/lib/permissions';
import { requireCooperative } from '~/domain/cooperatives/access.server';
import type { ImportKind } from './columns';
import { heartbeatStopped, isCommitting } from './liveness.server';
import { planRegistry, planRoster, type PlannedRegistryRow, type PlannedRosterRow, type RowAction } from './plan.server';
import { validateRegistrySheet, validateRosterSheet, type ColumnMappingView, type ImportIssue } from './validate';

/**
 * An upload, parsed, checked and planned, kept in import_batches for a day so the
 * preview can be confirmed without sending the file again. Only its uploader sees it.
 */

// A whole province's registry in one file (the largest hold tens of thousands of village
// cooperatives): 100,000 rows preview and commit within a minute (bench: registry.bench.ts).
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 150_000;
export const BATCH_LIFETIME_HOURS = 24;

/** A file that can't be imported at all; the message is an i18n key with values. */
export class ImportFileError extends DomainError {}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
  peopleCreated?: number;
  /** At preview: which row was read as the header row, and how its columns were read. */
  mapping?: ColumnMappingView;
}

export interface ImportTarget {
  kind: ImportKind;
  /** Roster import of one cooperative (its admin, or a coordinator from its page). */
  cooperativeId?: string | null;
}

/** The Dinas (and cooperative) an import writes into, once the actor may do it. */
export async function importScope(db: Kysely<Database>, actor: Actor | null, target: ImportTarget) {
  if (target.cooperativeId) {
    if (target.kind !== 'roster') throw new NotFoundError('common:error.notFoundBody');
    const ref = await requireCooperative(db, actor, target.cooperativeId, 'roster:manage');
    return { dinasId: ref.dinasId, cooperativeId: ref.id, cooperativeName: ref.name };
  }
  const dinasId = institutionsFor(actor, 'coordinator')[0];
  requirePermission(actor, target.kind === 'registry' ? 'cooperative:manage' : 'roster:manage', { dinasId: dinasId ?? null });
  return { dinasId: dinasId!, cooperativeId: null, cooperativeName: null };
}

const SPREADSHEET_MESSAGES: Record<string, string> = {
  empty: 'cooperatives:import.file.empty',
  encoding: 'cooperatives:import.file.encoding',
  unreadable: 'cooperatives:import.file.unreadable',
  legacyExcel: 'cooperatives:import.file.legacyExcel',
  tooManyRows: 'cooperatives:import.file.tooManyRows',
  noHeader: 'cooperatives:import.file.noHeader',
  tooLarge: 'cooperatives:import.file.unpackedTooLarge',
};

function summaryOf(rows: { action: RowAction }[], errors: number): ImportSummary {
  const count = (a: RowAction) => rows.filter((r) => r.action === a).length;
  return { created: count('create'), updated: count('update'), unchanged: count('unchanged'), errors };
}

export async function createImportBatch(
  db: Kysely<Database>,
  actor: Actor | null,
  input: ImportTarget & { fileName: string; data: Uint8Array },
): Promise<{ id: string }> {
  const scope = await importScope(db, actor, input);
  if (input.data.byteLength > MAX_IMPORT_BYTES) {
    throw new ImportFileError('cooperatives:import.file.tooLarge', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
  }
  let sheet;
  try {
    sheet = await readSpreadsheet(input.data, { maxRows: MAX_IMPORT_ROWS });
  } catch (error) {
    if (error instanceof SpreadsheetError) {
      throw new ImportFileError(SPREADSHEET_MESSAGES[error.problem]!, { max: MAX_IMPORT_ROWS });
    }
    throw error;
  }
  const dinas = await db.selectFrom('institutions').select(['time_zone', 'regency_code']).where('id', '=', scope.dinasId).executeTakeFirstOrThrow();
  const today = todayIn(dinas.time_zone as IndonesianTimeZone);
  const validated =
    input.kind === 'registry'
      ? validateRegistrySheet(sheet, { today, areas: await regencyAreas(dinas.regency_code) })
      : validateRosterSheet(sheet);
  if (!validated.ok) throw new ImportFileError(validated.problem.message, validated.problem.values);
  const plan =
    input.kind === 'registry'
      ? await planRegistry(db, scope.dinasId, validated.rows as Parameters<typeof planRegistry>[2])
      : await planRoster(db, scope, validated.rows as Parameters<typeof planRoster>[2]);
  const issues = [...validated.issues, ...plan.issues].sort((a, b) => a.row - b.row);
  const erroneousRows = new Set(issues.map((i) => i.row)).size;
  return db.transaction().execute(async (trx) => {
    // Expired batches go, but not one a worker is still committing.
    await trx
      .deleteFrom('import_batches')
      .where('expires_at', '<', new Date())
      .where((eb) => eb.or([eb('status', '<>', 'committing'), heartbeatStopped()]))
      .execute();
    return trx
      .insertInto('import_batches')
      .values({
        dinas_id: scope.dinasId,
        cooperative_id: scope.cooperativeId,
        user_id: actor!.userId,
        kind: input.kind,
        file_name: input.fileName.slice(0, 200) || 'upload',
        file_format: sheet.format,
        row_count: validated.rowCount,
        rows: JSON.stringify(plan.rows),
        errors: JSON.stringify(issues),
        summary: JSON.stringify({ ...summaryOf(plan.rows, erroneousRows), mapping: validated.mapping }),
        expires_at: new Date(Date.now() + BATCH_LIFETIME_HOURS * 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
}

/** What is wrong with an uploaded file, as the upload page shows it under the file field. */
export interface ImportFileProblem {
  message: string;
  values?: Record<string, string | number>;
}

/** An upload as the import page takes it: the new batch, or what is wrong with the file. */
export async function uploadImportBatch(
  db: Kysely<Database>,
  actor: Actor | null,
  input: ImportTarget & { fileName: string; data: Uint8Array },
): Promise<{ batchId: string; problem?: undefined } | { batchId?: undefined; problem: ImportFileProblem }> {
  try {
    return { batchId: (await createImportBatch(db, actor, input)).id };
  } catch (error) {
    if (error instanceof ImportFileError) return { problem: { message: error.message, values: error.values as ImportFileProblem['values'] } };
    throw error;
  }
}

export interface ImportBatchView {
  id: string;
  kind: ImportKind;
  cooperativeId: string | null;
  cooperativeName: string | null;
  fileName: string;
  fileFormat: 'csv' | 'xlsx';
  status: ImportStatus;
  rowCount: number;
  summary: ImportSummary;
  /** At preview: the header row used and how the file's columns were read. */
  mapping: ColumnMappingView | null;
  failure: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expired: boolean;
  /** Left in 'committing' by a worker that is gone (no heartbeat): nothing was saved, and it may be confirmed again. */
  interrupted: boolean;
  issues: Page<ImportIssue>;
  rows: Page<{ row: number; action: RowAction; label: string; detail: string; changed: string[] }>;
}

/** The actor's own batch; anyone else's is not found. */
export async function requireOwnBatch(db: Kysely<Database>, actor: Actor | null, batchId: string) {
  if (!actor || !isUuid(batchId)) throw new NotFoundError('common:error.notFoundBody');
  const batch = await db
    .selectFrom('import_batches as b')
    .leftJoin('cooperatives as c', 'c.id', 'b.cooperative_id')
    .select([
      'b.id', 'b.dinas_id', 'b.cooperative_id', 'b.user_id', 'b.kind', 'b.file_name', 'b.file_format', 'b.status', 'b.row_count',
      'b.summary', 'b.failure', 'b.created_at', 'b.started_at', 'b.finished_at', 'b.expires_at', 'c.name as cooperativeName',
      heartbeatStopped('b').as('heartbeatStopped'),
    ])
    .where('b.id', '=', batchId)
    .executeTakeFirst();
  if (!batch || batch.user_id !== actor.userId) throw new NotFoundError('common:error.notFoundBody');
  await importScope(db, actor, { kind: batch.kind, cooperativeId: batch.cooperative_id });
  return { ...batch, interrupted: batch.status === 'committing' && !!batch.heartbeatStopped && !isCommitting(batch.id) };
}

async function pageOfJsonArray<T>(db: Kysely<Database>, batchId: string, column: 'rows' | 'errors', page: { page: number; pageSize: number }) {
  const offset = (page.page - 1) * page.pageSize;
  const [items, total] = await Promise.all([
    sql<{ value: T }>`select e.value from import_batches b
      cross join lateral jsonb_array_elements(b.${sql.ref(column)}) with ordinality as e(value, n)
      where b.id = ${batchId} order by e.n offset ${offset} limit ${page.pageSize}`.execute(db),
    sql<{ n: number }>`select jsonb_array_length(${sql.ref(column)})::int as n from import_batches where id = ${batchId}`.execute(db),
  ]);
  return pageOf(
    items.rows.map((r) => (typeof r.value === 'string' ? JSON.parse(r.value) : r.value) as T),
    total.rows[0]?.n ?? 0,
    page,
  );
}

function summaryWithoutMapping({ mapping: _mapping, ...summary }: ImportSummary): ImportSummary {
  return summary;
}

export async function getImportBatch(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { batchId: string; page: number; pageSize: number },
): Promise<ImportBatchView> {
  const batch = await requireOwnBatch(db, actor, input.batchId);
  const hasErrors = (batch.summary as ImportSummary).errors > 0;
  const [issues, rows] = await Promise.all([
    hasErrors ? pageOfJsonArray<ImportIssue>(db, batch.id, 'errors', input) : pageOf<ImportIssue>([], 0, input),
    hasErrors ? pageOf<PlannedRegistryRow | PlannedRosterRow>([], 0, input) : pageOfJsonArray<PlannedRegistryRow | PlannedRosterRow>(db, batch.id, 'rows', input),
  ]);
  return {
    id: batch.id,
    kind: batch.kind,
    cooperativeId: batch.cooperative_id,
    cooperativeName: batch.cooperativeName,
    fileName: batch.file_name,
    fileFormat: batch.file_format,
    status: batch.status,
    rowCount: batch.row_count,
    summary: summaryWithoutMapping(batch.summary as ImportSummary),
    mapping: (batch.summary as ImportSummary).mapping ?? null,
    failure: batch.failure,
    createdAt: batch.created_at,
    startedAt: batch.started_at,
    finishedAt: batch.finished_at,
    expired: batch.expires_at < new Date(),
    interrupted: batch.interrupted,
    issues,
    rows: {
      ...rows,
      items: rows.items.map((r) => ({
        row: r.row,
        action: r.action,
        label: 'nik' in r.values ? r.values.fullName : r.values.name,
        detail: 'nik' in r.values ? `${r.values.position} · ${r.values.cooperativeNumber}` : r.values.cooperativeNumber,
        changed: r.changed ?? [],
      })),
    },
  };
}

export async function cancelImportBatch(db: Kysely<Database>, actor: Actor | null, batchId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const batch = await requireOwnBatch(trx, actor, batchId);
    // A preview, or a commit whose worker is gone (it saved nothing).
    if (batch.status !== 'preview' && !batch.interrupted) throw new ConflictError('cooperatives:import.notPending');
    const cancelled = await trx
      .updateTable('import_batches')
      .set({ status: 'cancelled', rows: '[]', finished_at: new Date() })
      .where('id', '=', batch.id)
      .where((eb) => eb.or([eb('status', '=', 'preview'), eb.and([eb('status', '=', 'committing'), heartbeatStopped()])]))
      .returning('id')
      .executeTakeFirst();
    // A confirmation claimed it in the meantime.
    if (!cancelled) throw new ConflictError('cooperatives:import.notPending');
  });
}

/** Marks a commit failed — only while the claim (its start time) is still the caller's: a batch taken over stays with its new worker. */
export async function markFailed(db: Kysely<Database>, batchId: string, failure: string, startedAt: Date): Promise<void> {
  await db
    .updateTable('import_batches')
    .set({ status: 'failed', failure, finished_at: new Date() })
    .where('id', '=', batchId)
    .where('status', '=', 'committing')
    .where('started_at', '=', startedAt)
    .execute();
}
