import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { changeCohort } from '~/domain/cohorts/cohorts.server';
import { mailEveryoneEnrolled } from '~/domain/cohorts/mail.server';
import { CohortSchema, type CohortInput } from '~/domain/cohorts/schemas';
import { fillFreedSeats, lockCohort } from './seats.server';

/**
 * Changes a cohort (the cohorts area's rules, `changeCohort`) as one unit of work with
 * what it means for the people registered: more seats (or a larger quota) move people up
 * from the waitlist; new dates or a new venue are e-mailed to everyone registered. It
 * lives here because the waitlist is enrollment's, and enrollment depends on cohorts,
 * not back.
 */
export async function updateCohort(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  input: CohortInput,
  now = new Date(),
): Promise<{ promoted: number; notified: number }> {
  const values = parseOrThrow(CohortSchema, input);
  return db.transaction().execute(async (trx) => {
    const { moreRoom, datesChanged, venueChanged } = await changeCohort(trx, actor, cohortId, values, now);
    const promoted = moreRoom ? await fillFreedSeats(trx, actor, await lockCohort(trx, cohortId)) : [];
    const notified = datesChanged || venueChanged ? await mailEveryoneEnrolled(trx, cohortId, 'cohort-changed', { datesChanged, venueChanged }) : 0;
    return { promoted: promoted.length, notified };
  });
}
