import type { Kysely } from 'kysely';
import type { Database, EnrollmentStatus } from '~db/schema';
import { cooperativeWithStaff, type DemoIds } from './cohorts-fixtures';

let serial = 0;

/**
 * A running cohort of the demo program (its institute and LSP) with one training session
 * per given start (8 hours each), and a participant per enrollment status asked for:
 * the stage for the attendance tests. The program's knobs are its defaults: marking opens
 * 60 minutes before a session, corrections for 72 hours after it.
 */
export async function attendanceCohort(
  db: Kysely<Database>,
  ids: DemoIds,
  options: { sessionStarts: Date[]; statuses: EnrollmentStatus[]; timeZone?: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura'; dinasId?: string; programId?: string; instituteId?: string },
) {
  const first = options.sessionStarts[0]!;
  const last = options.sessionStarts.at(-1)!;
  const cohort = await db
    .insertInto('cohorts')
    .values({
      program_id: options.programId ?? ids.programId,
      dinas_id: options.dinasId ?? ids.dinasId,
      name: `Angkatan Presensi ${++serial}`,
      status: 'in_progress',
      venue_name: 'Hotel Presensi',
      time_zone: options.timeZone ?? 'Asia/Jakarta',
      capacity: 25,
      starts_on: first.toISOString().slice(0, 10),
      ends_on: last.toISOString().slice(0, 10),
      training_institute_id: options.instituteId ?? ids.instituteId,
      certification_body_id: ids.lspId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessions = await db
    .insertInto('cohort_sessions')
    .values(
      options.sessionStarts.map((startsAt, i) => ({
        cohort_id: cohort.id,
        position: i + 1,
        kind: 'training' as const,
        title: `Hari ${i + 1}`,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 8 * 3_600_000),
      })),
    )
    .returning('id')
    .execute();
  const { cooperativeId, personIds } = await cooperativeWithStaff(db, options.dinasId ?? ids.dinasId, options.statuses.map(() => 'Kepala Bagian Pembiayaan'));
  const enrollments = await db
    .insertInto('enrollments')
    .values(options.statuses.map((status, i) => ({ cohort_id: cohort.id, person_id: personIds[i]!, cooperative_id: cooperativeId, status, source: 'coordinator' as const })))
    .returning(['id', 'status'])
    .execute();
  return { cohortId: cohort.id, sessionIds: sessions.map((s) => s.id), enrollments: enrollments.map((e) => e.id) };
}

/** How many rows attendance has written for a session: current marks, every mark, audit rows. */
export async function attendanceCounts(db: Kysely<Database>, sessionId: string) {
  const [attendance, marks, audit] = await Promise.all([
    db.selectFrom('attendance').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow(),
    db.selectFrom('attendance_marks').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow(),
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', 'attendance.%').executeTakeFirstOrThrow(),
  ]);
  return { attendance: Number(attendance.n), marks: Number(marks.n), audit: Number(audit.n) };
}
