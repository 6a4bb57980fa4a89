import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AttendanceStatus, Database, SessionKind } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';
import { cohortScope, requireCohort, type CohortRow } from '~/domain/cohorts/access.server';
import { eligibilityOf, eligibilitySummary, type Eligibility, type EligibilityRule } from './eligibility';

/**
 * The attendance rule (see `./eligibility.ts`) applied to a cohort's confirmed participants
 * as the database has them. The exam (who may sit it) and the training certificate (who
 * gets one) ask `eligibilityOfEnrollment`; the cohort's pages ask `cohortEligibility`, the
 * participants page `eligibilityOfEnrollments` for the registrations it shows.
 */

export interface CohortSession {
  id: string;
  position: number;
  kind: SessionKind;
  title: string;
  startsAt: Date;
  endsAt: Date;
}

export interface ParticipantAttendance {
  enrollmentId: string;
  name: string;
  cooperativeName: string | null;
  /** Session id → the mark that counts. */
  marks: Map<string, AttendanceStatus>;
  eligibility: Eligibility;
}

export interface CohortAttendance {
  cohort: CohortRow;
  rule: EligibilityRule;
  sessions: CohortSession[];
  participants: ParticipantAttendance[];
  summary: ReturnType<typeof eligibilitySummary>;
}

type Reader = Pick<Kysely<Database>, 'selectFrom'>;

async function ruleOf(db: Reader, programId: string): Promise<EligibilityRule> {
  const program = await db
    .selectFrom('programs')
    .select(['attendance_min_percent as minPercent', 'attendance_counts_excused as countsExcused'])
    .where('id', '=', programId)
    .executeTakeFirstOrThrow();
  return program;
}

async function sessionsOf(db: Reader, cohortId: string): Promise<CohortSession[]> {
  return db
    .selectFrom('cohort_sessions')
    .select(['id', 'position', 'kind', 'title', 'starts_at as startsAt', 'ends_at as endsAt'])
    .where('cohort_id', '=', cohortId)
    .orderBy('starts_at')
    .orderBy('position')
    .execute();
}

async function marksOf(db: Reader, enrollmentIds: string[]): Promise<Map<string, Map<string, AttendanceStatus>>> {
  const byEnrollment = new Map<string, Map<string, AttendanceStatus>>(enrollmentIds.map((id) => [id, new Map()]));
  if (enrollmentIds.length === 0) return byEnrollment;
  const rows = await db
    .selectFrom('attendance')
    .select(['enrollment_id as enrollmentId', 'session_id as sessionId', 'status'])
    .where('enrollment_id', 'in', enrollmentIds)
    .execute();
  for (const row of rows) byEnrollment.get(row.enrollmentId)?.set(row.sessionId, row.status);
  return byEnrollment;
}

/**
 * Every confirmed participant of a cohort, with their marks and where they stand against the
 * rule. No permission check: for operations that have already resolved the cohort with
 * `requireCohort` (the certificates' issue run).
 */
export async function attendanceOfCohort(db: Reader, cohort: CohortRow, now = new Date()): Promise<CohortAttendance> {
  const [rule, sessions, people] = await Promise.all([
    ruleOf(db, cohort.programId),
    sessionsOf(db, cohort.id),
    db
      .selectFrom('enrollments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .leftJoin('cooperatives as k', 'k.id', 'e.cooperative_id')
      .select(['e.id as enrollmentId', 'p.full_name as name', 'k.name as cooperativeName'])
      .where('e.cohort_id', '=', cohort.id)
      .where('e.status', '=', 'confirmed')
      .orderBy('p.full_name')
      .orderBy('e.id')
      .execute(),
  ]);
  const marks = await marksOf(
    db,
    people.map((p) => p.enrollmentId),
  );
  const participants = people.map((p) => {
    const own = marks.get(p.enrollmentId) ?? new Map<string, AttendanceStatus>();
    return { ...p, marks: own, eligibility: eligibilityOf(sessions, own, rule, now) };
  });
  return { cohort, rule, sessions, participants, summary: eligibilitySummary(participants.map((p) => p.eligibility)) };
}

/** A cohort's confirmed participants against the attendance rule; for anyone who may read the cohort (others: 404). */
export async function cohortEligibility(db: Kysely<Database>, actor: Actor | null, cohortId: string, now = new Date()): Promise<CohortAttendance> {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  return attendanceOfCohort(db, cohort, now);
}

/**
 * Where one registration stands against the attendance rule, without a permission check:
 * for operations that have already authorized their actor and may run inside their own
 * transaction (the exam's "may this person sit it", the training certificate's "does this
 * person get one"). Only a confirmed registration can be eligible; any other answers null.
 */
export async function eligibilityOfEnrollment(db: Reader, enrollmentId: string, now = new Date()): Promise<Eligibility | null> {
  if (!isUuid(enrollmentId)) return null;
  const enrollment = await db
    .selectFrom('enrollments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .select(['e.status', 'e.cohort_id as cohortId', 'c.program_id as programId'])
    .where('e.id', '=', enrollmentId)
    .executeTakeFirst();
  if (!enrollment || enrollment.status !== 'confirmed') return null;
  const [rule, sessions, marks] = await Promise.all([ruleOf(db, enrollment.programId), sessionsOf(db, enrollment.cohortId), marksOf(db, [enrollmentId])]);
  return eligibilityOf(sessions, marks.get(enrollmentId)!, rule, now);
}

/**
 * Where some registrations of a cohort stand against the rule, in one statement (the rule,
 * the cohort's sessions, and the marks of each of these registrations), without a permission
 * check: for a page whose operation has already resolved the cohort with `requireCohort` and
 * shows a page of its registrations (the participants page), rather than the whole cohort.
 * Only this cohort's confirmed registrations get an answer, as in `eligibilityOfEnrollment`.
 */
export async function eligibilityOfEnrollments(
  db: Reader,
  cohort: Pick<CohortRow, 'id' | 'programId'>,
  enrollmentIds: readonly string[],
  now = new Date(),
): Promise<Map<string, Eligibility>> {
  const ids = enrollmentIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const found = await db
    .selectFrom('programs as p')
    .select(['p.attendance_min_percent as minPercent', 'p.attendance_counts_excused as countsExcused'])
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('cohort_sessions as s').select(['s.id', 's.kind', 's.ends_at as endsAt']).where('s.cohort_id', '=', cohort.id)).as('sessions'),
      jsonArrayFrom(
        eb
          .selectFrom('enrollments as e')
          .select('e.id')
          .select((inner) =>
            jsonArrayFrom(inner.selectFrom('attendance as a').select(['a.session_id as sessionId', 'a.status']).whereRef('a.enrollment_id', '=', 'e.id')).as('marks'),
          )
          .where('e.id', 'in', ids)
          .where('e.cohort_id', '=', cohort.id)
          .where('e.status', '=', 'confirmed'),
      ).as('enrollments'),
    ])
    .where('p.id', '=', cohort.programId)
    .executeTakeFirstOrThrow();
  const rule: EligibilityRule = { minPercent: found.minPercent, countsExcused: found.countsExcused };
  // JSON carries the sessions' ends as text.
  const sessions = found.sessions.map((s) => ({ ...s, endsAt: new Date(s.endsAt) }));
  return new Map(
    found.enrollments.map((e) => [e.id, eligibilityOf(sessions, new Map(e.marks.map((m) => [m.sessionId, m.status])), rule, now)]),
  );
}

/** One registration against the rule, for anyone who may read its cohort (others, and unknown ids: 404). */
export async function enrollmentEligibility(db: Kysely<Database>, actor: Actor | null, enrollmentId: string, now = new Date()): Promise<Eligibility | null> {
  if (!isUuid(enrollmentId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db
    .selectFrom('enrollments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .select(['c.dinas_id as dinasId', 'c.training_institute_id as trainingInstituteId', 'c.certification_body_id as certificationBodyId'])
    .where('e.id', '=', enrollmentId)
    .executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'cohort:read', cohortScope(cohort));
  return eligibilityOfEnrollment(db, enrollmentId, now);
}
