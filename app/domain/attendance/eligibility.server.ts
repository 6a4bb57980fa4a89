import type { Expression, Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
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
 * Where the registrations a page shows stand against the rule, read in the page's own
 * statement (the participants page reads its rows, counts and these as one; each statement
 * more was a round trip to PostgreSQL, and two of them 13% of the page's CPU): the rule and
 * the cohort's sessions as two columns, each registration's marks as a column of its row.
 * No permission check: for a page whose operation has already resolved the cohort with
 * `requireCohort`. `standingOnPage` reads them back.
 */
export const attendanceOnPage = {
  /** The program's rule and the cohort's sessions, as the columns `attendanceRule` and `attendanceSessions`. */
  ruleAndSessions(db: Reader, cohort: Pick<CohortRow, 'id' | 'programId'>) {
    return [
      jsonObjectFrom(
        db
          .selectFrom('programs as rp')
          .select(['rp.attendance_min_percent as minPercent', 'rp.attendance_counts_excused as countsExcused'])
          .where('rp.id', '=', cohort.programId),
      ).as('attendanceRule'),
      jsonArrayFrom(db.selectFrom('cohort_sessions as rs').select(['rs.id', 'rs.kind', 'rs.ends_at as endsAt']).where('rs.cohort_id', '=', cohort.id)).as(
        'attendanceSessions',
      ),
    ] as const;
  },
  /** A registration's marks (`enrollmentId`: a reference to its id in the outer query), as the column `attendanceMarks`. */
  marks(db: Reader, enrollmentId: Expression<string>) {
    return jsonArrayFrom(
      db.selectFrom('attendance as am').select(['am.session_id as sessionId', 'am.status']).where('am.enrollment_id', '=', enrollmentId),
    ).as('attendanceMarks');
  },
};

/** The standing of each confirmed registration among `rows`, from the columns of `attendanceOnPage`. */
export function standingOnPage(
  found: { attendanceRule: EligibilityRule | null; attendanceSessions: { id: string; kind: SessionKind; endsAt: Date | string }[] },
  rows: readonly { enrollmentId: string; status: string; attendanceMarks: { sessionId: string; status: AttendanceStatus }[] }[],
  now = new Date(),
): Map<string, Eligibility> {
  const rule = found.attendanceRule;
  if (!rule) return new Map();
  // JSON carries the sessions' ends as text.
  const sessions = found.attendanceSessions.map((s) => ({ ...s, endsAt: new Date(s.endsAt) }));
  return new Map(
    rows
      .filter((row) => row.status === 'confirmed')
      .map((row) => [row.enrollmentId, eligibilityOf(sessions, new Map(row.attendanceMarks.map((m) => [m.sessionId, m.status])), rule, now)]),
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
