import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { AttachmentError, attachmentResolvers, type AttachmentRef } from '~/domain/mail/attachments.server';
import { config } from '~/lib/config.server';
import { isUuid } from '~/lib/ids';
import { certificatePdf } from './pdf-renderer.server';
import type { CertificateSnapshot } from './snapshot';

/**
 * The mail worker's renderer for `{ kind: 'certificate-pdf', certificateId }`: the
 * certificate's PDF from its stored snapshot, made when the message is sent (so the
 * outbox holds a reference, not megabytes). A certificate that no longer exists fails the
 * message at once; a rendering failure is retried like an SMTP outage.
 */
export async function certificatePdfAttachment(db: Kysely<Database>, ref: Extract<AttachmentRef, { kind: 'certificate-pdf' }>): Promise<Buffer> {
  const row = isUuid(ref.certificateId)
    ? await db.selectFrom('certificates').select(['snapshot', 'template_version']).where('id', '=', ref.certificateId).executeTakeFirst()
    : undefined;
  if (!row) throw new AttachmentError(`certificate ${ref.certificateId} does not exist.`);
  return certificatePdf(row.snapshot as unknown as CertificateSnapshot, row.template_version, { publicUrl: config().PUBLIC_URL });
}

/** Lets the mail worker render `certificate-pdf` attachments (call it before the worker starts). */
export function registerCertificateAttachments(): void {
  attachmentResolvers['certificate-pdf'] = certificatePdfAttachment;
}

/** The file name a certificate's PDF is sent and downloaded under. */
export const certificateFileName = (number: string) => `sertifikat-${number.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`;
