import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '~db/schema';

/**
 * Attachments of a queued message, as stored in `mail_outbox.attachments`: inline content
 * (base64, e.g. an .ics invitation), or a reference to a document that is rendered when the
 * message is sent (e.g. a certificate PDF, which is a pure function of its stored snapshot).
 */
const filename = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => !/[/\\]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 32), 'an attachment file name has no path or control characters');
const contentType = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+(\s*;.*)?$/i, 'not a MIME type');

/** About 10 MB of content: mail servers commonly refuse larger messages. */
const MAX_INLINE_BASE64 = 14_000_000;

const InlineAttachment = z.object({
  filename,
  contentType,
  contentBase64: z
    .string()
    .max(MAX_INLINE_BASE64, 'an inline attachment is larger than 10 MB')
    .transform((s) => s.replace(/\s+/g, ''))
    .refine((s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0, 'contentBase64 is not base64'),
});

const CertificatePdfRef = z.object({ kind: z.literal('certificate-pdf'), certificateId: z.uuid() });

const ReferencedAttachment = z.object({ filename, contentType, ref: CertificatePdfRef });

export const MailAttachmentSchema = z.union([InlineAttachment, ReferencedAttachment]);
export type AttachmentRef = z.infer<typeof CertificatePdfRef>;

/** Renders the document a reference points to. */
export type AttachmentResolver<R extends AttachmentRef = AttachmentRef> = (db: Kysely<Database>, ref: R) => Promise<Buffer>;

/**
 * The documents the worker knows how to render, by reference kind. A kind that is allowed
 * in the outbox but has no resolver here fails its message with a clear reason. The area
 * that owns a kind registers its renderer (mail cannot import the areas that send mail):
 * `registerCertificateAttachments()` in the certificates area, called where the worker starts.
 */
export const attachmentResolvers: { [K in AttachmentRef['kind']]?: AttachmentResolver<Extract<AttachmentRef, { kind: K }>> } = {};

/**
 * An attachment that can't be produced. `permanent` (the default: an unknown or malformed
 * attachment) fails the message at once; a renderer's own failure is retried like an
 * SMTP outage.
 */
export class AttachmentError extends Error {
  override name = 'AttachmentError';
  constructor(
    message: string,
    readonly permanent = true,
  ) {
    super(message);
  }
}

export interface ResolvedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Checks attachments before they are queued (throws a ZodError naming the bad one). */
export function validateAttachments(attachments: unknown[]): z.infer<typeof MailAttachmentSchema>[] {
  return z.array(MailAttachmentSchema).parse(attachments);
}

/** Turns the stored attachment list into file contents, or throws `AttachmentError`. */
export async function resolveAttachments(db: Kysely<Database>, stored: unknown): Promise<ResolvedAttachment[]> {
  if (!Array.isArray(stored)) throw new AttachmentError('The stored attachment list is not a list.');
  const resolved: ResolvedAttachment[] = [];
  for (const [index, raw] of stored.entries()) {
    const refKind = (raw as { ref?: { kind?: unknown } } | null)?.ref?.kind;
    if (refKind !== undefined && !Object.hasOwn(attachmentResolvers, String(refKind))) {
      throw new AttachmentError(`Attachment ${index + 1}: unknown document reference "${String(refKind)}" (no renderer for it).`);
    }
    const parsed = MailAttachmentSchema.safeParse(raw);
    if (!parsed.success) {
      throw new AttachmentError(`Attachment ${index + 1} is malformed: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    const attachment = parsed.data;
    if ('contentBase64' in attachment) {
      resolved.push({ filename: attachment.filename, contentType: attachment.contentType, content: Buffer.from(attachment.contentBase64, 'base64') });
      continue;
    }
    const resolver = attachmentResolvers[attachment.ref.kind];
    if (!resolver) throw new AttachmentError(`Attachment ${index + 1}: unknown document reference "${attachment.ref.kind}".`);
    try {
      resolved.push({ filename: attachment.filename, contentType: attachment.contentType, content: await resolver(db, attachment.ref) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // A renderer's AttachmentError says whether trying again can help (a deleted document cannot).
      const permanent = error instanceof AttachmentError ? error.permanent : false;
      throw new AttachmentError(`Attachment ${index + 1} (${attachment.ref.kind}) could not be rendered: ${reason}`, permanent);
    }
  }
  return resolved;
}
