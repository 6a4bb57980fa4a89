import { sql, type Kysely } from 'kysely';

/**
 * An import commit's heartbeat: the worker that claimed a batch ('committing') touches
 * heartbeat_at every few seconds while its transaction runs. A batch whose heartbeat has
 * stopped belongs to a worker that is gone (a crash, a restart): its transaction rolled
 * back, nothing was saved, and the batch may be claimed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table import_batches add column heartbeat_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table import_batches drop column heartbeat_at`.execute(db);
}
