import type { Kysely } from 'kysely';
import type { AssessmentOutcome, Database, UnitResult } from '~db/schema';
import { cohortScope, requireCohort } from '~/domain/cohorts/access.server';
import { can, type Actor } from '~/lib/permissions';
import { finalizationOf, programUnits } from './queries.server';
import type { ExamSummary, OwnExamResult } from './views';

export type { ExamSummary, OwnExamResult } from './views';

/**
 * What the exam's results show outside the grid: the cohort page's summary, and each
 * participant's own result — only once the certification admin has finalized them.
 */

export async function cohortExamSummary(db: Kysely<Database>, actor: Actor | null, cohortId: string): Promise<ExamSummary> {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  const [units, finalization, outcomes, perUnit] = await Promise.all([
    programUnits(db, cohort.programId),
    finalizationOf(db, cohort.id),
    db
      .selectFrom('assessments as x')
      .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
      .select(['x.recommendation', (eb) => eb.fn.countAll<number>().as('n')])
      .where('e.cohort_id', '=', cohort.id)
      .where('e.status', '=', 'confirmed')
      .groupBy('x.recommendation')
      .execute(),
    db
      .selectFrom('assessment_unit_results as r')
      .innerJoin('assessments as x', 'x.id', 'r.assessment_id')
      .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
      .select(['r.competency_unit_id as unitId', 'r.result', (eb) => eb.fn.countAll<number>().as('n')])
      .where('e.cohort_id', '=', cohort.id)
      .where('e.status', '=', 'confirmed')
      .groupBy(['r.competency_unit_id', 'r.result'])
      .execute(),
  ]);
  const count = (o: AssessmentOutcome) => Number(outcomes.find((r) => r.recommendation === o)?.n ?? 0);
  const unitCount = (unitId: string, result: UnitResult) => Number(perUnit.find((r) => r.unitId === unitId && r.result === result)?.n ?? 0);
  return {
    finalized: !!finalization,
    entered: outcomes.reduce((sum, r) => sum + Number(r.n), 0),
    competent: count('competent'),
    notYetCompetent: count('not_yet_competent'),
    absent: count('did_not_attend'),
    units: units.map((u) => ({ ...u, competent: unitCount(u.id, 'K'), notYetCompetent: unitCount(u.id, 'BK') })),
    canEnter: can(actor, 'assessment:enter', { certificationBodyId: cohort.certificationBodyId }),
    canExport: can(actor, 'assessment:export', cohortScope(cohort)),
  };
}

/** The signed-in person's own final results, by enrollment; drafts are never shown. */
export async function myExamResults(db: Kysely<Database>, actor: Actor): Promise<OwnExamResult[]> {
  if (!actor.personId) return [];
  const rows = await db
    .selectFrom('assessments as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('cohort_result_finalizations as f', 'f.cohort_id', 'c.id')
    .select(['x.id', 'e.id as enrollmentId', 'c.program_id as programId', 'x.recommendation', 'x.assessed_on as examDate'])
    .where('e.person_id', '=', actor.personId)
    .where('x.status', '=', 'final')
    .execute();
  const results: OwnExamResult[] = [];
  for (const row of rows) {
    if (!row.recommendation) continue;
    const [units, given] = await Promise.all([
      programUnits(db, row.programId),
      db.selectFrom('assessment_unit_results').select(['competency_unit_id as unitId', 'result']).where('assessment_id', '=', row.id).execute(),
    ]);
    results.push({
      enrollmentId: row.enrollmentId,
      outcome: row.recommendation,
      examDate: row.examDate,
      units: units.map((u) => ({ code: u.code, title: u.title, result: given.find((g) => g.unitId === u.id)?.result ?? null })),
    });
  }
  return results;
}
