import type { Kysely } from 'kysely';
import type { Database, EnrollmentStatus } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import type { ListParams } from '~/lib/list-params';
import { can, type Actor } from '~/lib/permissions';
import { requireCohort } from '~/domain/cohorts/access.server';
import { cohortDoorsFor } from '~/domain/cohorts/detail.server';
import { isActiveCohort } from '~/domain/cohorts/lifecycle';
import { getPublicCohort } from '~/domain/cohorts/public.server';
import { myCohorts, myRegistration, nominationCandidates, openCohortsForMe, participantsOf, searchPeopleForCohort, type ParticipantSort } from './queries.server';

/** What each page about a cohort's registrations reads, in one call per page. */

/** A published cohort's public page with this visitor's standing: their registration and the doors open to them. */
export async function publicCohortPage(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const cohort = await getPublicCohort(db, cohortId);
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  const [registration, doors] = await Promise.all([myRegistration(db, actor, cohort.id), cohortDoorsFor(db, actor, cohort.id)]);
  return { cohort, registration, doors };
}

/** "Pelatihan saya": the participant's registrations, and the open cohorts they can still join. */
export async function myCohortsPage(db: Kysely<Database>, actor: Actor | null) {
  const [mine, open] = await Promise.all([myCohorts(db, actor), openCohortsForMe(db, actor)]);
  return { mine, open };
}

/** A cooperative admin's staff, for nominating them to a published cohort. */
export async function nominationPage(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const candidates = await nominationCandidates(db, actor, cohortId);
  const cohort = await getPublicCohort(db, cohortId);
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  return { cohort, candidates };
}

/**
 * A cohort's participants page: the cohort, one page of its registrations with the
 * counts per status, and — while the coordinator can still add people — the roster
 * people matching their search.
 */
export async function participantsPage(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  options: ListParams<ParticipantSort> & { status: EnrollmentStatus | null; q: string },
) {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  const canManage = can(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
  const active = isActiveCohort(cohort.status);
  const [{ page, counts }, found] = await Promise.all([
    participantsOf(db, actor, cohort.id, options),
    canManage && active && options.q ? searchPeopleForCohort(db, actor, cohort.id, options.q) : Promise.resolve(null),
  ]);
  return { cohort, canManage, active, page, counts, found };
}
