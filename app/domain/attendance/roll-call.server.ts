import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AttendanceMethod, AttendanceStatus, Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';
import { requireCohortForAttendance, sessionOfCohort } from './marks.server';
import { sessionPhase } from './rules';

/** What the roll call page shows for one session: every confirmed participant, their mark, and marks that disagreed. */

export interface RollCallRow {
  enrollmentId: string;
  name: string;
  cooperativeName: string | null;
  /** The id the page's form gives this row's next mark (a resent page is then recognised). */
  nextMarkId: string;
  current: { status: AttendanceStatus; note: string | null; method: AttendanceMethod; markedAt: Date; byName: string | null } | null;
  /** Marks that said something else and lost to a later one: another person's, or one that arrived late from a device. */
  conflicts: { status: AttendanceStatus; byName: string | null; markedAt: Date }[];
}

export async function rollCallSheet(db: Kysely<Database>, actor: Actor, input: { cohortId: string; sessionId: string }, now: Date = new Date()) {
  const cohort = await requireCohortForAttendance(db, actor, input.cohortId);
  const session = await sessionOfCohort(db, cohort, input.sessionId);
  const [people, current, marks] = await Promise.all([
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
    db
      .selectFrom('attendance as a')
      .leftJoin('users as u', 'u.id', 'a.recorded_by_user_id')
      .select([
        'a.enrollment_id as enrollmentId', 'a.status', 'a.note', 'a.method', 'a.marked_at as markedAt', 'a.recorded_at as recordedAt',
        'a.recorded_by_user_id as byUserId', 'u.display_name as byName',
      ])
      .where('a.session_id', '=', session.id)
      .execute(),
    db
      .selectFrom('attendance_marks as m')
      .leftJoin('users as u', 'u.id', 'm.recorded_by_user_id')
      .select(['m.enrollment_id as enrollmentId', 'm.status', 'm.marked_at as markedAt', 'm.received_at as receivedAt', 'm.recorded_by_user_id as byUserId', 'u.display_name as byName'])
      .where('m.session_id', '=', session.id)
      .orderBy('m.marked_at')
      .execute(),
  ]);
  const currentOf = new Map(current.map((c) => [c.enrollmentId, c]));
  const rows: RollCallRow[] = people.map((p) => {
    const cur = currentOf.get(p.enrollmentId);
    const conflicts = cur
      ? marks
          .filter((m) => m.enrollmentId === p.enrollmentId && m.status !== cur.status && (m.byUserId !== cur.byUserId || m.receivedAt > cur.recordedAt))
          .map((m) => ({ status: m.status, byName: m.byName, markedAt: m.markedAt }))
      : [];
    return {
      ...p,
      nextMarkId: randomUUID(),
      current: cur ? { status: cur.status, note: cur.note, method: cur.method, markedAt: cur.markedAt, byName: cur.byName } : null,
      conflicts,
    };
  });
  return { cohort, session, phase: sessionPhase(session.window, now), rows };
}

export type RollCallSheet = Awaited<ReturnType<typeof rollCallSheet>>;
