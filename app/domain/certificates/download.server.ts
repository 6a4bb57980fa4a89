import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, type Actor } from '~/lib/permissions';
import { certificatePdf } from './pdf-renderer.server';
import type { CertificateSnapshot } from './snapshot';

/**
 * A certificate's PDF for a signed-in reader: its holder, or a coordinator of the Dinas whose
 * cohort issued it (`certificate:manage`); anyone else is told it does not exist. Unlike
 * /verify/<code>.pdf it is not counted against the public look-up limit, so a coordinator
 * working through a list is never slowed down. A coordinator's download is audited, as the
 * cohort's bulk downloads are; the holder's own is not.
 */
export async function certificatePdfFor(
  db: Kysely<Database>,
  actor: Actor,
  input: { certificateId: string; publicUrl: string },
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  if (!isUuid(input.certificateId)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db
    .selectFrom('certificates as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .select(['x.id', 'x.person_id as personId', 'x.snapshot', 'x.template_version as templateVersion', 'c.dinas_id as dinasId'])
    .where('x.id', '=', input.certificateId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  const isHolder = !!actor.personId && actor.personId === row.personId;
  const manages = can(actor, 'certificate:manage', { dinasId: row.dinasId });
  if (!isHolder && !manages) throw new NotFoundError('common:error.notFoundBody');
  const snapshot = row.snapshot as unknown as CertificateSnapshot;
  const body = await certificatePdf(snapshot, row.templateVersion, { publicUrl: input.publicUrl });
  if (!isHolder) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor,
        action: 'certificate.downloaded',
        entityType: 'certificate',
        entityId: row.id,
        dinasId: row.dinasId,
        after: { format: 'pdf', number: snapshot.number },
      }),
    );
  }
  return { fileName: `sertifikat-${snapshot.number.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`, contentType: 'application/pdf', body };
}
