import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { ConflictError } from '~/lib/errors';
import { withValues } from '~/lib/messages';
import type { Actor } from '~/lib/permissions';
import { acceptsResults, requireExamCohortForUpdate } from './access.server';
import { confirmedParticipants, finalizationOf, programUnits, storedResults } from './queries.server';
import { recommendationOf } from './rules';

/**
 * The certification admin finalizes the cohort's results: every confirmed participant has
 * an outcome (all units entered, or "did not attend"), and everyone who sat the exam an
 * assessor and an exam date. From then on the results are locked and shown to the participants.
 */
export async function finalizeExamResults(db: Kysely<Database>, actor: Actor | null, input: { cohortId: string }, now = new Date()): Promise<{ finalized: number }> {
  return db.transaction().execute(async (trx) => {
    const cohort = await requireExamCohortForUpdate(trx, actor, input.cohortId, 'assessment:finalize');
    if (!acceptsResults(cohort.status)) throw new ConflictError('assessment:errors.notStarted');
    if (await finalizationOf(trx, cohort.id)) throw new ConflictError('assessment:errors.alreadyFinal');
    const [units, participants, stored] = await Promise.all([programUnits(trx, cohort.programId), confirmedParticipants(trx, cohort.id), storedResults(trx, cohort.id)]);
    if (participants.length === 0) throw new ConflictError('assessment:errors.noParticipants');
    const incomplete = participants.filter((p) => {
      const r = stored.get(p.enrollmentId);
      if (!r || !recommendationOf(Object.values(r.units), units.length, r.absent)) return true;
      return !r.absent && (!r.assessorUserId || !r.examDate);
    });
    if (incomplete.length) throw new ConflictError(withValues('assessment:errors.incomplete', { count: incomplete.length }));
    const ids = participants.map((p) => stored.get(p.enrollmentId)!.assessmentId);
    await trx.updateTable('assessments').set({ status: 'final', finalized_at: now, finalized_by_user_id: actor!.userId, updated_at: now }).where('id', 'in', ids).execute();
    await trx.insertInto('cohort_result_finalizations').values({ cohort_id: cohort.id, finalized_at: now, finalized_by_user_id: actor!.userId }).execute();
    await recordAudit(trx, { actor, action: 'assessment.finalized', entityType: 'cohort', entityId: cohort.id, dinasId: cohort.dinasId, after: { results: ids.length } });
    return { finalized: ids.length };
  });
}
