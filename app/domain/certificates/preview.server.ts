import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { todayIn } from '~/lib/dates';
import type { Actor } from '~/lib/permissions';
import { requireOrganization } from '~/domain/organizations/access.server';
import { placeName, signatoriesPerIssuer, snapshotImage } from './issue.server';
import { certificatePdf } from './pdf-renderer.server';
import { SNAPSHOT_VERSION, type CertificateSnapshot } from './snapshot';
import { TEMPLATE_VERSION } from './template';

/**
 * Page 1 of a sample certificate as the organization's current logo and signatories would
 * print it: the real renderer and template, a snapshot built now from the organization's own
 * settings, and nobody's personal data (holder, cooperative and program are samples, the
 * number and code say so, and "CONTOH / SAMPLE" is printed across the page). A certification
 * body previews a certificate of competency, anyone else a training certificate, each with
 * as many signatories as the real one takes of it. Read on every request, so a new logo or
 * signatory shows at once. Only those who keep the organization's settings may see it.
 */
export const SAMPLE_LABEL = 'CONTOH / SAMPLE';
/** Not a real code (it holds letters Crockford base32 never issues): the sample QR leads nowhere. */
const SAMPLE_CODE = 'CONTOHSAMPLE0000';

export async function certificatePreviewPdf(db: Kysely<Database>, actor: Actor | null, input: { organizationId: string; publicUrl: string }, now = new Date()): Promise<Buffer> {
  const organization = await requireOrganization(db, actor, input.organizationId);
  const [row, signers] = await Promise.all([
    db
      .selectFrom('institutions')
      .select(['id', 'kind', 'name', 'short_name', 'license_number', 'city', 'time_zone', 'logo', 'logo_type'])
      .where('id', '=', organization.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('signatories')
      .select(['id', 'institution_id', 'name', 'title', 'nip', 'signature_image', 'signature_type'])
      .where('institution_id', '=', organization.id)
      .where('is_active', '=', true)
      .orderBy('position')
      .orderBy('created_at')
      .execute(),
  ]);
  const kind = row.kind === 'certification_body' ? ('competency' as const) : ('training' as const);
  const timeZone = row.time_zone;
  const today = todayIn(timeZone, now);
  const snapshot: CertificateSnapshot = {
    snapshotVersion: SNAPSHOT_VERSION,
    kind,
    number: SAMPLE_LABEL,
    verificationCode: SAMPLE_CODE,
    issuedAt: now.toISOString(),
    issuedOn: today,
    validUntil: null,
    timeZone,
    place: placeName(row.city),
    holder: { name: 'Nama Peserta (Contoh / Sample)', position: 'Jabatan (Contoh / Sample)' },
    cooperative: { id: SAMPLE_CODE, name: 'Koperasi Contoh / Sample Cooperative', number: null, slug: 'contoh' },
    program: {
      code: 'CONTOH',
      title: 'Program Pelatihan Contoh / Sample Programme',
      schemeName: 'Skema Sertifikasi Contoh / Sample Scheme',
      schemeNumber: null,
      competencyStandard: null,
      units: [],
    },
    cohort: { name: 'Contoh', startsOn: today, endsOn: today, venueName: null, venueAddress: null },
    examDate: null,
    issuers: [
      { id: row.id, kind: row.kind, name: row.name, shortName: row.short_name, licenseNumber: row.license_number, city: row.city, logo: snapshotImage(row.logo, row.logo_type) },
    ],
    signatories: signers.slice(0, signatoriesPerIssuer(kind)).map((s) => ({
      id: s.id,
      institutionId: s.institution_id,
      name: s.name,
      title: s.title,
      nip: s.nip,
      signature: snapshotImage(s.signature_image, s.signature_type),
    })),
  };
  return certificatePdf(snapshot, TEMPLATE_VERSION, { publicUrl: input.publicUrl, firstPageOnly: true, watermark: SAMPLE_LABEL });
}
