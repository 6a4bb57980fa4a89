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
  const [row] = await enqueueMails(trx, [mail]);
  return row!;
}

/**
 * Queues several messages at once, as `enqueueMail` does one: the Dinas names read in one
 * query, the rows written in one insert, the workers told once. For work that writes many
 * records in one transaction (a cohort's certificates), where a statement per message
 * would dominate. Ids come back in the order of `mails`.
 */
export async function enqueueMails(trx: Transaction<Database>, mails: readonly OutgoingMail[]): Promise<{ id: string }[]> {
  if (mails.length === 0) return [];
  const dinasIds = [...new Set(mails.map((m) => m.dinasId).filter((id): id is string => !!id))];
  const dinasNames = new Map(
    dinasIds.length ? (await trx.selectFrom('institutions').select(['id', 'name']).where('id', 'in', dinasIds).execute()).map((d) => [d.id, d.name]) : [],
  );
  const domain = new URL(config().PUBLIC_URL).hostname || 'kompeten.local';
  const values = mails.map((mail) => {
    const data = { portalUrl: config().PUBLIC_URL, ...mail.data, dinasName: (mail.dinasId && dinasNames.get(mail.dinasId)) ?? null, recipientName: mail.toName ?? null };
    const rendered = renderMail(mail.template, mail.locale, data);
    const attachments = validateAttachments(mail.attachments ?? []);
    return {
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
    };
  });
  const rows = await trx.insertInto('mail_outbox').values(values).returning(['id', 'message_id']).execute();
  const idOf = new Map(rows.map((r) => [r.message_id, r.id]));
  await announceMailQueued(trx);
  return values.map((v) => ({ id: idOf.get(v.message_id)! }));
}
