import { sql, type Kysely } from 'kysely';

/**
 * A RAT known only by its fiscal year: a Dinas's registry file often says "RAT Terakhir: 2025"
 * without the day it was held. The meeting is recorded (it counts for the "no RAT last year"
 * filter) with `held_on` empty; whether it was on time is then unknown.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table annual_meetings alter column held_on drop not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from annual_meetings where held_on is null`.execute(db);
  await sql`alter table annual_meetings alter column held_on set not null`.execute(db);
}
