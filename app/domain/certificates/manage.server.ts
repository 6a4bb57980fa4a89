import type { Kysely, Transaction } from 'kysely';
import type { CertificateKind, CertificateStatus, Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { mailRecipients } from '~/domain/cohorts/mail.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { config } from '~/lib/config.server';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';
import { groupCode } from './codes';
import { sharedFacts, writeCertificate } from './issue.server';
import type { CertificateSnapshot } from './snapshot';

/**
 * The coordinator's care of an issued certificate: look at it with its history, revoke it
 * (with a reason the public verification shows at once), or issue it again after a
 * correction (a new number and code, a fresh snapshot; the old one is superseded and
 * points to the new, and the holder is told by e-mail).
 */
export interface CertificateDetail {
  id: string;
  number: string;
  code: string;
  groupedCode: string;
  kind: CertificateKind;
  status: CertificateStatus;
  holder: string;
  personId: string;
  holderEmail: string | null;
  cooperative: string | null;
  cohortId: string;
  cohortName: string;
  timeZone: CertificateSnapshot['timeZone'];
  issuedAt: Date;
  validUntil: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
  needsReissue: boolean;
  reissueReason: string | null;
  /** The holder's name now differs from the one printed. */
  nameChanged: boolean;
  currentName: string | null;
  /** Every certificate of this registration and kind, oldest first (the reissue chain). */
  history: { id: string; number: string; code: string; status: CertificateStatus; issuedAt: Date; supersededById: string | null }[];
}

async function certificateRow(db: Kysely<Database>, id: string) {
  if (!isUuid(id)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db
    .selectFrom('certificates as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .select([
      'x.id', 'x.number', 'x.verification_code as code', 'x.kind', 'x.status', 'x.person_id as personId', 'x.cooperative_id as cooperativeId',
      'x.enrollment_id as enrollmentId', 'x.issued_at as issuedAt', 'x.valid_until as validUntil', 'x.revoked_at as revokedAt',
      'x.revoke_reason as revokeReason', 'x.needs_reissue as needsReissue', 'x.reissue_reason as reissueReason', 'x.snapshot', 'e.cohort_id as cohortId',
    ])
    .where('x.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  return row;
}

/** A certificate of the actor's Dinas with 'certificate:manage'; anyone else's answers "not found". */
export async function requireCertificate(db: Kysely<Database>, actor: Actor | null, id: string) {
  const row = await certificateRow(db, id);
  const cohort = await requireCohort(db, actor, row.cohortId, 'cohort:read');
  requirePermission(actor, 'certificate:manage', { dinasId: cohort.dinasId });
  return { row, cohort };
}

export async function getCertificate(db: Kysely<Database>, actor: Actor | null, id: string): Promise<CertificateDetail> {
  const { row, cohort } = await requireCertificate(db, actor, id);
  const snapshot = row.snapshot as unknown as CertificateSnapshot;
  const [person] = await mailRecipients(db, [row.personId]);
  const history = await db
    .selectFrom('certificates')
    .select(['id', 'number', 'verification_code as code', 'status', 'issued_at as issuedAt', 'superseded_by_id as supersededById'])
    .where('enrollment_id', '=', row.enrollmentId)
    .where('kind', '=', row.kind)
    .orderBy('issued_at')
    .orderBy('sequence_year')
    .orderBy('sequence')
    .execute();
  return {
    id: row.id,
    number: row.number,
    code: row.code,
    groupedCode: groupCode(row.code),
    kind: row.kind,
    status: row.status,
    holder: snapshot.holder.name,
    personId: row.personId,
    holderEmail: person?.email ?? null,
    cooperative: snapshot.cooperative?.name ?? null,
    cohortId: cohort.id,
    cohortName: cohort.name,
    timeZone: snapshot.timeZone,
    issuedAt: row.issuedAt,
    validUntil: row.validUntil,
    revokedAt: row.revokedAt,
    revokeReason: row.revokeReason,
    needsReissue: row.needsReissue,
    reissueReason: row.reissueReason,
    nameChanged: !!person && person.name !== snapshot.holder.name,
    currentName: person?.name ?? null,
    history,
  };
}

/** Locks the certificate's row for a change; refuses anything but a valid certificate. */
async function lockValid(trx: Transaction<Database>, id: string) {
  const row = await trx.selectFrom('certificates').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (row.status !== 'valid') throw new ConflictError(`certificates:manage.errors.not_${row.status}`);
  return row;
}

/** Revokes a valid certificate with a reason; verification shows it revoked at once. */
export async function revokeCertificate(db: Kysely<Database>, actor: Actor | null, id: string, input: { reason: string }, now = new Date()): Promise<void> {
  const { cohort } = await requireCertificate(db, actor, id);
  await db.transaction().execute(async (trx) => {
    const before = await lockValid(trx, id);
    await trx.updateTable('certificates').set({ status: 'revoked', revoked_at: now, revoke_reason: input.reason }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor: actor!,
      action: 'certificate.revoked',
      entityType: 'certificate',
      entityId: id,
      dinasId: cohort.dinasId,
      before: { status: before.status, number: before.number },
      after: { status: 'revoked', number: before.number, reason: input.reason, revokedAt: now.toISOString() },
    });
  });
}

export interface ReissueResult {
  id: string;
  number: string;
  /** The holder was written to (false: no e-mail address known). */
  mailed: boolean;
}

/**
 * Issues a valid certificate again from today's facts (the corrected name or result): a new
 * number from the program's sequence, a new code, a fresh snapshot. The old one becomes
 * 'superseded' and points to the new; the holder is told by e-mail with the new link.
 */
export async function reissueCertificate(db: Kysely<Database>, actor: Actor | null, id: string, now = new Date()): Promise<ReissueResult> {
  const { row, cohort } = await requireCertificate(db, actor, id);
  const shared = await sharedFacts(db, cohort);
  return db.transaction().execute(async (trx) => {
    // The registration's row is the lock issuing meets on too.
    await trx.selectFrom('enrollments').select('id').where('id', '=', row.enrollmentId).forUpdate().executeTakeFirstOrThrow();
    const old = await lockValid(trx, id);
    // One valid certificate per registration and kind (a unique index): the old one steps aside first.
    await trx.updateTable('certificates').set({ status: 'superseded', needs_reissue: false }).where('id', '=', id).execute();
    const created = await writeCertificate(trx, actor!, cohort, shared, { enrollmentId: old.enrollment_id, personId: old.person_id, cooperativeId: old.cooperative_id, kind: old.kind }, now);
    await trx.updateTable('certificates').set({ superseded_by_id: created.id }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor: actor!,
      action: 'certificate.reissued',
      entityType: 'certificate',
      entityId: id,
      dinasId: cohort.dinasId,
      before: { status: old.status, number: old.number, holder: (old.snapshot as unknown as CertificateSnapshot).holder.name, needsReissue: old.needs_reissue, reissueReason: old.reissue_reason },
      after: { status: 'superseded', supersededById: created.id, newNumber: created.snapshot.number, holder: created.snapshot.holder.name },
    });
    const [to] = await mailRecipients(trx, [old.person_id]);
    let mailed = false;
    if (to?.email) {
      const base = config().PUBLIC_URL.replace(/\/+$/, '');
      await enqueueMail(trx, {
        to: to.email,
        toName: to.name,
        template: 'certificate-reissued',
        locale: to.locale,
        dinasId: cohort.dinasId,
        data: {
          programTitle: created.snapshot.program.title,
          cohortName: cohort.name,
          oldNumber: old.number,
          number: created.snapshot.number,
          verifyUrl: `${base}/verify/${created.snapshot.verificationCode}`,
          pdfUrl: `${base}/verify/${created.snapshot.verificationCode}.pdf`,
        },
      });
      mailed = true;
    }
    return { id: created.id, number: created.snapshot.number, mailed };
  });
}
