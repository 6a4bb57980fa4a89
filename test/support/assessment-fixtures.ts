import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { addDays } from '~/lib/dates';
import { cooperativeWithStaff, today, type DemoIds } from './cohorts-fixtures';

let serial = 0;

/**
 * A cohort of the demo program that has run (three training days and the exam day, all
 * past), with `participants` confirmed participants who attended every training session —
 * except the last, absent one day, so the attendance rule (100 % for the demo program)
 * keeps them from the exam.
 */
export async function examCohort(
  db: Kysely<Database>,
  ids: DemoIds,
  options: { participants: number; status?: 'in_progress' | 'completed' | 'open'; certificationBodyId?: string },
): Promise<{ cohortId: string; enrollmentIds: string[]; ineligibleId: string; personIds: string[]; unitIds: string[] }> {
  const startsOn = addDays(today(), -20);
  const cohort = await db
    .insertInto('cohorts')
    .values({
      program_id: ids.programId,
      dinas_id: ids.dinasId,
      name: `Angkatan Ujian ${++serial}`,
      status: options.status ?? 'completed',
      venue_name: 'Hotel Ujian',
      capacity: 30,
      starts_on: startsOn,
      ends_on: addDays(startsOn, 3),
      training_institute_id: ids.instituteId,
      certification_body_id: options.certificationBodyId ?? ids.lspId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessions = await db
    .insertInto('cohort_sessions')
    .values(
      [0, 1, 2, 3].map((d) => ({
        cohort_id: cohort.id,
        position: d + 1,
        kind: d === 3 ? ('exam' as const) : ('training' as const),
        title: d === 3 ? 'Uji kompetensi' : `Hari ${d + 1}`,
        starts_at: new Date(`${addDays(startsOn, d)}T01:00:00Z`),
        ends_at: new Date(`${addDays(startsOn, d)}T09:00:00Z`),
      })),
    )
    .returning(['id', 'kind'])
    .execute();
  const { cooperativeId, personIds } = await cooperativeWithStaff(db, ids.dinasId, Array.from({ length: options.participants }, () => 'Kepala Bagian Pembiayaan'));
  const enrollments = await db
    .insertInto('enrollments')
    .values(personIds.map((personId) => ({ cohort_id: cohort.id, person_id: personId, cooperative_id: cooperativeId, status: 'confirmed' as const, source: 'coordinator' as const })))
    .returning('id')
    .execute();
  const enrollmentIds = enrollments.map((e) => e.id);
  const ineligibleId = enrollmentIds.at(-1)!;
  const training = sessions.filter((s) => s.kind === 'training');
  await db
    .insertInto('attendance')
    .values(
      enrollmentIds.flatMap((enrollmentId) =>
        training.map((s, k) => ({ enrollment_id: enrollmentId, session_id: s.id, status: enrollmentId === ineligibleId && k === 1 ? ('absent' as const) : ('present' as const) })),
      ),
    )
    .execute();
  const units = await db.selectFrom('competency_units').select('id').where('program_id', '=', ids.programId).orderBy('position').execute();
  return { cohortId: cohort.id, enrollmentIds, ineligibleId, personIds, unitIds: units.map((u) => u.id) };
}

/** A grid row with every unit at `result` (or the given per-unit results). */
export function row(enrollmentId: string, unitIds: string[], results: ('K' | 'BK' | undefined)[] | 'K' | 'BK', extra: Record<string, unknown> = {}) {
  const each = typeof results === 'string' ? unitIds.map(() => results) : results;
  return { enrollmentId, units: unitIds.map((u, j) => (each[j] ? `${u}:${each[j]}` : undefined)), absent: false, ...extra };
}
