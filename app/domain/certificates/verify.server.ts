import type { Kysely } from 'kysely';
import type { CertificateKind, Database, InstitutionKind, TimeZone, UnitResult } from '~db/schema';
import { attemptCounted, checkRateLimit, countAttempt, rateLimitKey, type RateLimitResult } from '~/domain/accounts/rate-limit.server';
import { compiledOnce } from '~/lib/compiled-query.server';
import { todayIn } from '~/lib/dates';
import { NotFoundError, RateLimitedError } from '~/lib/errors';
import { groupCode, normalizeCode } from './codes';
import { certificatePdf } from './pdf-renderer.server';
import type { CertificateSnapshot } from './snapshot';

/**
 * Public verification: anyone with a certificate's code (the QR code, the printed code)
 * sees whether it is valid, expired, revoked or superseded, and what it says — from its
 * snapshot, nothing personal beyond the holder's name and position. No login; limited per
 * address so the codes cannot be guessed by brute force (80 bits already make that vain).
 */
export type VerificationStatus = 'valid' | 'expired' | 'revoked' | 'superseded';

export interface VerifiedCertificate {
  status: VerificationStatus;
  code: string;
  groupedCode: string;
  number: string;
  kind: CertificateKind;
  issuedAt: string;
  issuedOn: string;
  validUntil: string | null;
  timeZone: TimeZone;
  holder: { name: string; position: string | null };
  cooperative: { name: string; number: string | null; slug: string } | null;
  program: { code: string; title: string; schemeName: string | null; schemeNumber: string | null; units: { code: string; title: string; result: UnitResult | null }[] };
  cohort: { name: string; startsOn: string; endsOn: string; venueName: string | null };
  examDate: string | null;
  issuers: { name: string; kind: InstitutionKind; licenseNumber: string | null }[];
  signatories: { name: string; title: string }[];
  revocation: { reason: string; at: string } | null;
  supersededBy: { code: string; number: string } | null;
}

/** Lookups per address per minute: plenty for people, a wall for a script. */
export const VERIFY_LIMIT = { limit: 60, windowSeconds: 60 };

/** The rate-limit key of a client address's lookups. */
const verifyKey = (ip: string | null) => `verify:ip:${ip ?? 'unknown'}`;

function refuseOverLimit(limit: RateLimitResult): void {
  if (!limit.allowed) throw new RateLimitedError('certificates:verify.rateLimited', limit.retryAfterSeconds);
}

async function guard(db: Kysely<Database>, ip: string | null): Promise<void> {
  refuseOverLimit(await checkRateLimit(db, verifyKey(ip), VERIFY_LIMIT.limit, VERIFY_LIMIT.windowSeconds));
}

/** The statement of guardedRowOf: one shape, so compiled once (and prepared once per connection). */
const countedLookup = compiledOnce((db: Kysely<Database>, key: string, code: string) =>
  db
    .with('hit', () => countAttempt(db, key, VERIFY_LIMIT.windowSeconds))
    .selectFrom('hit')
    .leftJoin('certificates as x', (join) => join.on('x.verification_code', '=', code))
    .leftJoin('certificates as n', 'n.id', 'x.superseded_by_id')
    .select([
      'hit.hits', 'hit.reset_at',
      'x.id', 'x.status', 'x.verification_code as code', 'x.snapshot', 'x.template_version as templateVersion', 'x.revoked_at as revokedAt',
      'x.revoke_reason as revokeReason', 'n.verification_code as nextCode', 'n.number as nextNumber',
    ]),
);

/**
 * The certificate behind a code, after counting the lookup against the address's limit —
 * in one statement (the count a CTE ahead of the read): the public page's largest cost is
 * its round trips to the database. Throws RateLimitedError past the limit.
 */
async function guardedRowOf(db: Kysely<Database>, input: { code: string; ip: string | null }) {
  const code = normalizeCode(input.code);
  if (!code) {
    await guard(db, input.ip);
    return undefined;
  }
  const [row] = await countedLookup(db, rateLimitKey(verifyKey(input.ip)), code);
  refuseOverLimit(await attemptCounted(db, row!, VERIFY_LIMIT.limit));
  const { hits: _hits, reset_at: _resetAt, id, status, code: found, snapshot, templateVersion, ...rest } = row!;
  return id !== null && status !== null && found !== null && snapshot !== null && templateVersion !== null
    ? { id, status, code: found, snapshot, templateVersion, ...rest }
    : undefined;
}

function statusOf(row: { status: string }, snapshot: CertificateSnapshot, now: Date): VerificationStatus {
  if (row.status === 'revoked') return 'revoked';
  if (row.status === 'superseded') return 'superseded';
  if (snapshot.validUntil && snapshot.validUntil < todayIn(snapshot.timeZone, now)) return 'expired';
  return 'valid';
}

/** The certificate behind a code (grouped or not, any case); null when no certificate has it. */
export async function verifyCertificate(db: Kysely<Database>, input: { code: string; ip: string | null }, now = new Date()): Promise<VerifiedCertificate | null> {
  const row = await guardedRowOf(db, input);
  if (!row) return null;
  const s = row.snapshot as unknown as CertificateSnapshot;
  return {
    status: statusOf(row, s, now),
    code: row.code,
    groupedCode: groupCode(row.code),
    number: s.number,
    kind: s.kind,
    issuedAt: s.issuedAt,
    issuedOn: s.issuedOn,
    validUntil: s.validUntil,
    timeZone: s.timeZone,
    holder: { name: s.holder.name, position: s.holder.position },
    cooperative: s.cooperative ? { name: s.cooperative.name, number: s.cooperative.number, slug: s.cooperative.slug } : null,
    program: { code: s.program.code, title: s.program.title, schemeName: s.program.schemeName, schemeNumber: s.program.schemeNumber, units: s.program.units },
    cohort: { name: s.cohort.name, startsOn: s.cohort.startsOn, endsOn: s.cohort.endsOn, venueName: s.cohort.venueName },
    examDate: s.examDate,
    issuers: s.issuers.map((i) => ({ name: i.name, kind: i.kind, licenseNumber: i.licenseNumber })),
    signatories: s.signatories.map((p) => ({ name: p.name, title: p.title })),
    revocation: row.status === 'revoked' && row.revokedAt ? { reason: row.revokeReason ?? '', at: row.revokedAt.toISOString() } : null,
    supersededBy: row.nextCode && row.nextNumber ? { code: row.nextCode, number: row.nextNumber } : null,
  };
}

/** The verification facts as the public JSON gives them (URLs absolute). */
export function verificationJson(v: VerifiedCertificate, publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    status: v.status,
    number: v.number,
    kind: v.kind,
    code: v.groupedCode,
    issuedAt: v.issuedAt,
    validUntil: v.validUntil,
    holder: v.holder,
    cooperative: v.cooperative ? { name: v.cooperative.name, number: v.cooperative.number, rosterUrl: `${base}/koperasi/${v.cooperative.slug}` } : null,
    program: v.program,
    cohort: v.cohort,
    examDate: v.examDate,
    issuer: v.issuers[0] ?? null,
    issuers: v.issuers,
    signatories: v.signatories,
    revocation: v.revocation,
    supersededBy: v.supersededBy ? { ...v.supersededBy, url: `${base}/verify/${v.supersededBy.code}` } : null,
    verifyUrl: `${base}/verify/${v.code}`,
    pdfUrl: `${base}/verify/${v.code}.pdf`,
  };
}

/** The certificate's PDF, as its holder downloads it. */
export async function certificatePdfByCode(db: Kysely<Database>, input: { code: string; ip: string | null; publicUrl: string }): Promise<{ bytes: Buffer; fileName: string }> {
  const row = await guardedRowOf(db, input);
  if (!row) throw new NotFoundError('certificates:verify.unknown');
  const snapshot = row.snapshot as unknown as CertificateSnapshot;
  const bytes = await certificatePdf(snapshot, row.templateVersion, { publicUrl: input.publicUrl });
  return { bytes, fileName: `sertifikat-${snapshot.number.replace(/[^A-Za-z0-9]+/g, '-')}.pdf` };
}

/** The lookup form: a certificate number or a code → the code, or null. */
export async function findCertificateCode(db: Kysely<Database>, input: { query: string; ip: string | null }): Promise<string | null> {
  await guard(db, input.ip);
  const query = input.query.trim();
  if (!query) return null;
  const code = normalizeCode(query);
  const row = await db
    .selectFrom('certificates')
    .select('verification_code')
    .where((eb) => eb.or([eb('number', '=', query), ...(code ? [eb('verification_code', '=', code)] : [])]))
    .executeTakeFirst();
  return row?.verification_code ?? null;
}
