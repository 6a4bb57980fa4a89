import { sql, type Kysely } from 'kysely';
import type { Database, MailStatus } from '~db/schema';
import { requirePermission, type Actor } from '~/lib/permissions';

/**
 * The platform operator's view of mail across every Dinas: how much is waiting, sending,
 * sent and failed, and the latest errors. Mail of every kind counts here — also the
 * password-reset and confirmation mail that coordinators never see — but nothing of a
 * message's recipient shows: a line names its Dinas, its template and its error, with any
 * e-mail address in the server's reply masked.
 */

export const MAIL_STATUSES: readonly MailStatus[] = ['pending', 'sending', 'sent', 'failed'];

export type OutboxCounts = Record<MailStatus, number>;

/** The outbox by status, in one aggregate query (also read by /metrics). */
export async function outboxCounts(db: Kysely<Database>): Promise<OutboxCounts> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', sql<number>`count(*)::int`.as('count')])
    .groupBy('status')
    .execute();
  const counts: OutboxCounts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export interface MailProblem {
  id: string;
  dinasName: string | null;
  template: string;
  status: MailStatus;
  attempts: number;
  error: string;
  createdAt: Date;
  nextAttemptAt: Date;
}

export interface MailOverview {
  counts: OutboxCounts;
  /** When the oldest message still waiting was queued (null: none waits). */
  oldestWaitingAt: Date | null;
  /** The latest messages that failed or are being retried after an error, newest first. */
  problems: MailProblem[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** An SMTP server's reply often repeats the recipient ("550 <x@y>: no such user"). */
export function withoutAddresses(text: string): string {
  return text.replace(EMAIL, '[…]');
}

export const MAIL_PROBLEMS_SHOWN = 20;

export async function mailOverview(db: Kysely<Database>, actor: Actor | null): Promise<MailOverview> {
  requirePermission(actor, 'platform:manage', { platform: true });
  const [counts, oldest, rows] = await Promise.all([
    outboxCounts(db),
    db
      .selectFrom('mail_outbox')
      .select(sql<Date | null>`min(created_at)`.as('at'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('mail_outbox as m')
      .leftJoin('institutions as d', 'd.id', 'm.dinas_id')
      .select(['m.id', 'd.name as dinas_name', 'm.template', 'm.status', 'm.attempts', 'm.last_error', 'm.created_at', 'm.next_attempt_at'])
      .where('m.last_error', 'is not', null)
      .where('m.status', 'in', ['failed', 'pending'])
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id')
      .limit(MAIL_PROBLEMS_SHOWN)
      .execute(),
  ]);
  return {
    counts,
    oldestWaitingAt: oldest.at ? new Date(oldest.at) : null,
    problems: rows.map((r) => ({
      id: r.id,
      dinasName: r.dinas_name,
      template: r.template,
      status: r.status,
      attempts: r.attempts,
      error: withoutAddresses(r.last_error ?? '').slice(0, 300),
      createdAt: r.created_at,
      nextAttemptAt: r.next_attempt_at,
    })),
  };
}
