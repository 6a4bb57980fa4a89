import { registerCertificateAttachments } from '~/domain/certificates/attachment.server';
import { createMailWorker } from '~/domain/mail/worker.server';
import { MAIL_QUEUED_CHANNEL } from '~/domain/mail/signals.server';
import type { Config } from '~/lib/config.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createSmtpMailer } from '~/lib/mailer.server';
import { listenForNotifications } from '~/lib/pg-notify.server';

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
  });
  worker.start();
  const listener =
    database.kind === 'postgres' && config.DATABASE_URL
      ? listenForNotifications(config.DATABASE_URL, MAIL_QUEUED_CHANNEL, () => worker.wake(), {
          onError: (error) =>
            console.warn(`[mail] listening for queued mail failed (polling continues): ${error instanceof Error ? error.message : String(error)}`),
        })
      : null;
  console.log(`[mail] delivery worker started: sending over ${redactSmtpUrl(config.SMTP_URL)} as ${config.MAIL_FROM}`);
  return {
    async stop() {
      await listener?.close();
      await worker.stop();
      console.log('[mail] delivery worker stopped');
    },
  };
}
