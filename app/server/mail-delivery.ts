import { registerCertificateAttachments } from '~/domain/certificates/attachment.server';
import { sendExpiryReminders } from '~/domain/certificates/reminders.server';
import { createMailWorker } from '~/domain/mail/worker.server';
import { MAIL_QUEUED_CHANNEL } from '~/domain/mail/signals.server';
import type { Config } from '~/lib/config.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createSmtpMailer } from '~/lib/mailer.server';
import { errorFields, log } from '~/lib/log.server';
import { listenForNotifications } from '~/lib/pg-notify.server';
import { metrics } from './metrics';

const mailLog = log('mail');

export interface MailDelivery {
  stop(): Promise<void>;
}

/** `smtp://user:secret@host` → `smtp://user:***@host`, for the log. */
export function redactSmtpUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Starts the delivery worker over SMTP_URL. On PostgreSQL it also LISTENs for mail queued
 * by any process, so a message leaves within moments of its commit, not at the next poll.
 */
export function startMailDelivery(database: DatabaseHandle, config: Config & { SMTP_URL: string }): MailDelivery {
  registerCertificateAttachments();
  const worker = createMailWorker(database.db, {
    mailer: createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM }),
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
    leaseMs: config.MAIL_LEASE_SECONDS * 1000,
    onRound: (round) => metrics().countDeliveries(round),
  });
  worker.start();
  const reminders = startExpiryReminders(database);
  const listener =
    database.kind === 'postgres' && config.DATABASE_URL
      ? listenForNotifications(config.DATABASE_URL, MAIL_QUEUED_CHANNEL, () => worker.wake(), {
          onError: (error) => mailLog.warn('listening for queued mail failed (polling continues)', errorFields(error)),
        })
      : null;
  mailLog.info(`delivery worker started: sending over ${redactSmtpUrl(config.SMTP_URL)}`);
  return {
    async stop() {
      reminders.stop();
      await listener?.close();
      await worker.stop();
      mailLog.info('delivery worker stopped');
    },
  };
}

/** How often the certificate expiry reminders are looked for. */
const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Hourly (and a minute after start): reminds of certificates expiring within 90 days.
 * Every instance may run it; the job claims certificates with SKIP LOCKED and marks them
 * in the same transaction, so each reminder goes out once.
 */
function startExpiryReminders(database: DatabaseHandle): { stop(): void } {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = sendExpiryReminders(database.db)
      .then((count) => {
        if (count) mailLog.info(`expiry reminders queued for ${count} certificate(s)`, { certificates: count });
      })
      .catch((error: unknown) => mailLog.warn('expiry reminders failed (retried next hour)', errorFields(error)))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, REMINDER_INTERVAL_MS);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
