import { sql, type Kysely, type Transaction } from 'kysely';
import type { CertificateKind, Database, TimeZone } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { attendanceOfCohort } from '~/domain/attendance/eligibility.server';
import { cohortScope, requireCohort, type CohortRow } from '~/domain/cohorts/access.server';
import { dateInZone } from '~/lib/dates';
import { ConflictError } from '~/lib/errors';
import { requirePermission, type Actor } from '~/lib/permissions';
import { formatCertificateNumber, randomVerificationCode } from './codes';
import { mailCertificatesIssued } from './mail.server';
import { SNAPSHOT_VERSION, type CertificateSnapshot, type SnapshotImage, type SnapshotIssuer, type SnapshotSignatory } from './snapshot';
import { TEMPLATE_VERSION } from './template';

/**
 * The coordinator issues a completed cohort's certificates in one action:
 *
 * - a TRAINING certificate (issuers: the training institute with the Dinas) to each
 *   confirmed participant the attendance rule finally declares eligible;
 * - a certificate of COMPETENCY (issuer: the certification body) to each whose finalized
 *   exam outcome is competent (K).
 *
 * Idempotent: a registration that already has a certificate of the kind (valid or revoked;
 * anything not superseded) gets no other. Certificates are written in batches of
 * `ISSUE_BATCH`, each batch its own transaction — per certificate: lock the registration,
 * check again, take the next number, insert, audit — so a crash half way leaves whole
 * batches behind and the next run issues the rest; two coordinators pressing the button at
 * once issue each certificate once. `onProgress` hears after every batch how many of the
 * missing certificates are done (the background run of `issue-runs.server.ts` records it).
 */
export const ISSUE_BATCH = 50;

export interface IssueResult {
  training: number;
  competency: number;
  /** Certificates that already existed (an earlier run). */
  existing: number;
}

export interface Candidate {
  enrollmentId: string;
  personId: string;
  cooperativeId: string | null;
  kind: CertificateKind;
}

/** `notify: false` issues without e-mailing the holders (the demo seed). */
export async function issueCohortCertificates(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  now = new Date(),
  options: { notify?: boolean; onProgress?: (done: number, total: number) => Promise<void> } = {},
): Promise<IssueResult> {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  requirePermission(actor, 'certificate:manage', cohortScope(cohort));
  if (cohort.status !== 'completed') throw new ConflictError('certificates:errors.notCompleted');

  const candidates = await candidatesOf(db, cohort, now);
  const existing = await db
    .selectFrom('certificates as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .select(['x.enrollment_id as enrollmentId', 'x.kind'])
    .where('e.cohort_id', '=', cohort.id)
    .where('x.status', '<>', 'superseded')
    .execute();
  const has = new Set(existing.map((c) => `${c.enrollmentId}:${c.kind}`));
  const missing = candidates.filter((c) => !has.has(`${c.enrollmentId}:${c.kind}`));
  const result: IssueResult = { training: 0, competency: 0, existing: candidates.length - missing.length };
  if (missing.length === 0) return result;

  const shared = await sharedFacts(db, cohort);
  for (let start = 0; start < missing.length; start += ISSUE_BATCH) {
    const batch = missing.slice(start, start + ISSUE_BATCH);
    const issued = await db.transaction().execute((trx) => issueBatch(trx, actor!, cohort, shared, batch, now, options.notify ?? true));
    for (const [i, candidate] of batch.entries()) {
      if (issued[i]) result[candidate.kind]++;
      else result.existing++;
    }
    await options.onProgress?.(start + batch.length, missing.length);
  }
  return result;
}

/** Who gets which certificate, by the attendance rule and the finalized exam outcome. */
async function candidatesOf(db: Kysely<Database>, cohort: CohortRow, now: Date): Promise<Candidate[]> {
  const participants = await db
    .selectFrom('enrollments as e')
    .leftJoin('assessments as x', (join) => join.onRef('x.enrollment_id', '=', 'e.id').on('x.status', '=', 'final'))
    .select(['e.id as enrollmentId', 'e.person_id as personId', 'e.cooperative_id as cooperativeId', 'x.recommendation'])
    .where('e.cohort_id', '=', cohort.id)
    .where('e.status', '=', 'confirmed')
    .orderBy('e.arrival_seq')
    .orderBy('e.id')
    .execute();
  const finalized = !!(await db.selectFrom('cohort_result_finalizations').select('cohort_id').where('cohort_id', '=', cohort.id).executeTakeFirst());
  const attendance = await attendanceOfCohort(db, cohort, now);
  const eligible = new Set(attendance.participants.filter((p) => p.eligibility.state === 'eligible').map((p) => p.enrollmentId));
  const out: Candidate[] = [];
  for (const p of participants) {
    const base = { enrollmentId: p.enrollmentId, personId: p.personId, cooperativeId: p.cooperativeId };
    if (eligible.has(p.enrollmentId)) out.push({ ...base, kind: 'training' });
    if (finalized && p.recommendation === 'competent') out.push({ ...base, kind: 'competency' });
  }
  return out;
}

export interface SharedFacts {
  program: {
    id: string;
    code: string;
    title: string;
    schemeName: string | null;
    schemeNumber: string | null;
    competencyStandard: string | null;
    competencyValidityMonths: number;
    trainingValidityMonths: number | null;
    pattern: string;
  };
  units: { id: string; code: string; title: string }[];
  issuers: Record<CertificateKind, SnapshotIssuer[]>;
  signatories: Record<CertificateKind, SnapshotSignatory[]>;
  place: string | null;
}

export const snapshotImage = (bytes: Buffer | null, type: SnapshotImage['type'] | null): SnapshotImage | null =>
  bytes && type && bytes.byteLength > 0 ? { type, data: Buffer.from(bytes).toString('base64') } : null;
const image = snapshotImage;

/** How many of an issuer's active signatories sign: two for a certificate of competency, one each on a training certificate. */
export const signatoriesPerIssuer = (kind: CertificateKind) => (kind === 'competency' ? 2 : 1);

/** "Pekalongan" from "Kota Pekalongan". */
export const placeName = (city: string | null) => (city ? city.replace(/^(Kota|Kabupaten|Kab\.)\s+/i, '').trim() || null : null);

/** The program, units, issuers and signatories every certificate of the cohort shares (read now: a reissue takes today's). */
export async function sharedFacts(db: Kysely<Database>, cohort: CohortRow): Promise<SharedFacts> {
  const program = await db
    .selectFrom('programs')
    .select([
      'id', 'code', 'title', 'scheme_name as schemeName', 'scheme_number as schemeNumber', 'competency_standard as competencyStandard',
      'competency_validity_months as competencyValidityMonths', 'training_validity_months as trainingValidityMonths', 'certificate_number_pattern as pattern',
    ])
    .where('id', '=', cohort.programId)
    .executeTakeFirstOrThrow();
  const units = await db.selectFrom('competency_units').select(['id', 'code', 'title']).where('program_id', '=', program.id).orderBy('position').execute();
  const ids = [cohort.certificationBodyId, cohort.trainingInstituteId, cohort.dinasId].filter((id): id is string => !!id);
  const institutions = await db
    .selectFrom('institutions')
    .select(['id', 'kind', 'name', 'short_name', 'license_number', 'city', 'logo', 'logo_type'])
    .where('id', 'in', ids)
    .execute();
  const signers = await db
    .selectFrom('signatories')
    .select(['id', 'institution_id', 'name', 'title', 'nip', 'signature_image', 'signature_type'])
    .where('institution_id', 'in', ids)
    .where('is_active', '=', true)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const issuer = (id: string | null): SnapshotIssuer[] => {
    const row = institutions.find((i) => i.id === id);
    return row
      ? [{ id: row.id, kind: row.kind, name: row.name, shortName: row.short_name, licenseNumber: row.license_number, city: row.city, logo: image(row.logo, row.logo_type) }]
      : [];
  };
  const signersOf = (id: string | null, count: number): SnapshotSignatory[] =>
    signers
      .filter((s) => s.institution_id === id)
      .slice(0, count)
      .map((s) => ({ id: s.id, institutionId: s.institution_id, name: s.name, title: s.title, nip: s.nip, signature: image(s.signature_image, s.signature_type) }));
  const dinas = issuer(cohort.dinasId);
  return {
    program,
    units,
    issuers: {
      competency: issuer(cohort.certificationBodyId),
      training: [...issuer(cohort.trainingInstituteId), ...dinas],
    },
    signatories: {
      competency: signersOf(cohort.certificationBodyId, signatoriesPerIssuer('competency')),
      training: [...signersOf(cohort.trainingInstituteId, signatoriesPerIssuer('training')), ...signersOf(cohort.dinasId, signatoriesPerIssuer('training'))],
    },
    place: placeName(dinas[0]?.city ?? null),
  };
}

/** 'YYYY-MM-DD' plus whole months, the day kept (31 January + 1 month → 28/29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The next `count` numbers of the program's year (the first is returned; they run on
 * without a gap); the counter's row stays locked until the transaction ends, so concurrent
 * issuers take their ranges one after another and a rollback gives the numbers back.
 */
async function takeSequences(trx: Transaction<Database>, programId: string, year: number, count: number): Promise<number> {
  const row = await trx
    .insertInto('certificate_sequences')
    .values({ program_id: programId, year, last_seq: count })
    .onConflict((oc) => oc.columns(['program_id', 'year']).doUpdateSet({ last_seq: sql<number>`certificate_sequences.last_seq + ${count}` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq - count + 1;
}

/**
 * One batch in its transaction: lock the registrations (in id order, as every issuer does),
 * see which certificates exist by now, read the holders' facts at once, then for the
 * whole batch take a range of numbers, insert the rows, audit them and queue the e-mails
 * (a few statements per batch, not per certificate).
 */
async function issueBatch(trx: Transaction<Database>, actor: Actor, cohort: CohortRow, shared: SharedFacts, batch: Candidate[], now: Date, notify: boolean): Promise<boolean[]> {
  // The registrations' rows are the lock two issuers meet on: the second finds the certificates.
  const enrollmentIds = [...new Set(batch.map((c) => c.enrollmentId))].sort();
  await trx.selectFrom('enrollments').select('id').where('id', 'in', enrollmentIds).orderBy('id').forUpdate().execute();
  const already = await trx.selectFrom('certificates').select(['enrollment_id', 'kind']).where('enrollment_id', 'in', enrollmentIds).where('status', '<>', 'superseded').execute();
  const has = new Set(already.map((c) => `${c.enrollment_id}:${c.kind}`));
  const todo = batch.filter((c) => !has.has(`${c.enrollmentId}:${c.kind}`));
  const facts = await holderFacts(trx, cohort, todo);
  // A statement per step for the whole batch, not per certificate: numbers, rows, audit, mail.
  const written = await writeCertificates(trx, actor, cohort, shared, todo, now, facts);
  await recordAudit(
    trx,
    written.map(({ id, snapshot }, i) => ({
      actor,
      action: 'certificate.issued',
      entityType: 'certificate',
      entityId: id,
      dinasId: cohort.dinasId,
      after: { kind: todo[i]!.kind, number: snapshot.number, enrollmentId: todo[i]!.enrollmentId, cohortId: cohort.id, validUntil: snapshot.validUntil },
    })),
  );
  // The holders' e-mails with the PDF, sent only if these certificates commit.
  if (notify) {
    await mailCertificatesIssued(
      trx,
      written.map(({ id, snapshot }, i) => ({ certificateId: id, personId: todo[i]!.personId, dinasId: cohort.dinasId, snapshot })),
    );
  }
  const issued = new Set(todo);
  return batch.map((c) => issued.has(c));
}

/** What the snapshots of some certificates say of their holders, read in a few queries. */
export interface HolderFacts {
  names: Map<string, string>;
  cooperatives: Map<string, { id: string; name: string; cooperative_number: string | null; slug: string }>;
  /** `personId:cooperativeId` → the position held in the cohort's time (the current one first). */
  positions: Map<string, string>;
  assessments: Map<string, { id: string; assessed_on: string | null; results: { unitId: string; result: 'K' | 'BK' }[] }>;
}

async function holderFacts(trx: Transaction<Database>, cohort: CohortRow, candidates: Candidate[]): Promise<HolderFacts> {
  const facts: HolderFacts = { names: new Map(), cooperatives: new Map(), positions: new Map(), assessments: new Map() };
  if (candidates.length === 0) return facts;
  const personIds = [...new Set(candidates.map((c) => c.personId))];
  const cooperativeIds = [...new Set(candidates.map((c) => c.cooperativeId).filter((id): id is string => !!id))];
  const competency = [...new Set(candidates.filter((c) => c.kind === 'competency').map((c) => c.enrollmentId))];
  const people = await trx.selectFrom('people').select(['id', 'full_name']).where('id', 'in', personIds).execute();
  for (const p of people) facts.names.set(p.id, p.full_name);
  if (cooperativeIds.length > 0) {
    const cooperatives = await trx.selectFrom('cooperatives').select(['id', 'name', 'cooperative_number', 'slug']).where('id', 'in', cooperativeIds).execute();
    for (const k of cooperatives) facts.cooperatives.set(k.id, k);
    const positions = await trx
      .selectFrom('staff_positions')
      .select(['person_id', 'cooperative_id', 'position'])
      .where('person_id', 'in', personIds)
      .where('cooperative_id', 'in', cooperativeIds)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', cohort.startsOn)]))
      .orderBy('person_id')
      .orderBy('cooperative_id')
      .orderBy(sql`ends_on is null`, 'desc')
      .orderBy('starts_on', 'desc')
      .execute();
    for (const p of positions) {
      const key = `${p.person_id}:${p.cooperative_id}`;
      if (!facts.positions.has(key)) facts.positions.set(key, p.position);
    }
  }
  if (competency.length > 0) {
    const assessments = await trx.selectFrom('assessments').select(['id', 'enrollment_id', 'assessed_on']).where('enrollment_id', 'in', competency).where('status', '=', 'final').execute();
    const results = assessments.length
      ? await trx.selectFrom('assessment_unit_results').select(['assessment_id', 'competency_unit_id as unitId', 'result']).where('assessment_id', 'in', assessments.map((a) => a.id)).execute()
      : [];
    for (const a of assessments) {
      facts.assessments.set(a.enrollment_id, { id: a.id, assessed_on: a.assessed_on, results: results.filter((r) => r.assessment_id === a.id) });
    }
  }
  return facts;
}

/** Writes one certificate of a candidate (a reissue): see `writeCertificates`. */
export async function writeCertificate(
  trx: Transaction<Database>,
  actor: Actor,
  cohort: CohortRow,
  shared: SharedFacts,
  candidate: Candidate,
  now: Date,
  facts?: HolderFacts,
): Promise<{ id: string; snapshot: CertificateSnapshot }> {
  const [written] = await writeCertificates(trx, actor, cohort, shared, [candidate], now, facts ?? (await holderFacts(trx, cohort, [candidate])));
  return written!;
}

/**
 * Writes the certificates of some candidates in one insert: each snapshot from the shared
 * and the holder's facts, each a number from the program's year (taken as one range), in
 * the candidates' order. Returns their ids and snapshots in that order.
 */
async function writeCertificates(
  trx: Transaction<Database>,
  actor: Actor,
  cohort: CohortRow,
  shared: SharedFacts,
  candidates: readonly Candidate[],
  now: Date,
  facts: HolderFacts,
): Promise<{ id: string; snapshot: CertificateSnapshot }[]> {
  if (candidates.length === 0) return [];
  const snapshots = candidates.map((candidate) => snapshotOf(cohort, shared, candidate, now, facts));
  // One `now` and one cohort: one issue day, so one year's counter for the lot.
  const year = Number(snapshots[0]!.issuedOn.slice(0, 4));
  const first = await takeSequences(trx, shared.program.id, year, candidates.length);
  const values = candidates.map((candidate, i) => {
    const snapshot = snapshots[i]!;
    const seq = first + i;
    const main = shared.issuers[candidate.kind][0];
    snapshot.number = formatCertificateNumber(shared.program.pattern, {
      programCode: shared.program.code,
      kind: candidate.kind,
      year,
      month: Number(snapshot.issuedOn.slice(5, 7)),
      cohort: cohort.name,
      seq,
      institution: main?.shortName ?? main?.name ?? '',
    });
    return {
      kind: candidate.kind,
      enrollment_id: candidate.enrollmentId,
      person_id: candidate.personId,
      cooperative_id: candidate.cooperativeId,
      number: snapshot.number,
      verification_code: snapshot.verificationCode,
      issued_at: now,
      valid_until: snapshot.validUntil,
      snapshot: JSON.stringify(snapshot),
      template_version: TEMPLATE_VERSION,
      issued_by_user_id: actor.userId,
      sequence: seq,
      sequence_year: year,
    };
  });
  const rows = await trx.insertInto('certificates').values(values).returning(['id', 'number']).execute();
  const idOf = new Map(rows.map((r) => [r.number, r.id]));
  return snapshots.map((snapshot) => ({ id: idOf.get(snapshot.number)!, snapshot }));
}

function snapshotOf(cohort: CohortRow, shared: SharedFacts, candidate: Candidate, now: Date, facts: HolderFacts): CertificateSnapshot {
  const name = facts.names.get(candidate.personId);
  if (name === undefined) throw new Error(`person ${candidate.personId} not found`);
  const person = { full_name: name };
  const cooperative = candidate.cooperativeId ? facts.cooperatives.get(candidate.cooperativeId) : undefined;
  const position = candidate.cooperativeId ? facts.positions.get(`${candidate.personId}:${candidate.cooperativeId}`) : undefined;
  const assessment = candidate.kind === 'competency' ? facts.assessments.get(candidate.enrollmentId) : undefined;
  const results = assessment?.results ?? [];
  const zone: TimeZone = cohort.timeZone;
  const issuedOn = dateInZone(now, zone);
  const months = candidate.kind === 'competency' ? shared.program.competencyValidityMonths : shared.program.trainingValidityMonths;
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    kind: candidate.kind,
    number: '',
    verificationCode: randomVerificationCode(),
    issuedAt: now.toISOString(),
    issuedOn,
    validUntil: months ? addMonths(issuedOn, months) : null,
    timeZone: zone,
    place: shared.place,
    holder: { name: person.full_name, position: position ?? null },
    cooperative: cooperative ? { id: cooperative.id, name: cooperative.name, number: cooperative.cooperative_number, slug: cooperative.slug } : null,
    program: {
      code: shared.program.code,
      title: shared.program.title,
      schemeName: shared.program.schemeName,
      schemeNumber: shared.program.schemeNumber,
      competencyStandard: shared.program.competencyStandard,
      units: shared.units.map((u) => ({ code: u.code, title: u.title, result: results.find((r) => r.unitId === u.id)?.result ?? null })),
    },
    cohort: { name: cohort.name, startsOn: cohort.startsOn, endsOn: cohort.endsOn, venueName: cohort.venueName, venueAddress: cohort.venueAddress },
    examDate: assessment?.assessed_on ?? null,
    issuers: shared.issuers[candidate.kind],
    signatories: shared.signatories[candidate.kind],
  };
}
