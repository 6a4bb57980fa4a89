import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '~db/schema';
import type { Mailer } from '~/lib/mailer.server';
import { resolveAttachments } from './attachments.server';
import { outcomeOfFailure, type RetryPolicy, type SendFailure } from './delivery-rules';

/**
 * One delivery round: claim due messages, send each, record what happened.
 *
 * A claim is one statement (`FOR UPDATE SKIP LOCKED`): workers in several processes each
 * take different rows and never wait for each other. A claimed row is `sending` under a
 * lease (`locked_until`) and a claim token; a worker that dies mid-round leaves rows whose
 * lease runs out, and the next round takes them again. Every later write names the token,
 * so a worker that lost its claim (its lease ran out and another took the row over) can
 * neither send nor mark the message. Delivery is at-least-once in that one case (a worker
 * dying between the SMTP reply and its write): the stable Message-ID lets the receiving side
 * recognise the repeat.
 */

export interface DeliveryOptions {
  mailer: Mailer;
  policy: RetryPolicy;
  /** Messages claimed per round. */
  batchSize?: number;
  /** How long a claim holds before another worker may take the message over. */
  leaseMs?: number;
  random?: () => number;
  log?: MailLog;
}

/** Where a round reports; lines name a message by its id, never by its recipient. */
export interface MailLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface RoundResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

export const DEFAULT_BATCH_SIZE = 10;
export const DEFAULT_LEASE_MS = 5 * 60_000;

const leaseInterval = (ms: number) => sql<Date>`now() + ${ms} * interval '1 millisecond'`;

interface ClaimedMessage {
  id: string;
  to_address: string;
  to_name: string | null;
  template: string;
  subject: string;
  html_body: string;
  text_body: string;
  attachments: unknown;
  message_id: string;
  attempts: number;
}

/** Fails messages whose worker vanished after their last allowed attempt had begun. */
async function failAbandoned(db: Kysely<Database>, maxAttempts: number): Promise<number> {
  const result = await db
    .updateTable('mail_outbox')
    .set({
      status: 'failed',
      claim_token: null,
      locked_until: null,
      last_error: sql`coalesce(last_error || ' / ', '') || 'the delivery worker stopped during the last attempt'`,
    })
    .where('status', '=', 'sending')
    .where('locked_until', '<', sql<Date>`now()`)
    .where('attempts', '>=', maxAttempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims up to `limit` due messages for this round (oldest due first); one statement, run in its caller's transaction. */
async function claimDueMessages(trx: Transaction<Database>, token: string, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  return trx
    .with('due', (qb) =>
      qb
        .selectFrom('mail_outbox')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', sql<Date>`now()`)]),
            eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', sql<Date>`now()`)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .updateTable('mail_outbox')
    .from('due')
    .set((eb) => ({
      status: 'sending',
      claim_token: token,
      locked_until: leaseInterval(leaseMs),
      attempts: eb('mail_outbox.attempts', '+', 1),
    }))
    .whereRef('mail_outbox.id', '=', 'due.id')
    .returning([
      'mail_outbox.id',
      'mail_outbox.to_address',
      'mail_outbox.to_name',
      'mail_outbox.template',
      'mail_outbox.subject',
      'mail_outbox.html_body',
      'mail_outbox.text_body',
      'mail_outbox.attachments',
      'mail_outbox.message_id',
      'mail_outbox.attempts',
    ])
    .execute();
}

/** Extends the lease before a send; false when the claim was lost to another worker. */
async function renewClaim(db: Kysely<Database>, id: string, token: string, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ locked_until: leaseInterval(leaseMs) })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function asFailure(error: unknown): SendFailure {
  if (error instanceof Error) {
    const e = error as Error & { code?: unknown; responseCode?: unknown; response?: unknown; permanent?: unknown };
    return {
      message: e.message,
      code: typeof e.code === 'string' ? e.code : undefined,
      responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
      response: typeof e.response === 'string' ? e.response : undefined,
      permanent: typeof e.permanent === 'boolean' ? e.permanent : undefined,
    };
  }
  return { message: String(error) };
}

/** Claims one batch of due messages and tries each once. */
export async function deliverDueMail(db: Kysely<Database>, options: DeliveryOptions): Promise<RoundResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const result: RoundResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 };

  result.failed += await failAbandoned(db, options.policy.maxAttempts);
  const token = randomUUID();
  const claimed = await db.transaction().execute((trx) => claimDueMessages(trx, token, batchSize, leaseMs));
  result.claimed = claimed.length;
  const claimedAt = Date.now();

  for (const message of claimed) {
    // A long round (a slow server) renews each claim before sending on it.
    if (Date.now() - claimedAt > leaseMs / 3 && !(await renewClaim(db, message.id, token, leaseMs))) continue;
    try {
      const attachments = await resolveAttachments(db, message.attachments);
      await options.mailer.send({
        messageId: message.message_id,
        to: message.to_address,
        toName: message.to_name,
        subject: message.subject,
        html: message.html_body,
        text: message.text_body,
        attachments,
      });
    } catch (error) {
      const outcome = outcomeOfFailure(asFailure(error), message.attempts, options.policy, options.random);
      if (outcome.status === 'failed') {
        await updateOwned(db, message.id, token)
          .set({ status: 'failed', last_error: outcome.reason, claim_token: null, locked_until: null })
          .execute();
        result.failed++;
        options.log?.warn(`mail ${message.id} failed after ${message.attempts} attempt(s): ${outcome.reason}`, {
          mailId: message.id,
          template: message.template,
          attempts: message.attempts,
        });
      } else {
        await updateOwned(db, message.id, token)
          .set({
            status: 'pending',
            last_error: outcome.reason,
            claim_token: null,
            locked_until: null,
            next_attempt_at: sql<Date>`now() + ${outcome.retryInMs} * interval '1 millisecond'`,
          })
          .execute();
        result.retrying++;
        options.log?.warn(`mail ${message.id}: attempt ${message.attempts} failed, retrying in ${Math.round(outcome.retryInMs / 1000)} s: ${outcome.reason}`, {
          mailId: message.id,
          template: message.template,
          attempts: message.attempts,
        });
      }
      continue;
    }
    await updateOwned(db, message.id, token)
      .set({ status: 'sent', sent_at: sql<Date>`now()`, last_error: null, claim_token: null, locked_until: null })
      .execute();
    result.sent++;
  }
  if (result.claimed > 0) {
    options.log?.info(`round: ${result.sent} sent, ${result.retrying} to retry, ${result.failed} failed`, { ...result });
  }
  return result;
}

/** An update of a message this round still holds. */
function updateOwned(db: Kysely<Database>, id: string, token: string) {
  return db.updateTable('mail_outbox').where('id', '=', id).where('claim_token', '=', token).where('status', '=', 'sending');
}
