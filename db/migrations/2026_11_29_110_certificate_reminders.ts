import { sql, type Kysely } from 'kysely';

/**
 * `certificates.reminded_at`: when the holder (and their cooperative's administrators) were
 * reminded that the certificate expires within 90 days. The reminder job claims
 * certificates with `for update skip locked` and sets this in the same transaction as the
 * queued mails, so several app instances on one database send each reminder once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table certificates add column reminded_at timestamptz`.execute(db);
  await sql`create index certificates_expiring_idx on certificates (valid_until) where status = 'valid' and reminded_at is null and valid_until is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists certificates_expiring_idx`.execute(db);
  await sql`alter table certificates drop column reminded_at`.execute(db);
}
