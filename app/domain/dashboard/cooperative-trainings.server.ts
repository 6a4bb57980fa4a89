import { sql, type Kysely, type OrderByItemBuilder } from 'kysely';
import type { AssessmentOutcome, AttendanceStatus, CertificateKind, CertificateStatus, CohortStatus, Database, EnrollmentStatus, TimeZone } from '~db/schema';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { can, type Actor } from '~/lib/permissions';
import { eligibilityOf, type EligibilityRule, type EligibilityState } from '~/domain/attendance/eligibility';
import { requireCooperative, type CooperativeRef } from '~/domain/cooperatives/access.server';

/**
 * A cooperative's trainings over time (issue #15, part 5), for the Dinas coordinator and the
 * cooperative's admins (`cooperative:read`; anyone else: not found): every registration made
 * for the cooperative (`enrollments.cooperative_id`, so people who have since left stay in its
 * history), with the program and cohort, the registration's status, the attendance rate by
 * the program's rule (`eligibilityOf`), the exam outcome once the certification body has
 * finalized the cohort's results (drafts are never shown) and the certificates issued from it.
 */

export const COOPERATIVE_TRAINING_SORT_KEYS = ['name', 'startsOn', 'program', 'status'] as const;
export type CooperativeTrainingSortKey = (typeof COOPERATIVE_TRAINING_SORT_KEYS)[number];

export interface TrainingCertificate {
  id: string;
  kind: CertificateKind;
  number: string;
  status: CertificateStatus;
  verificationCode: string;
  validUntil: string | null;
}

export interface CooperativeTraining {
  enrollmentId: string;
  personId: string;
  personName: string;
  programTitle: string;
  cohortId: string;
  cohortName: string;
  cohortStatus: CohortStatus;
  startsOn: string;
  endsOn: string;
  timeZone: TimeZone;
  status: EnrollmentStatus;
  /** Confirmed registrations only: the rate by the program's rule, and whether it is final. */
  attendance: { percent: number | null; state: EligibilityState } | null;
  /** The finalized outcome; null before the results are finalized. */
  outcome: AssessmentOutcome | null;
  certificates: TrainingCertificate[];
}

export interface CooperativeTrainingsPage {
  cooperative: CooperativeRef;
  page: Page<CooperativeTraining>;
  summary: { people: number; registrations: number; competent: number; validCertificates: number };
  /** The coordinator opens a certificate's own page; an admin its public verification. */
  canManageCertificates: boolean;
}

export async function cooperativeTrainings(
  db: Kysely<Database>,
  actor: Actor | null,
  cooperativeId: string,
  params: ListParams<CooperativeTrainingSortKey>,
  now = new Date(),
): Promise<CooperativeTrainingsPage> {
  const cooperative = await requireCooperative(db, actor, cooperativeId, 'cooperative:read');
  const base = db
    .selectFrom('enrollments as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .innerJoin('cohorts as k', 'k.id', 'e.cohort_id')
    .innerJoin('programs as g', 'g.id', 'k.program_id')
    .where('e.cooperative_id', '=', cooperative.id);
  const order = { name: 'p.full_name', startsOn: 'k.starts_on', program: 'g.title', status: 'e.status' } as const;
  const dir = (ob: OrderByItemBuilder) => (params.dir === 'asc' ? ob.asc() : ob.desc());
  let listed = base
    .leftJoin('cohort_result_finalizations as f', 'f.cohort_id', 'k.id')
    .leftJoin('assessments as x', (j) => j.onRef('x.enrollment_id', '=', 'e.id').on('x.status', '=', 'final'))
    .select([
      'e.id as enrollmentId', 'p.id as personId', 'p.full_name as personName', 'g.title as programTitle', 'k.id as cohortId', 'k.name as cohortName',
      'k.status as cohortStatus', 'k.starts_on as startsOn', 'k.ends_on as endsOn', 'k.time_zone as timeZone', 'e.status',
      'k.program_id as programId', 'g.attendance_min_percent as minPercent', 'g.attendance_counts_excused as countsExcused',
      sql<AssessmentOutcome | null>`case when f.cohort_id is not null then x.recommendation end`.as('outcome'),
    ])
    .orderBy(order[params.sort], dir);
  if (params.sort !== 'startsOn') listed = listed.orderBy('k.starts_on', 'desc');
  if (params.sort !== 'name') listed = listed.orderBy('p.full_name');
  const [rows, counts, certificateCounts] = await Promise.all([
    listed.orderBy('e.id').limit(params.pageSize).offset(params.offset).execute(),
    base
      .leftJoin('cohort_result_finalizations as f', 'f.cohort_id', 'k.id')
      .leftJoin('assessments as x', (j) => j.onRef('x.enrollment_id', '=', 'e.id').on('x.status', '=', 'final'))
      .select([
        sql<number>`count(*)::int`.as('registrations'),
        sql<number>`count(distinct e.person_id)::int`.as('people'),
        sql<number>`(count(*) filter (where f.cohort_id is not null and x.recommendation = 'competent'))::int`.as('competent'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('certificates as ct')
      .innerJoin('enrollments as e', 'e.id', 'ct.enrollment_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('e.cooperative_id', '=', cooperative.id)
      .where('ct.status', '=', 'valid')
      .executeTakeFirstOrThrow(),
  ]);
  const enrollmentIds = rows.map((r) => r.enrollmentId);
  const cohortIds = [...new Set(rows.map((r) => r.cohortId))];
  const [sessions, marks, certificates] = enrollmentIds.length
    ? await Promise.all([
        db
          .selectFrom('cohort_sessions')
          .select(['id', 'cohort_id as cohortId', 'kind', 'ends_at as endsAt'])
          .where('cohort_id', 'in', cohortIds)
          .execute(),
        db
          .selectFrom('attendance')
          .select(['enrollment_id as enrollmentId', 'session_id as sessionId', 'status'])
          .where('enrollment_id', 'in', enrollmentIds)
          .execute(),
        db
          .selectFrom('certificates')
          .select(['id', 'enrollment_id as enrollmentId', 'kind', 'number', 'status', 'verification_code as verificationCode', 'valid_until as validUntil'])
          .where('enrollment_id', 'in', enrollmentIds)
          .orderBy('issued_at')
          .orderBy('number')
          .execute(),
      ])
    : [[], [], []];
  const marksOf = new Map<string, Map<string, AttendanceStatus>>();
  for (const m of marks) {
    if (!marksOf.has(m.enrollmentId)) marksOf.set(m.enrollmentId, new Map());
    marksOf.get(m.enrollmentId)!.set(m.sessionId, m.status);
  }
  const items: CooperativeTraining[] = rows.map(({ programId: _programId, minPercent, countsExcused, ...r }) => {
    const rule: EligibilityRule = { minPercent, countsExcused };
    const eligibility =
      r.status === 'confirmed'
        ? eligibilityOf(
            sessions.filter((s) => s.cohortId === r.cohortId),
            marksOf.get(r.enrollmentId) ?? new Map(),
            rule,
            now,
          )
        : null;
    return {
      ...r,
      attendance: eligibility ? { percent: eligibility.percent, state: eligibility.state } : null,
      certificates: certificates.filter((c) => c.enrollmentId === r.enrollmentId).map(({ enrollmentId: _e, ...c }) => c),
    };
  });
  return {
    cooperative,
    page: pageOf(items, counts.registrations, params),
    summary: { people: counts.people, registrations: counts.registrations, competent: counts.competent, validCertificates: certificateCounts.n },
    canManageCertificates: can(actor, 'certificate:manage', { dinasId: cooperative.dinasId }),
  };
}
