import { sql, type Kysely } from 'kysely';

/**
 * For "has a certified holder of position X" (the registry's filter and the coverage
 * report, `hasCertifiedHolder` in app/domain/cooperatives/certified-holders.server.ts):
 * - `staff_positions.position_key`: the position normalized as `normalizePosition` does
 *   (trimmed, runs of white space to one space, lower case), computed by the database. A
 *   query compares a plain column instead of running a regular expression on every roster
 *   row (over 250,000 rows that alone took a third of a second), and it is indexed with
 *   what the check reads;
 * - valid certificates of competency by person (a partial index: revoked, superseded and
 *   training certificates never count).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table staff_positions add column position_key text
    generated always as (lower(regexp_replace(btrim(position), '\\s+', ' ', 'g'))) stored`.execute(db);
  await sql`create index staff_positions_position_key_idx on staff_positions (position_key, cooperative_id) include (person_id, starts_on, ends_on)`.execute(db);
  await sql`create index certificates_valid_competency_person_idx on certificates (person_id) include (valid_until) where kind = 'competency' and status = 'valid'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists certificates_valid_competency_person_idx`.execute(db);
  await sql`drop index if exists staff_positions_position_key_idx`.execute(db);
  await sql`alter table staff_positions drop column position_key`.execute(db);
}
