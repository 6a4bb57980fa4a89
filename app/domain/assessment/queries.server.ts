import type { Kysely } from 'kysely';
import type { Database, UnitResult } from '~db/schema';
import type { ResultRow } from './rules';

/**
 * Reads shared by the grid, the save and the finalize: the program's units, the cohort's
 * confirmed participants, the body's assessors and the stored results.
 */

export async function programUnits(db: Kysely<Database>, programId: string) {
  return db.selectFrom('competency_units').select(['id', 'code', 'title']).where('program_id', '=', programId).orderBy('position').execute();
}

export async function confirmedParticipants(db: Kysely<Database>, cohortId: string) {
  return db
    .selectFrom('enrollments as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .leftJoin('cooperatives as k', 'k.id', 'e.cooperative_id')
    .select(['e.id as enrollmentId', 'p.full_name as name', 'k.name as cooperativeName'])
    .where('e.cohort_id', '=', cohortId)
    .where('e.status', '=', 'confirmed')
    .orderBy('p.full_name')
    .orderBy('e.id')
    .execute();
}

/** The users holding the assessor role in the body, with their registration number. */
export async function bodyAssessors(db: Kysely<Database>, bodyId: string | null) {
  if (!bodyId) return [];
  return db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id as userId', 'u.display_name as name', 'r.registration_number as registrationNumber'])
    .where('r.role', '=', 'assessor')
    .where('r.institution_id', '=', bodyId)
    .where('u.is_active', '=', true)
    .orderBy('u.display_name')
    .execute();
}

export interface StoredResult extends ResultRow {
  assessmentId: string;
  enrollmentId: string;
  status: 'draft' | 'final';
  recommendation: string | null;
  assessorRegistrationNumber: string | null;
}

/** Every stored result of the cohort, keyed by enrollment. */
export async function storedResults(db: Kysely<Database>, cohortId: string): Promise<Map<string, StoredResult>> {
  const rows = await db
    .selectFrom('assessments as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .select([
      'x.id', 'x.enrollment_id as enrollmentId', 'x.status', 'x.recommendation', 'x.assessor_user_id as assessorUserId',
      'x.assessed_on as examDate', 'x.exam_venue as venue', 'x.notes as note', 'x.assessor_registration_number as assessorRegistrationNumber',
    ])
    .where('e.cohort_id', '=', cohortId)
    .execute();
  const units = rows.length
    ? await db
        .selectFrom('assessment_unit_results')
        .select(['assessment_id as assessmentId', 'competency_unit_id as unitId', 'result'])
        .where('assessment_id', 'in', rows.map((r) => r.id))
        .execute()
    : [];
  const byAssessment = new Map<string, Record<string, UnitResult>>();
  for (const u of units) {
    const map = byAssessment.get(u.assessmentId) ?? {};
    map[u.unitId] = u.result;
    byAssessment.set(u.assessmentId, map);
  }
  return new Map(
    rows.map((r) => [
      r.enrollmentId,
      {
        assessmentId: r.id,
        enrollmentId: r.enrollmentId,
        status: r.status,
        recommendation: r.recommendation,
        absent: r.recommendation === 'did_not_attend',
        assessorUserId: r.assessorUserId,
        examDate: r.examDate,
        venue: r.venue,
        note: r.note,
        assessorRegistrationNumber: r.assessorRegistrationNumber,
        units: byAssessment.get(r.id) ?? {},
      },
    ]),
  );
}

export async function finalizationOf(db: Kysely<Database>, cohortId: string) {
  return db
    .selectFrom('cohort_result_finalizations as f')
    .innerJoin('users as u', 'u.id', 'f.finalized_by_user_id')
    .select(['f.finalized_at as finalizedAt', 'u.display_name as finalizedBy'])
    .where('f.cohort_id', '=', cohortId)
    .executeTakeFirst();
}
