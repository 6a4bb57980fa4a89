import type { Kysely } from 'kysely';
import type { CertificateKind, CertificateStatus, Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';
import { groupCode } from './codes';

export interface OwnCertificate {
  enrollmentId: string;
  kind: CertificateKind;
  number: string;
  code: string;
  groupedCode: string;
  status: CertificateStatus;
  issuedAt: Date;
  validUntil: string | null;
}

/** The signed-in person's certificates (any status), newest first; none without a person. */
export async function myCertificates(db: Kysely<Database>, actor: Actor): Promise<OwnCertificate[]> {
  if (!actor.personId) return [];
  const rows = await db
    .selectFrom('certificates')
    .select(['enrollment_id as enrollmentId', 'kind', 'number', 'verification_code as code', 'status', 'issued_at as issuedAt', 'valid_until as validUntil'])
    .where('person_id', '=', actor.personId)
    .orderBy('issued_at', 'desc')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ ...r, groupedCode: groupCode(r.code) }));
}
