import type { Kysely, Transaction } from 'kysely';
import type { CohortStatus, Database, TimeZone } from '~db/schema';
import { compiledOnce } from '~/lib/compiled-query.server';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Action, type Actor, type ResourceScope } from '~/lib/permissions';

/** A cohort as the permission check sees it: which Dinas runs it, which institute and LSP work on it. */
export interface CohortRow {
  id: string;
  programId: string;
  dinasId: string;
  name: string;
  status: CohortStatus;
  timeZone: TimeZone;
  venueName: string | null;
  venueAddress: string | null;
  capacity: number;
  quotaPerCooperative: number | null;
  startsOn: string;
  endsOn: string;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  trainingInstituteId: string | null;
  certificationBodyId: string | null;
  cancelReason: string | null;
  requiresApproval: boolean;
}

export function cohortScope(cohort: Pick<CohortRow, 'dinasId' | 'trainingInstituteId' | 'certificationBodyId'>): ResourceScope {
  return { dinasId: cohort.dinasId, trainingInstituteId: cohort.trainingInstituteId, certificationBodyId: cohort.certificationBodyId };
}

export function cohortColumns() {
  return [
    'c.id', 'c.program_id as programId', 'c.dinas_id as dinasId', 'c.name', 'c.status', 'c.time_zone as timeZone',
    'c.venue_name as venueName', 'c.venue_address as venueAddress', 'c.capacity', 'c.quota_per_cooperative as quotaPerCooperative',
    'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.registration_opens_at as registrationOpensAt',
    'c.registration_closes_at as registrationClosesAt', 'c.training_institute_id as trainingInstituteId',
    'c.certification_body_id as certificationBodyId', 'c.cancel_reason as cancelReason', 'c.requires_approval as requiresApproval',
  ] as const;
}

/** Loads a cohort the actor may act on; anyone unrelated to it gets "not found". */
export async function requireCohort(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  action: Extract<Action, 'cohort:read' | 'cohort:manage'>,
): Promise<CohortRow> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const [cohort] = await cohortById(db, cohortId);
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, action, cohortScope(cohort));
  return cohort;
}

/** Compiled once: every page of a cohort starts with it. */
const cohortById = compiledOnce((db: Kysely<Database>, cohortId: string) => db.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', cohortId));

/** `requireCohort` for a change: locks the cohort's row until the transaction ends. */
export async function requireCohortForUpdate(
  trx: Transaction<Database>,
  actor: Actor | null,
  cohortId: string,
  action: Extract<Action, 'cohort:manage'>,
): Promise<CohortRow> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await trx.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', cohortId).forUpdate().executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, action, cohortScope(cohort));
  return cohort;
}
