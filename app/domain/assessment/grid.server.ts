import type { Kysely, Transaction } from 'kysely';
import type { Database, UnitResult } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { dateInZone } from '~/lib/dates';
import { ConflictError, ValidationError } from '~/lib/errors';
import { can, type Actor } from '~/lib/permissions';
import { acceptsResults, requireExamCohort, requireExamCohortForUpdate } from './access.server';
import { mayTakeExam } from './exam-gate.server';
import { bodyAssessors, confirmedParticipants, finalizationOf, programUnits, storedResults, type StoredResult } from './queries.server';
import { isBlankResult, recommendationOf, registrationNumberLooksRight, sameResult, type ResultRow } from './rules';
import { UNIT_CELL, type ResultGridValues } from './schemas';

/** The exam grid: every confirmed participant × every unit of the program, with what is stored. */
export async function examGrid(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const cohort = await requireExamCohort(db, actor, cohortId, 'assessment:enter');
  const [program, units, participants, assessors, stored, finalization, examSession] = await Promise.all([
    db.selectFrom('programs').select(['code', 'title']).where('id', '=', cohort.programId).executeTakeFirstOrThrow(),
    programUnits(db, cohort.programId),
    confirmedParticipants(db, cohort.id),
    bodyAssessors(db, cohort.certificationBodyId),
    storedResults(db, cohort.id),
    finalizationOf(db, cohort.id),
    db.selectFrom('cohort_sessions').select('starts_at').where('cohort_id', '=', cohort.id).where('kind', '=', 'exam').orderBy('starts_at').executeTakeFirst(),
  ]);
  const rows = [];
  for (const p of participants) {
    const result = stored.get(p.enrollmentId);
    rows.push({
      ...p,
      eligible: await mayTakeExam(db, p.enrollmentId),
      status: result?.status ?? null,
      recommendation: result ? recommendationOf(Object.values(result.units), units.length, result.absent) : null,
      absent: result?.absent ?? false,
      assessorUserId: result?.assessorUserId ?? null,
      examDate: result?.examDate ?? null,
      venue: result?.venue ?? null,
      note: result?.note ?? null,
      units: result?.units ?? {},
    });
  }
  return {
    cohort: { id: cohort.id, name: cohort.name, status: cohort.status, timeZone: cohort.timeZone, programCode: program.code, programTitle: program.title },
    accepting: acceptsResults(cohort.status),
    finalization: finalization ?? null,
    canFinalize: can(actor, 'assessment:finalize', { certificationBodyId: cohort.certificationBodyId }),
    units,
    assessors: assessors.map((a) => ({ ...a, looksRight: registrationNumberLooksRight(a.registrationNumber) })),
    defaults: { examDate: examSession ? dateInZone(examSession.starts_at, cohort.timeZone) : null, venue: cohort.venueName },
    rows,
  };
}

export type ExamGrid = Awaited<ReturnType<typeof examGrid>>;

/**
 * Saves the grid as it was submitted, in one transaction: every row is checked first and
 * any refusal writes nothing. A row left blank is skipped; an unchanged row is not written.
 * Once the cohort's results are final, only its certification admin changes them, each
 * change needs a reason, is audited with before and after, and marks the certificates
 * issued from the old result for reissue.
 *
 * Field errors are keyed by the grid's own field names (`rows[2].units[1]`), so the form
 * shows each beside its cell.
 */
export async function saveExamResults(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; source?: 'grid' | 'upload' } & ResultGridValues,
  now = new Date(),
): Promise<{ saved: number; corrected: number; reissue: number }> {
  return db.transaction().execute(async (trx) => {
    const { cohort, finalized, units, assessorById, reason, changes, errors } = await checkExamResults(trx, actor, input);
    if (Object.keys(errors).length) throw new ValidationError(errors);

    let reissue = 0;
    for (const { enrollmentId, next, before } of changes) {
      const recommendation = recommendationOf(Object.values(next.units), units.length, next.absent);
      const values = {
        assessor_user_id: next.assessorUserId,
        assessor_registration_number: next.assessorUserId ? (assessorById.get(next.assessorUserId)?.registrationNumber ?? null) : null,
        assessed_on: next.examDate,
        exam_venue: next.venue,
        notes: next.note,
        recommendation,
        updated_at: now,
        ...(finalized ? { correction_reason: reason, corrected_at: now } : {}),
      };
      const assessmentId = before
        ? (await trx.updateTable('assessments').set(values).where('id', '=', before.assessmentId).returning('id').executeTakeFirstOrThrow()).id
        : (await trx.insertInto('assessments').values({ enrollment_id: enrollmentId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
      await trx.deleteFrom('assessment_unit_results').where('assessment_id', '=', assessmentId).execute();
      const unitRows = Object.entries(next.units).map(([unitId, result]) => ({ assessment_id: assessmentId, competency_unit_id: unitId, result }));
      if (unitRows.length) await trx.insertInto('assessment_unit_results').values(unitRows).execute();
      const after = { ...next, recommendation };
      await recordAudit(trx, {
        actor,
        action: finalized ? 'assessment.corrected' : 'assessment.saved',
        entityType: 'assessment',
        entityId: assessmentId,
        dinasId: cohort.dinasId,
        before: before ? { absent: before.absent, assessorUserId: before.assessorUserId, examDate: before.examDate, venue: before.venue, note: before.note, units: before.units, recommendation: before.recommendation } : null,
        after: { ...(finalized ? { ...after, reason } : after), ...(input.source === 'upload' ? { source: 'upload' } : {}) },
      });
      if (finalized) {
        const marked = await trx
          .updateTable('certificates')
          .set({ needs_reissue: true, reissue_reason: reason })
          .where('enrollment_id', '=', enrollmentId)
          .where('status', '=', 'valid')
          .returning('id')
          .execute();
        for (const certificate of marked) {
          await recordAudit(trx, { actor, action: 'certificate.reissue_needed', entityType: 'certificate', entityId: certificate.id, dinasId: cohort.dinasId, after: { needsReissue: true, reason } });
        }
        reissue += marked.length;
      }
    }
    return { saved: finalized ? 0 : changes.length, corrected: finalized ? changes.length : 0, reissue };
  });
}

/**
 * The checks of `saveExamResults`, without writing: what would change, and every refusal
 * keyed by the grid's field names. The upload's preview runs them too, so a file is
 * judged by the very rules the grid is.
 */
export async function checkExamResults(trx: Transaction<Database>, actor: Actor | null, input: { cohortId: string } & ResultGridValues) {
  const cohort = await requireExamCohortForUpdate(trx, actor, input.cohortId, 'assessment:enter');
  if (!acceptsResults(cohort.status)) throw new ConflictError('assessment:errors.notStarted');
  const finalized = !!(await finalizationOf(trx, cohort.id));
  if (finalized && !can(actor, 'assessment:finalize', { certificationBodyId: cohort.certificationBodyId })) {
    throw new ConflictError('assessment:errors.finalizedLocked');
  }
  const [units, participants, assessors, stored] = await Promise.all([
    programUnits(trx, cohort.programId),
    confirmedParticipants(trx, cohort.id),
    bodyAssessors(trx, cohort.certificationBodyId),
    storedResults(trx, cohort.id),
  ]);
  const unitIds = new Set(units.map((u) => u.id));
  const enrolled = new Set(participants.map((p) => p.enrollmentId));
  const assessorById = new Map(assessors.map((a) => [a.userId, a]));
  const reason = input.correctionReason?.trim() || null;

  const errors: Record<string, string[]> = {};
  const fail = (key: string, message: string) => (errors[key] ??= []).push(message);
  const changes: { enrollmentId: string; next: ResultRow; before: StoredResult | undefined }[] = [];
  const seen = new Set<string>();
  for (const [i, row] of input.rows.entries()) {
    if (!enrolled.has(row.enrollmentId) || seen.has(row.enrollmentId)) {
      fail(`rows[${i}]`, 'assessment:errors.participant');
      continue;
    }
    seen.add(row.enrollmentId);
    const results: Record<string, UnitResult> = {};
    for (const [j, cell] of row.units.entries()) {
      if (!cell) continue;
      const [, unitId = '', value] = UNIT_CELL.exec(cell) ?? [];
      if (!unitIds.has(unitId.toLowerCase()) || results[unitId.toLowerCase()]) fail(`rows[${i}].units[${j}]`, 'assessment:errors.unitNotInProgram');
      else results[unitId.toLowerCase()] = value!.toUpperCase() as UnitResult;
    }
    if (row.absent && Object.keys(results).length) fail(`rows[${i}].absent`, 'assessment:errors.absentWithResults');
    if (row.assessorUserId && !assessorById.has(row.assessorUserId)) fail(`rows[${i}].assessorUserId`, 'assessment:errors.assessor');
    const next: ResultRow = {
      absent: row.absent,
      assessorUserId: row.assessorUserId ?? null,
      examDate: row.examDate ?? null,
      venue: row.venue || null,
      note: row.note || null,
      units: results,
    };
    const before = stored.get(row.enrollmentId);
    if (before ? sameResult(before, next) : isBlankResult(next)) continue;
    if (!next.absent && Object.keys(results).length && !(await mayTakeExam(trx, row.enrollmentId))) {
      fail(`rows[${i}]`, 'assessment:errors.notEligible');
    }
    if (finalized && !recommendationOf(Object.values(results), units.length, next.absent)) fail(`rows[${i}]`, 'assessment:errors.incompleteCorrection');
    changes.push({ enrollmentId: row.enrollmentId, next, before });
  }
  if (finalized && changes.length && !reason) fail('correctionReason', 'assessment:errors.reasonRequired');
  return { cohort, finalized, units, assessorById, reason, changes, errors };
}
