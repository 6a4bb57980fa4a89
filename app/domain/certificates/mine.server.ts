import { sql, type Kysely } from 'kysely';
import type { CertificateKind, CertificateStatus, Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';
import { config } from '~/lib/config.server';
import { groupCode } from './codes';
import { linkedInAddToProfileUrl } from './linkedin';
import { verifyUrlOf } from './render.server';

export interface OwnCertificate {
  id: string;
  enrollmentId: string;
  kind: CertificateKind;
  number: string;
  code: string;
  groupedCode: string;
  status: CertificateStatus;
  issuedAt: Date;
  validUntil: string | null;
  /** LinkedIn's "add to profile" link (valid certificates only). */
  linkedInUrl: string | null;
}

const NAMES = { competency: 'Sertifikat Kompetensi', training: 'Sertifikat Pelatihan' } as const;

/** The signed-in person's certificates (any status), newest first; none without a person. */
export async function myCertificates(db: Kysely<Database>, actor: Actor): Promise<OwnCertificate[]> {
  if (!actor.personId) return [];
  const rows = await db
    .selectFrom('certificates')
    .select(['id', 'enrollment_id as enrollmentId', 'kind', 'number', 'verification_code as code', 'status', 'issued_at as issuedAt', 'valid_until as validUntil'])
    .select([
      sql<string>`snapshot->>'issuedOn'`.as('issuedOn'),
      sql<string>`snapshot->'program'->>'title'`.as('programTitle'),
      sql<string | null>`snapshot->'program'->>'schemeName'`.as('schemeName'),
      sql<string | null>`snapshot->'issuers'->0->>'name'`.as('issuer'),
    ])
    .where('person_id', '=', actor.personId)
    .orderBy('issued_at', 'desc')
    .orderBy('kind')
    .execute();
  return rows.map(({ issuedOn, programTitle, schemeName, issuer, ...r }) => ({
    ...r,
    groupedCode: groupCode(r.code),
    linkedInUrl:
      r.status === 'valid'
        ? linkedInAddToProfileUrl({
            name: `${NAMES[r.kind]}: ${r.kind === 'competency' ? (schemeName ?? programTitle) : programTitle}`,
            organizationName: issuer ?? 'Kompeten',
            issuedOn,
            validUntil: r.validUntil,
            certUrl: verifyUrlOf(config().PUBLIC_URL, r.code),
            certId: r.number,
          })
        : null,
  }));
}
