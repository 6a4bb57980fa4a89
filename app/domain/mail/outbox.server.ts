import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '~db/schema';
import { config } from '~/lib/config.server';
import { renderMail } from '~/lib/mail-templates.server';
import { validateAttachments } from './attachments.server';
import { announceMailQueued } from './signals.server';

/** A file sent with a message: inline content (base64), or a reference rendered at send time. */
export type MailAttachment =
  | { filename: string; contentType: string; contentBase64: string }
  | { filename: string; contentType: string; ref: { kind: 'certificate-pdf'; certificateId: string } };

export interface OutgoingMail {
  to: string;
  toName?: string | null;
  /** A folder under templates/email/ */
  template: string;
  locale: 'id' | 'en';
  data: Record<string, unknown>;
  /** The Dinas the message speaks for (its name heads the layout; coordinators see it). */
  dinasId?: string | null;
  attachments?: MailAttachment[];
}

/**
 * Queues a message in the outbox. Call it inside the transaction of the change it
 * reports: if that rolls back, the message was never queued; if it commits, the
 * delivery worker will send it. The message is rendered now and kept as rendered;
 * attachments are checked now (a malformed one throws) and produced at send time.
 */
export async function enqueueMail(trx: Transaction<Database>, mail: OutgoingMail): Promise<{ id: string }> {
  const dinas = mail.dinasId
    ? await trx.selectFrom('institutions').select('name').where('id', '=', mail.dinasId).executeTakeFirst()
    : undefined;
  const data = { portalUrl: config().PUBLIC_URL, ...mail.data, dinasName: dinas?.name ?? null, recipientName: mail.toName ?? null };
  const rendered = renderMail(mail.template, mail.locale, data);
  const attachments = validateAttachments(mail.attachments ?? []);
  const domain = new URL(config().PUBLIC_URL).hostname || 'kompeten.local';
  const row = await trx
    .insertInto('mail_outbox')
    .values({
      dinas_id: mail.dinasId ?? null,
      to_address: mail.to.trim().toLowerCase(),
      to_name: mail.toName ?? null,
      template: mail.template,
      locale: mail.locale,
      data: JSON.stringify(data),
      attachments: JSON.stringify(attachments),
      subject: rendered.subject,
      html_body: rendered.html,
      text_body: rendered.text,
      message_id: `<${randomUUID()}@${domain}>`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await announceMailQueued(trx);
  return row;
}
