import { sql, type Kysely } from 'kysely';

/**
 * Cohort scheduling and registration: a cohort may ask the coordinator to approve every
 * registration (otherwise eligible registrations are confirmed while seats remain), and
 * sessions are looked up by time for the double-booking warnings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table cohorts add column requires_approval boolean not null default false`.execute(db);
  await sql`create index cohort_sessions_time_idx on cohort_sessions (starts_at, ends_at)`.execute(db);
  await sql`create index cohorts_venue_name_idx on cohorts (lower(venue_name))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index cohorts_venue_name_idx`.execute(db);
  await sql`drop index cohort_sessions_time_idx`.execute(db);
  await sql`alter table cohorts drop column requires_approval`.execute(db);
}
