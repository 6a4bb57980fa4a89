import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { singleton } from '~/lib/singleton.server';

/**
 * How a delivery worker learns that mail is waiting, sooner than its next poll:
 * - in this process, a direct call (on PGlite the worker's claim then queues behind the
 *   enqueuing transaction on the one connection, so it sees the committed row);
 * - across processes on PostgreSQL, NOTIFY on this channel, which is delivered at commit
 *   and never for a rolled-back transaction.
 */
export const MAIL_QUEUED_CHANNEL = 'kompeten_mail_queued';

const wakers = () => singleton('mail-worker-wakers', () => new Set<() => void>());

/** Registers a worker's wake-up; returns the function that removes it. */
export function onMailQueued(wake: () => void): () => void {
  wakers().add(wake);
  return () => wakers().delete(wake);
}

/** Wakes the delivery workers of this process (e.g. after a resend was committed). */
export function wakeMailWorkers(): void {
  for (const wake of wakers()) wake();
}

/**
 * The queuing transaction has not committed when we are called, so on PostgreSQL a worker
 * woken at once may look before the row is visible. It is woken again shortly after; the
 * poll interval remains the last resort.
 */
const FOLLOW_UP_WAKES_MS = [250, 1_500];

/** Called inside the transaction that queued mail. */
export async function announceMailQueued(trx: Kysely<Database>): Promise<void> {
  await sql`select pg_notify(${MAIL_QUEUED_CHANNEL}, '')`.execute(trx);
  wakeMailWorkers();
  if (wakers().size === 0) return;
  for (const ms of FOLLOW_UP_WAKES_MS) setTimeout(wakeMailWorkers, ms).unref();
}
