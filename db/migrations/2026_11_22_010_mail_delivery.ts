import { sql, type Kysely } from 'kysely';

/**
 * Delivery: a claim token names the worker run that holds a message, so a worker whose
 * lease ran out (and whose message another worker took over) can't send or mark it; and
 * the coordinator's list reads a Dinas's mail newest first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox add column claim_token uuid`.execute(db);
  // No worker ran before this migration; anything marked sending is simply due again.
  await sql`update mail_outbox set status = 'pending', locked_until = null where status = 'sending'`.execute(db);
  await sql`alter table mail_outbox add constraint mail_outbox_sending_is_claimed
    check (status <> 'sending' or (claim_token is not null and locked_until is not null))`.execute(db);
  await sql`create index mail_outbox_dinas_created_idx on mail_outbox (dinas_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index mail_outbox_dinas_created_idx`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_sending_is_claimed`.execute(db);
  await sql`alter table mail_outbox drop column claim_token`.execute(db);
}
