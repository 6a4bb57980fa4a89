import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';

/**
 * May this participant sit the exam? Their attendance over the cohort's training sessions
 * (present or late, and excused when the program counts it) reaches the program's minimum.
 * A cohort without training sessions keeps no one out.
 *
 * The attendance area's shared rule (`app/domain/attendance/eligibility.server.ts`) is the
 * one to follow; this gate computes the same thing simply until it points there.
 */
export async function mayTakeExam(trx: Kysely<Database>, enrollmentId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('enrollments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select((eb) => [
      'p.attendance_min_percent as minPercent',
      eb
        .selectFrom('cohort_sessions as s')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('s.cohort_id', '=', 'c.id')
        .where('s.kind', '=', 'training')
        .as('sessions'),
      eb
        .selectFrom('attendance as a')
        .innerJoin('cohort_sessions as s', 's.id', 'a.session_id')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.enrollment_id', '=', 'e.id')
        .where('s.kind', '=', 'training')
        .where((w) =>
          w.or([
            w('a.status', 'in', ['present', 'late']),
            w.and([w('a.status', '=', 'excused'), w.ref('p.attendance_counts_excused')]),
          ]),
        )
        .as('attended'),
    ])
    .where('e.id', '=', enrollmentId)
    .executeTakeFirst();
  if (!row) return false;
  const sessions = Number(row.sessions ?? 0);
  if (sessions === 0) return true;
  return (Number(row.attended ?? 0) * 100) / sessions >= row.minPercent;
}
