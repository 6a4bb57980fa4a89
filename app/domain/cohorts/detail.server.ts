import { sql, type Kysely } from 'kysely';
import type { CohortStatus, Database, EnrollmentStatus, SessionKind } from '~db/schema';
import { can, cooperativesAdministeredBy, type Actor } from '~/lib/permissions';
import { requireCohort, type CohortRow } from './access.server';
import { nextSteps } from './lifecycle';
import { lifecycleFacts } from './lifecycle.server';
import { cohortWarnings, type CohortWarning } from './warnings.server';

/** Everything the cohort's management page shows, for the coordinator and (read-only) its partners. */
export interface CohortDetail extends CohortRow {
  programCode: string;
  programTitle: string;
  attendanceMinPercent: number;
  dinasName: string;
  instituteName: string | null;
  certificationBodyName: string | null;
  assessors: { userId: string; name: string; registrationNumber: string | null }[];
  sessions: { id: string; position: number; kind: SessionKind; title: string; topics: string | null; startsAt: Date; endsAt: Date; venueName: string | null }[];
  counts: Record<EnrollmentStatus, number>;
  summaries: { attendanceRecords: number; finalAssessments: number; competent: number; certificates: number };
  canManage: boolean;
  steps: { to: CohortStatus; problem: string | null }[];
  warnings: CohortWarning[];
}

export async function getCohortDetail(db: Kysely<Database>, actor: Actor | null, cohortId: string, now = new Date()): Promise<CohortDetail> {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  const canManage = can(actor, 'cohort:manage', { dinasId: cohort.dinasId });
  const [extra, assessors, sessions, countRows, summaries, facts, warnings] = await Promise.all([
    db
      .selectFrom('cohorts as c')
      .innerJoin('programs as p', 'p.id', 'c.program_id')
      .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
      .leftJoin('institutions as ti', 'ti.id', 'c.training_institute_id')
      .leftJoin('institutions as cb', 'cb.id', 'c.certification_body_id')
      .select([
        'p.code as programCode', 'p.title as programTitle', 'p.attendance_min_percent as attendanceMinPercent',
        'd.name as dinasName', 'ti.name as instituteName', 'cb.name as certificationBodyName',
      ])
      .where('c.id', '=', cohortId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('cohort_assessors as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .leftJoin('user_roles as r', (join) => join.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'assessor'))
      .select(['u.id as userId', 'u.display_name as name', sql<string | null>`max(r.registration_number)`.as('registrationNumber')])
      .where('a.cohort_id', '=', cohortId)
      .groupBy(['u.id', 'u.display_name'])
      .orderBy('u.display_name')
      .execute(),
    db
      .selectFrom('cohort_sessions')
      .select(['id', 'position', 'kind', 'title', 'topics', 'starts_at as startsAt', 'ends_at as endsAt', 'venue_name as venueName'])
      .where('cohort_id', '=', cohortId)
      .orderBy('starts_at')
      .execute(),
    db.selectFrom('enrollments').select(['status', sql<number>`count(*)::int`.as('n')]).where('cohort_id', '=', cohortId).groupBy('status').execute(),
    db
      .selectNoFrom([
        sql<number>`(select count(*)::int from attendance a join cohort_sessions s on s.id = a.session_id where s.cohort_id = ${cohortId})`.as('attendanceRecords'),
        sql<number>`(select count(*)::int from assessments x join enrollments e on e.id = x.enrollment_id where e.cohort_id = ${cohortId} and x.status = 'final')`.as('finalAssessments'),
        sql<number>`(select count(*)::int from assessments x join enrollments e on e.id = x.enrollment_id where e.cohort_id = ${cohortId} and x.status = 'final' and x.recommendation = 'competent')`.as('competent'),
        sql<number>`(select count(*)::int from certificates k join enrollments e on e.id = k.enrollment_id where e.cohort_id = ${cohortId} and k.status = 'valid')`.as('certificates'),
      ])
      .executeTakeFirstOrThrow(),
    lifecycleFacts(db, cohort, now),
    canManage ? cohortWarnings(db, cohort) : Promise.resolve([]),
  ]);
  const counts: Record<EnrollmentStatus, number> = { pending: 0, confirmed: 0, waitlisted: 0, cancelled: 0, rejected: 0 };
  for (const row of countRows) counts[row.status] = row.n;
  return {
    ...cohort,
    ...extra,
    assessors,
    sessions,
    counts,
    summaries,
    canManage,
    steps: canManage ? nextSteps(cohort.status, facts) : [],
    warnings,
  };
}

/** Which doors the cohort's public page offers this visitor: the management page, nominating staff. */
export async function cohortDoorsFor(db: Kysely<Database>, actor: Actor | null, cohortId: string): Promise<{ manage: boolean; nominate: boolean }> {
  if (!actor) return { manage: false, nominate: false };
  const cohort = await db
    .selectFrom('cohorts')
    .select(['dinas_id as dinasId', 'training_institute_id as trainingInstituteId', 'certification_body_id as certificationBodyId', 'status'])
    .where('id', '=', cohortId)
    .executeTakeFirst();
  if (!cohort) return { manage: false, nominate: false };
  const cooperativeIds = cooperativesAdministeredBy(actor);
  const nominatable = cooperativeIds.length
    ? await db.selectFrom('cooperatives').select('id').where('id', 'in', cooperativeIds).where('dinas_id', '=', cohort.dinasId).executeTakeFirst()
    : undefined;
  return {
    manage: can(actor, 'cohort:read', cohort),
    nominate: !!nominatable && cohort.status === 'open' && can(actor, 'enrollment:nominate', { cooperativeId: nominatable.id }),
  };
}
