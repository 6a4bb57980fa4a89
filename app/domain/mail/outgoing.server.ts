import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, MailStatus, TimeZone } from '~db/schema';
import { DEFAULT_TIME_ZONE } from '~/lib/dates';
import { isUuid } from '~/lib/ids';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { can, institutionsFor, requirePermission, type Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { MailAttachmentSchema } from './attachments.server';
import type { OutgoingSortKey } from './outgoing-list';
import { announceMailQueued, wakeMailWorkers } from './signals.server';

/**
 * The coordinator's view of outgoing mail ("Surat keluar"): what the portal sent, is about
 * to send, or could not send on behalf of their Dinas, and a resend for a failed message.
 * Mail of another Dinas is not found; mail of no Dinas (system mail) is shown to no one.
 */


export interface OutgoingMailFilter {
  /** Part of the recipient's address or name. */
  recipient?: string;
  status?: MailStatus;
}

export interface OutgoingMailSummary {
  id: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  status: MailStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutgoingMailDetail extends OutgoingMailSummary {
  dinasId: string;
  /** The Dinas's zone, in which its dates are shown. */
  timeZone: TimeZone;
  template: string;
  locale: 'id' | 'en';
  messageId: string;
  htmlBody: string;
  textBody: string;
  lastError: string | null;
  nextAttemptAt: Date;
  attachments: { filename: string; contentType: string; bytes: number | null; reference: string | null }[];
}

/** The Dinas whose mail the actor may read. */
function readableDinas(actor: Actor): string[] {
  return institutionsFor(actor, 'coordinator').filter((dinasId) => can(actor, 'mail:read', { dinasId }));
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listOutgoingMail(
  db: Kysely<Database>,
  actor: Actor,
  filter: OutgoingMailFilter,
  params: ListParams<OutgoingSortKey>,
): Promise<{ page: Page<OutgoingMailSummary>; timeZone: TimeZone }> {
  const dinasIds = readableDinas(actor);
  if (dinasIds.length === 0) throw new NotFoundError('common:error.notFoundBody');
  const dinas = await db.selectFrom('institutions').select('time_zone').where('id', '=', dinasIds[0]!).executeTakeFirst();

  let query = db.selectFrom('mail_outbox').where('dinas_id', 'in', dinasIds);
  const recipient = filter.recipient?.trim().toLowerCase();
  if (recipient) {
    const pattern = `%${escapeLike(recipient)}%`;
    query = query.where((eb) =>
      eb.or([eb(sql`lower(to_address)`, 'like', pattern), eb(sql`lower(coalesce(to_name, ''))`, 'like', pattern)]),
    );
  }
  if (filter.status) query = query.where('status', '=', filter.status);

  const column = { created: 'created_at', recipient: 'to_address', subject: 'subject', status: 'status' } as const;
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'to_address', 'to_name', 'subject', 'status', 'attempts', 'created_at', 'sent_at'])
      .orderBy(column[params.sort], params.dir)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(params.pageSize)
      .offset(params.offset)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ]);
  const page = pageOf(
    rows.map((r) => ({
      id: r.id,
      toAddress: r.to_address,
      toName: r.to_name,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    })),
    count.count,
    params,
  );
  return { page, timeZone: dinas?.time_zone ?? DEFAULT_TIME_ZONE };
}

/** A message of a Dinas the actor may act for (`permission`); anything else is not found. */
export async function requireOutgoingMail(db: Kysely<Database>, actor: Actor | null, id: string, permission: 'mail:read' | 'mail:resend'): Promise<{ id: string }> {
  if (!isUuid(id)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db.selectFrom('mail_outbox').select(['id', 'dinas_id']).where('id', '=', id).executeTakeFirst();
  if (!row || !row.dinas_id) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, permission, { dinasId: row.dinas_id });
  return { id: row.id };
}

export async function getOutgoingMail(db: Kysely<Database>, actor: Actor, id: string): Promise<OutgoingMailDetail> {
  if (!isUuid(id)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db
    .selectFrom('mail_outbox')
    .leftJoin('institutions as dinas', 'dinas.id', 'mail_outbox.dinas_id')
    .selectAll('mail_outbox')
    .select('dinas.time_zone')
    .where('mail_outbox.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.dinas_id) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'mail:read', { dinasId: row.dinas_id });
  return {
    id: row.id,
    dinasId: row.dinas_id,
    timeZone: row.time_zone ?? DEFAULT_TIME_ZONE,
    toAddress: row.to_address,
    toName: row.to_name,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    template: row.template,
    locale: row.locale,
    messageId: row.message_id,
    htmlBody: withoutSingleUseLinks(row.html_body),
    textBody: withoutSingleUseLinks(row.text_body),
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    attachments: describeAttachments(row.attachments),
  };
}

/**
 * A confirmation, invitation or password-reset link works once for whoever holds it: the
 * outgoing-mail page says that a link was sent, never the link, so nobody but the
 * recipient can use it (e.g. activate an account without owning its mailbox).
 */
// The slashes may stand as `&#x2F;` in the HTML body (the template escapes them).
const SINGLE_USE_LINK = /((?:\/|&#x2F;)(?:confirm-email|invitations|reset-password)(?:\/|&#x2F;))[A-Za-z0-9_-]{16,}/g;

export function withoutSingleUseLinks(body: string): string {
  return body.replace(SINGLE_USE_LINK, '$1…');
}

function describeAttachments(stored: unknown): OutgoingMailDetail['attachments'] {
  if (!Array.isArray(stored)) return [];
  return stored.map((raw) => {
    const parsed = MailAttachmentSchema.safeParse(raw);
    if (!parsed.success) {
      const name = (raw as { filename?: unknown } | null)?.filename;
      return { filename: typeof name === 'string' ? name : '?', contentType: '?', bytes: null, reference: null };
    }
    const a = parsed.data;
    if ('contentBase64' in a) {
      const padding = a.contentBase64.endsWith('==') ? 2 : a.contentBase64.endsWith('=') ? 1 : 0;
      return { filename: a.filename, contentType: a.contentType, bytes: (a.contentBase64.length / 4) * 3 - padding, reference: null };
    }
    return { filename: a.filename, contentType: a.contentType, bytes: null, reference: a.ref.kind };
  });
}

/**
 * Puts a failed message back in the queue with a fresh set of attempts (same Message-ID).
 * Only a failed message can be resent: anything else is on its way or already delivered.
 */
export async function resendMail(db: Kysely<Database>, actor: Actor, id: string): Promise<{ id: string; toAddress: string }> {
  if (!isUuid(id)) throw new NotFoundError('common:error.notFoundBody');
  const resent = await db.transaction().execute((trx) => requeueFailedMail(trx, actor, id));
  // Committed: a worker in this process sends it now rather than at its next poll.
  wakeMailWorkers();
  return resent;
}

/** Requeues one failed message under a row lock, audited. */
async function requeueFailedMail(trx: Transaction<Database>, actor: Actor, id: string): Promise<{ id: string; toAddress: string }> {
  const row = await trx
    .selectFrom('mail_outbox')
    .select(['id', 'dinas_id', 'status', 'attempts', 'last_error', 'to_address'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || !row.dinas_id) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'mail:resend', { dinasId: row.dinas_id });
  if (row.status !== 'failed') throw new ConflictError('mail:errors.onlyFailedCanBeResent');
  await trx
    .updateTable('mail_outbox')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: sql<Date>`now()`,
      last_error: null,
      claim_token: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .execute();
  await recordAudit(trx, {
    actor,
    action: 'mail.resend',
    entityType: 'mail_outbox',
    entityId: id,
    dinasId: row.dinas_id,
    before: { status: row.status, attempts: row.attempts, lastError: row.last_error },
    after: { status: 'pending', attempts: 0 },
  });
  await announceMailQueued(trx);
  return { id, toAddress: row.to_address };
}
