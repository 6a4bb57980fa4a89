import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { errorFields, log as componentLog } from '~/lib/log.server';
import type { Mailer } from '~/lib/mailer.server';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './delivery-rules';
import { DEFAULT_BATCH_SIZE, deliverDueMail, type DeliveryOptions, type MailLog, type RoundResult } from './delivery.server';
import { onMailQueued } from './signals.server';

/**
 * The delivery worker: runs delivery rounds until nothing is due, then sleeps for the
 * poll interval or until woken (mail queued in this process, a NOTIFY from another, a
 * resend). `stop()` lets the round in progress finish, so no claim is left behind.
 */
export interface MailWorkerOptions {
  mailer: Mailer;
  maxAttempts: number;
  pollIntervalMs?: number;
  batchSize?: number;
  leaseMs?: number;
  retry?: Partial<Omit<RetryPolicy, 'maxAttempts'>>;
  random?: () => number;
  log?: MailLog & { error(message: string, error: unknown): void };
  /** Told each round's outcome (the process's metrics). */
  onRound?: (round: RoundResult) => void;
}

export interface MailWorker {
  start(): void;
  /** Finishes the round in progress, then stops; the mailer is closed. */
  stop(): Promise<void>;
  /** Runs a round now instead of at the next poll. */
  wake(): void;
  /** Runs rounds until nothing is due (tests, and the loop itself). */
  drain(): Promise<RoundResult>;
  readonly running: boolean;
}

export const DEFAULT_POLL_INTERVAL_MS = 5_000;

export function createMailWorker(db: Kysely<Database>, options: MailWorkerOptions): MailWorker {
  const mailLog = componentLog('mail');
  const log = options.log ?? {
    info: (m: string, fields?: Record<string, unknown>) => mailLog.info(m, fields),
    warn: (m: string, fields?: Record<string, unknown>) => mailLog.warn(m, fields),
    error: (m: string, e: unknown) => mailLog.error(m, errorFields(e)),
  };
  const delivery: DeliveryOptions = {
    mailer: options.mailer,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry, maxAttempts: options.maxAttempts },
    batchSize: options.batchSize,
    leaseMs: options.leaseMs,
    random: options.random,
    log,
  };
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  let running = false;
  let woken = false;
  let interruptSleep: (() => void) | null = null;
  let loopDone: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;

  async function drain(keepGoing: () => boolean = () => true): Promise<RoundResult> {
    const total: RoundResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const round = await deliverDueMail(db, delivery);
      options.onRound?.(round);
      total.claimed += round.claimed;
      total.sent += round.sent;
      total.retrying += round.retrying;
      total.failed += round.failed;
      // A full batch means more may be due; a stopping worker leaves the rest to the next run.
      if (round.claimed < (delivery.batchSize ?? DEFAULT_BATCH_SIZE) || !keepGoing()) break;
    }
    return total;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interruptSleep = null;
        resolve();
      }
      interruptSleep = done;
    });
  }

  async function loop() {
    while (running) {
      woken = false;
      try {
        await drain(() => running);
      } catch (error) {
        log.error('a delivery round failed; trying again at the next poll', error);
      }
      if (!running) break;
      if (!woken) await sleep(pollIntervalMs);
    }
  }

  const wake = () => {
    woken = true;
    interruptSleep?.();
  };

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      unsubscribe = onMailQueued(wake);
      loopDone = loop();
    },
    async stop() {
      if (!running) {
        options.mailer.close();
        return;
      }
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      interruptSleep?.();
      await loopDone;
      options.mailer.close();
    },
    wake,
    drain: () => drain(),
  };
}
