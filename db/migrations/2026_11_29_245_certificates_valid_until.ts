import { sql, type Kysely } from 'kysely';

/**
 * Valid certificates by the day their validity ends: the dashboard's "expiring in the next
 * 90 days" reads one range of this index instead of every certificate (100,000 in the
 * dashboard benchmark: a parallel scan of the whole table on each page view). The
 * reminders' partial index (not yet reminded) does not serve it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index certificates_valid_until_idx on certificates (valid_until) where status = 'valid'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists certificates_valid_until_idx`.execute(db);
}
