import { sql, type Kysely } from 'kysely';

/**
 * Rate-limit counters are written on every public lookup (each certificate check counts
 * against its address). They need no durability: after a crash the windows start afresh,
 * which only forgives a minute's attempts. Unlogged, each count skips the write-ahead log
 * and its flush at commit. (A standby does not get the counters; after a failover they
 * start afresh too.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rate_limits set unlogged`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rate_limits set logged`.execute(db);
}
