import type { Kysely } from 'kysely';
import type { CohortStatus, Database } from '~db/schema';
import { dateInZone, todayIn } from '~/lib/dates';
import { ConflictError, ValidationError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { recordAudit } from '~/domain/audit/record.server';
import { requireCohortForUpdate, type CohortRow } from './access.server';
import { mailEveryoneEnrolled } from './mail.server';
import { transitionProblem, type LifecycleFacts } from './lifecycle';
import { CancelSchema } from './schemas';

/** Moving a cohort through its lifecycle, each step checked and audited. */

export async function lifecycleFacts(db: Kysely<Database>, cohort: CohortRow, now: Date): Promise<LifecycleFacts> {
  const sessions = await db
    .selectFrom('cohort_sessions')
    .select(['starts_at', 'ends_at'])
    .where('cohort_id', '=', cohort.id)
    .orderBy('starts_at')
    .execute();
  const first = sessions[0];
  const lastEnd = sessions.reduce<Date | null>((latest, s) => (!latest || s.ends_at > latest ? s.ends_at : latest), null);
  return {
    now,
    today: todayIn(cohort.timeZone, now),
    sessionCount: sessions.length,
    firstSessionStartsAt: first?.starts_at ?? null,
    firstSessionDate: first ? dateInZone(first.starts_at, cohort.timeZone) : null,
    lastSessionEndsAt: lastEnd,
    registrationClosesAt: cohort.registrationClosesAt,
  };
}

export async function transitionCohort(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; to: Exclude<CohortStatus, 'draft' | 'cancelled'>; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const cohort = await requireCohortForUpdate(trx, actor, input.cohortId, 'cohort:manage');
    const problem = transitionProblem(cohort.status, input.to, await lifecycleFacts(trx, cohort, now));
    if (problem) throw new ConflictError(problem);
    await trx.updateTable('cohorts').set({ status: input.to, updated_at: new Date() }).where('id', '=', cohort.id).execute();
    await recordAudit(trx, {
      actor,
      action: `cohort.${input.to}`,
      entityType: 'cohort',
      entityId: cohort.id,
      dinasId: cohort.dinasId,
      before: { status: cohort.status },
      after: { status: input.to },
    });
  });
}

/** Cancels a cohort with a reason; everyone registered is told, and their registrations end. */
export async function cancelCohort(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; reason: string; now?: Date },
): Promise<{ notified: number }> {
  const { reason } = parseOrThrow(CancelSchema, { reason: input.reason });
  return db.transaction().execute(async (trx) => {
    const cohort = await requireCohortForUpdate(trx, actor, input.cohortId, 'cohort:manage');
    const facts = { ...(await lifecycleFacts(trx, cohort, input.now ?? new Date())), cancelReason: reason };
    const problem = transitionProblem(cohort.status, 'cancelled', facts);
    if (problem === 'cohorts:lifecycle.reasonRequired') throw new ValidationError({ reason: [problem] });
    if (problem) throw new ConflictError(problem);
    await trx.updateTable('cohorts').set({ status: 'cancelled', cancel_reason: reason, updated_at: new Date() }).where('id', '=', cohort.id).execute();
    // Tell people while their registrations still show who was registered.
    const notified = await mailEveryoneEnrolled(trx, cohort.id, 'cohort-cancelled', { reason });
    await trx
      .updateTable('enrollments')
      .set({ status: 'cancelled', cancelled_at: new Date(), reason })
      .where('cohort_id', '=', cohort.id)
      .where('status', 'in', ['pending', 'confirmed', 'waitlisted'])
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'cohort.cancelled',
      entityType: 'cohort',
      entityId: cohort.id,
      dinasId: cohort.dinasId,
      before: { status: cohort.status },
      after: { status: 'cancelled', reason, notified },
    });
    return { notified };
  });
}
