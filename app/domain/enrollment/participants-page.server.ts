import type { Kysely } from 'kysely';
import type { Database, EnrollmentStatus } from '~db/schema';
import type { ListParams } from '~/lib/list-params';
import { can, type Actor } from '~/lib/permissions';
import { requireCohort } from '~/domain/cohorts/access.server';
import { isActiveCohort } from '~/domain/cohorts/lifecycle';
import { participantsOf, searchPeopleForCohort, type ParticipantSort } from './queries.server';

/**
 * Everything a cohort's participants page shows: the cohort, one page of its
 * registrations with the counts per status, and — while the coordinator can still add
 * people — the roster people matching their search.
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
