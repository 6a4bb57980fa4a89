import { sql, type Kysely } from 'kysely';

/** Outgoing mail is rendered when it is queued and kept as sent: subject and both bodies. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox add column html_body text not null default ''`.execute(db);
  await sql`alter table mail_outbox add column text_body text not null default ''`.execute(db);
  await sql`update mail_outbox set subject = '' where subject is null`.execute(db);
  await sql`alter table mail_outbox alter column subject set not null`.execute(db);
  await sql`create index mail_outbox_to_address_idx on mail_outbox (lower(to_address))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index mail_outbox_to_address_idx`.execute(db);
  await sql`alter table mail_outbox alter column subject drop not null`.execute(db);
  await sql`alter table mail_outbox drop column text_body`.execute(db);
  await sql`alter table mail_outbox drop column html_body`.execute(db);
}
