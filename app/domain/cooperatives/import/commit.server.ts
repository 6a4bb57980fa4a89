import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { ConflictError, DomainError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { applyRegistry, applyRoster } from './apply.server';
import { HEARTBEAT_SECONDS, heartbeatStopped, runningCommits, type Running } from './liveness.server';
import { markFailed, requireOwnBatch, type ImportSummary } from './batches.server';
import { planRegistry, planRoster, type PlannedRegistryRow, type PlannedRosterRow } from './plan.server';
import { errorFields, log } from '~/lib/log.server';

/**
 * Confirming an import: one transaction, all or nothing. The plan is made again inside
 * it (the database may have changed since the preview); any clash fails the whole batch.
 * `startImportCommit` runs it in the background, its heartbeat showing it alive; the
 * progress page polls, and offers to try again once the heartbeat has stopped.
 */

/** The database changed since the preview in a way that makes a row invalid. */
export class ImportChangedError extends DomainError {}

export function commitProgress(batchId: string): { processed: number; total: number } | null {
  const r = runningCommits().get(batchId);
  return r ? { processed: r.processed, total: r.total } : null;
}

/**
 * Claims the batch (preview → committing) in a short transaction of its own, so the
 * progress page sees "committing" while the long one runs; or explains why it can't be
 * confirmed. A batch left in 'committing' by a worker that is gone (no heartbeat) is
 * claimed again: its transaction rolled back, so nothing of it was saved. The claim's
 * time (started_at) is its token: only the worker holding it may finish the batch.
 */
async function claim(db: Kysely<Database>, actor: Actor | null, batchId: string) {
  return db.transaction().execute(async (trx) => {
    const batch = await requireOwnBatch(trx, actor, batchId);
    if (batch.status !== 'preview' && !batch.interrupted) throw new ConflictError('cooperatives:import.notPending');
    if (batch.expires_at < new Date()) throw new ConflictError('cooperatives:import.expired');
    if ((batch.summary as ImportSummary).errors > 0) throw new ConflictError('cooperatives:import.hasErrors');
    const startedAt = new Date();
    const claimed = await trx
      .updateTable('import_batches')
      .set({ status: 'committing', started_at: startedAt, heartbeat_at: sql<Date>`now()` })
      .where('id', '=', batch.id)
      // Atomic: of two workers re-claiming a dead one's batch, the second finds a fresh heartbeat.
      .where((eb) => eb.or([eb('status', '=', 'preview'), eb.and([eb('status', '=', 'committing'), heartbeatStopped()])]))
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw new ConflictError('cooperatives:import.notPending');
    return { ...batch, started_at: startedAt };
  });
}

/**
 * Touches the claimed batch's heartbeat every `everyMs` until stopped (never two at once);
 * a lost beat only makes the batch look interrupted sooner, which the claim token makes safe.
 */
export function keepClaimAlive(db: Kysely<Database>, batchId: string, startedAt: Date, everyMs = HEARTBEAT_SECONDS * 1000): () => void {
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    db.updateTable('import_batches')
      .set({ heartbeat_at: sql<Date>`now()` })
      .where('id', '=', batchId)
      .where('status', '=', 'committing')
      .where('started_at', '=', startedAt)
      .execute()
      .catch(() => undefined)
      .finally(() => (beating = false));
  }, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
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
    const records = rows.map((r) => ({ row: r.row, values: r.values, keep: r.keep, ...('annualMeeting' in r && r.annualMeeting ? { annualMeeting: r.annualMeeting } : {}) }));
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
    const finished = await trx
      .updateTable('import_batches')
      .set({ status: 'committed', summary: JSON.stringify(summary), rows: '[]', finished_at: new Date() })
      .where('id', '=', batch.id)
      .where('status', '=', 'committing')
      .where('started_at', '=', batch.started_at)
      .returning('id')
      .executeTakeFirst();
    // Another worker took the batch over (this one looked dead): this transaction saves nothing.
    if (!finished) throw new ConflictError('cooperatives:import.notPending');
    return summary;
  });
}

function tally(rows: { action: string }[]): ImportSummary {
  const count = (a: string) => rows.filter((r) => r.action === a).length;
  return { created: count('create'), updated: count('update'), unchanged: count('unchanged'), errors: 0 };
}

async function failureOf(db: Kysely<Database>, batch: { id: string; started_at: Date }, error: unknown) {
  const message = error instanceof DomainError ? error.message : 'cooperatives:import.failure.database';
  if (!(error instanceof DomainError)) log('cooperatives').error('import commit failed', { batchId: batch.id, ...errorFields(error) });
  await markFailed(db, batch.id, message, batch.started_at);
}

/** Confirms a batch and waits for it (tests and small files). */
export async function commitImportBatch(db: Kysely<Database>, actor: Actor | null, batchId: string): Promise<ImportSummary | null> {
  const batch = await claim(db, actor, batchId);
  const stop = keepClaimAlive(db, batch.id, batch.started_at);
  try {
    return await commitClaimed(db, actor!, batch, () => {});
  } catch (error) {
    await failureOf(db, batch, error);
    return null;
  } finally {
    stop();
  }
}

/** Confirms a batch in the background; `done` settles when it has committed or failed. */
export async function startImportCommit(db: Kysely<Database>, actor: Actor | null, batchId: string): Promise<{ done: Promise<void> }> {
  const batch = await claim(db, actor, batchId);
  const entry: Running = { processed: 0, total: batch.row_count, done: Promise.resolve() };
  const stop = keepClaimAlive(db, batch.id, batch.started_at);
  entry.done = commitClaimed(db, actor!, batch, (n) => (entry.processed = n))
    .then(() => undefined)
    .catch((error: unknown) => failureOf(db, batch, error))
    .finally(() => {
      stop();
      runningCommits().delete(batch.id);
    });
  runningCommits().set(batch.id, entry);
  return { done: entry.done };
}
