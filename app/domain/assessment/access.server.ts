import type { Kysely, Transaction } from 'kysely';
import type { Database } from '~db/schema';
import { cohortColumns, cohortScope, type CohortRow } from '~/domain/cohorts/access.server';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';

export type ExamAction = 'assessment:enter' | 'assessment:finalize';

/**
 * The cohort whose exam results the actor works on: only the users of the cohort's
 * certification body hold these actions there; anyone unrelated to the cohort gets "not found".
 */
export async function requireExamCohort(db: Kysely<Database>, actor: Actor | null, cohortId: string, action: ExamAction): Promise<CohortRow> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', cohortId).executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, action, cohortScope(cohort));
  return cohort;
}

/** `requireExamCohort` for a change: the cohort's row stays locked until the transaction ends. */
export async function requireExamCohortForUpdate(trx: Transaction<Database>, actor: Actor | null, cohortId: string, action: ExamAction): Promise<CohortRow> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await trx.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', cohortId).forUpdate().executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, action, cohortScope(cohort));
  return cohort;
}

/** Results are entered once the cohort has started (its exam is its last day), never for a cancelled one. */
export function acceptsResults(status: CohortRow['status']): boolean {
  return status === 'in_progress' || status === 'completed';
}
