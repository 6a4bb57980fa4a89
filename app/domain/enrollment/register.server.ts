import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { todayIn } from '~/lib/dates';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { cooperativesAdministeredBy, requirePermission, type Actor } from '~/lib/permissions';
import { isActiveCohort } from '~/domain/cohorts/lifecycle';
import { isCurrentPosition } from '~/domain/cooperatives/positions';
import { checkEligibility } from './eligibility';
import { registrationProblem } from './registration-window';
import { positionsOf } from './roster.server';
import { lockCohort, placeCandidates, type Placement } from './seats.server';

/**
 * The three doors into a cohort: a participant registers themself; a cooperative admin
 * nominates staff of their cooperative; a coordinator adds people directly.
 *
 * Decision (documented in the README): a self-registration or nomination of an eligible
 * person is confirmed at once while seats remain (waitlisted beyond capacity or quota).
 * It waits for the coordinator's approval when the cohort asks for approval of every
 * registration, or when the person's roster position is not one the program targets
 * (the coordinator's approval is the override). Coordinators' additions never wait.
 */

/** Distinct ids as given in a form; anything that is not an id can name nobody. */
export function idsFrom(values: readonly string[]): string[] {
  return [...new Set(values.filter(isUuid))];
}

export interface PlacementSummary {
  placements: Placement[];
  confirmed: number;
  waitlisted: number;
  pending: number;
  duplicates: number;
}

export function summarize(placements: Placement[]): PlacementSummary {
  const count = (status: Placement['status']) => placements.filter((p) => p.status === status).length;
  return { placements, confirmed: count('confirmed'), waitlisted: count('waitlisted'), pending: count('pending'), duplicates: count('duplicate') };
}

export async function registerSelf(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; personId: string | null; now?: Date },
): Promise<Placement> {
  requirePermission(actor, 'enrollment:self', { personId: input.personId });
  const personId = input.personId!;
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (cohort.status === 'draft') throw new NotFoundError('common:error.notFoundBody');
    const problem = registrationProblem(cohort, now);
    if (problem) throw new ConflictError(problem);
    const positions = (await positionsOf(trx, [personId])).get(personId) ?? [];
    const eligibility = checkEligibility({
      targetPositions: cohort.targetPositions,
      dinasId: cohort.dinasId,
      positions,
      today: todayIn(cohort.timeZone, now),
    });
    if (eligibility.reason === 'noPosition') throw new ConflictError('cohorts:registration.noPosition');
    const [placement] = await placeCandidates(
      trx,
      actor,
      cohort,
      [{ personId, cooperativeId: eligibility.cooperativeId, needsApproval: cohort.requiresApproval || !eligibility.eligible }],
      'self',
    );
    if (placement!.status === 'duplicate') throw new ConflictError('cohorts:registration.alreadyRegistered');
    return placement!;
  });
}

/** A cooperative admin registers several of their cooperative's current staff at once. */
export async function nominateStaff(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; personIds: readonly string[]; now?: Date },
): Promise<PlacementSummary> {
  const now = input.now ?? new Date();
  const cooperativeIds = cooperativesAdministeredBy(actor);
  requirePermission(actor, 'enrollment:nominate', { cooperativeId: cooperativeIds[0] ?? null });
  const personIds = idsFrom(input.personIds);
  if (personIds.length === 0) throw new ConflictError('cohorts:nominate.noneSelected');
  return db.transaction().execute(async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (cohort.status === 'draft') throw new NotFoundError('common:error.notFoundBody');
    const today = todayIn(cohort.timeZone, now);
    const positions = await positionsOf(trx, personIds);
    const candidates = personIds.map((personId) => {
      // Only people currently on a roster the actor administers, in the cohort's Dinas.
      const own = (positions.get(personId) ?? []).filter(
        (p) => cooperativeIds.includes(p.cooperativeId) && p.dinasId === cohort.dinasId && isCurrentPosition(p, today),
      );
      if (own.length === 0) throw new NotFoundError('common:error.notFoundBody');
      const eligibility = checkEligibility({ targetPositions: cohort.targetPositions, dinasId: cohort.dinasId, positions: own, today });
      const cooperativeId = eligibility.cooperativeId ?? own[0]!.cooperativeId;
      requirePermission(actor, 'enrollment:nominate', { cooperativeId });
      return { personId, cooperativeId, needsApproval: cohort.requiresApproval || !eligibility.eligible };
    });
    const problem = registrationProblem(cohort, now);
    if (problem) throw new ConflictError(problem);
    return summarize(await placeCandidates(trx, actor, cohort, candidates, 'nominated'));
  });
}

/** A coordinator adds people directly, whatever the window and the target positions. */
export async function addParticipants(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; personIds: readonly string[]; now?: Date },
): Promise<PlacementSummary> {
  const now = input.now ?? new Date();
  const personIds = idsFrom(input.personIds);
  return db.transaction().execute(async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    requirePermission(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
    if (!isActiveCohort(cohort.status)) throw new ConflictError('cohorts:participants.notActive');
    if (personIds.length === 0) throw new ConflictError('cohorts:nominate.noneSelected');
    const today = todayIn(cohort.timeZone, now);
    const positions = await positionsOf(trx, personIds);
    const candidates = personIds.map((personId) => {
      const inDinas = (positions.get(personId) ?? []).filter((p) => p.dinasId === cohort.dinasId);
      // Someone the Dinas has never had on a roster is not the coordinator's to add.
      if (inDinas.length === 0) throw new NotFoundError('common:error.notFoundBody');
      const eligibility = checkEligibility({ targetPositions: cohort.targetPositions, dinasId: cohort.dinasId, positions: inDinas, today });
      return { personId, cooperativeId: eligibility.cooperativeId ?? inDinas[0]!.cooperativeId, needsApproval: false };
    });
    return summarize(await placeCandidates(trx, actor, cohort, candidates, 'coordinator'));
  });
}
