import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { ConflictError, DomainError } from '~/lib/errors';
import { singleton } from '~/lib/singleton.server';
import type { Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { applyRegistry, applyRoster } from './apply.server';
import { markFailed, requireOwnBatch, type ImportSummary } from './batches.server';
import { planRegistry, planRoster, type PlannedRegistryRow, type PlannedRosterRow } from './plan.server';

/**
 * Confirming an import: one transaction, all or nothing. The plan is made again inside
 * it (the database may have changed since the preview); any clash fails the whole batch.
 * `startImportCommit` runs it in the background and the progress page polls this process.
 */

/** The database changed since the preview in a way that makes a row invalid. */
export class ImportChangedError extends DomainError {}

interface Running {
  processed: number;
  total: number;
  done: Promise<void>;
}

const running = () => singleton('cooperative-import-commits', () => new Map<string, Running>());

export function commitProgress(batchId: string): { processed: number; total: number } | null {
  const r = running().get(batchId);
  return r ? { processed: r.processed, total: r.total } : null;
}

export const isCommitting = (batchId: string) => running().has(batchId);

/**
 * Claims the batch (preview → committing) in a short transaction of its own, so the
 * progress page sees "committing" while the long one runs; or explains why it can't be confirmed.
 */
async function claim(db: Kysely<Database>, actor: Actor | null, batchId: string) {
  return db.transaction().execute(async (trx) => {
    const batch = await requireOwnBatch(trx, actor, batchId);
    if (batch.status !== 'preview') throw new ConflictError('cooperatives:import.notPending');
    if (batch.expires_at < new Date()) throw new ConflictError('cooperatives:import.expired');
    if ((batch.summary as ImportSummary).errors > 0) throw new ConflictError('cooperatives:import.hasErrors');
    const claimed = await trx
      .updateTable('import_batches')
      .set({ status: 'committing', started_at: new Date() })
      .where('id', '=', batch.id)
      .where('status', '=', 'preview')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw new ConflictError('cooperatives:import.notPending');
    return batch;
  });
}

async function commitClaimed(
  db: Kysely<Database>,
  actor: Actor,
  batch: Awaited<ReturnType<typeof claim>>,
  onProgress: (processed: number) => void,
): Promise<ImportSummary> {
  return db.transaction().execute(async (trx) => {
    const stored = await trx.selectFrom('import_batches').select('rows').where('id', '=', batch.id).executeTakeFirstOrThrow();
    const rows = stored.rows as (PlannedRegistryRow | PlannedRosterRow)[];
    const records = rows.map((r) => ({ row: r.row, values: r.values, keep: r.keep }));
    let summary: ImportSummary;
    if (batch.kind === 'registry') {
      const plan = await planRegistry(trx, batch.dinas_id, records as PlannedRegistryRow[]);
      if (plan.issues.length) throw new ImportChangedError('cooperatives:import.failure.changed');
      await applyRegistry(trx, actor, batch.dinas_id, plan.rows, onProgress);
      summary = tally(plan.rows);
    } else {
      const plan = await planRoster(trx, { dinasId: batch.dinas_id, cooperativeId: batch.cooperative_id }, records as PlannedRosterRow[]);
      if (plan.issues.length) throw new ImportChangedError('cooperatives:import.failure.changed');
      const { peopleCreated } = await applyRoster(trx, actor, batch.dinas_id, plan.rows, onProgress);
      summary = { ...tally(plan.rows), peopleCreated };
    }
    await recordAudit(trx, {
      actor,
      action: 'import.committed',
      entityType: batch.cooperative_id ? 'cooperative' : 'import_batch',
      entityId: batch.cooperative_id ?? batch.id,
      dinasId: batch.dinas_id,
      after: { batchId: batch.id, kind: batch.kind, fileName: batch.file_name, ...summary },
    });
    await trx
      .updateTable('import_batches')
      .set({ status: 'committed', summary: JSON.stringify(summary), rows: '[]', finished_at: new Date() })
      .where('id', '=', batch.id)
      .execute();
    return summary;
  });
}

function tally(rows: { action: string }[]): ImportSummary {
  const count = (a: string) => rows.filter((r) => r.action === a).length;
  return { created: count('create'), updated: count('update'), unchanged: count('unchanged'), errors: 0 };
}

async function failureOf(db: Kysely<Database>, batchId: string, error: unknown) {
  const message = error instanceof DomainError ? error.message : 'cooperatives:import.failure.database';
  if (!(error instanceof DomainError)) console.error('[cooperatives] import commit failed', error);
  await markFailed(db, batchId, message);
}

/** Confirms a batch and waits for it (tests and small files). */
export async function commitImportBatch(db: Kysely<Database>, actor: Actor | null, batchId: string): Promise<ImportSummary | null> {
  const batch = await claim(db, actor, batchId);
  try {
    return await commitClaimed(db, actor!, batch, () => {});
  } catch (error) {
    await failureOf(db, batch.id, error);
    return null;
  }
}

/** Confirms a batch in the background; `done` settles when it has committed or failed. */
export async function startImportCommit(db: Kysely<Database>, actor: Actor | null, batchId: string): Promise<{ done: Promise<void> }> {
  const batch = await claim(db, actor, batchId);
  const entry: Running = { processed: 0, total: batch.row_count, done: Promise.resolve() };
  entry.done = commitClaimed(db, actor!, batch, (n) => (entry.processed = n))
    .then(() => undefined)
    .catch((error: unknown) => failureOf(db, batch.id, error))
    .finally(() => running().delete(batch.id));
  running().set(batch.id, entry);
  return { done: entry.done };
}
