import { sql, type Kysely } from 'kysely';

/**
 * Certificates as they are issued.
 *
 * - `certificate_sequences`: the last number given per program and year, one row each. The
 *   issuing transaction takes the next number with one `insert … on conflict do update …
 *   returning` (the row stays locked until that transaction commits), so numbers are
 *   gapless per program and year even with several issuers at once: a certificate that
 *   is rolled back gives its number back with it. Both kinds share the counter, so a
 *   pattern without `{kind}` still yields unique numbers.
 * - `certificates.sequence` / `sequence_year`: the number's parts, for ordering and checks.
 * - One VALID certificate per registration and kind stays the database's rule (the init
 *   migration's unique index): a revoked one may later be followed by a new one. The issue
 *   action itself skips a registration that has any certificate of the kind not superseded
 *   (valid or revoked), under a lock on the registration's row.
 * - The verification code: Crockford base32, 16 characters (80 bits), stored without the
 *   grouping dashes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table certificate_sequences (
    program_id uuid not null references programs (id) on delete cascade,
    year integer not null check (year between 2000 and 2999),
    last_seq integer not null check (last_seq >= 1),
    primary key (program_id, year)
  )`.execute(db);
  await sql`alter table certificates
    add column sequence integer,
    add column sequence_year integer,
    add constraint certificates_sequence_check check ((sequence is null) = (sequence_year is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table certificates drop constraint certificates_sequence_check, drop column sequence, drop column sequence_year`.execute(db);
  await sql`drop table certificate_sequences`.execute(db);
}
