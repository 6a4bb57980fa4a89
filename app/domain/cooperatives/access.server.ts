import type { Kysely } from 'kysely';
import type { Database, TimeZone } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, institutionsFor, requirePermission, type Action, type Actor } from '~/lib/permissions';

/** Who may reach which cooperative: the doors every operation of this area goes through. */

export interface CooperativeRef {
  id: string;
  dinasId: string;
  name: string;
  slug: string;
  /** The zone of the Dinas that keeps the cooperative: its "today" is that zone's date. */
  timeZone: TimeZone;
}

/** The cooperative, once the actor is allowed `action` on it; otherwise NotFound/Forbidden. */
export async function requireCooperative(
  db: Kysely<Database>,
  actor: Actor | null,
  cooperativeId: string,
  action: Action,
): Promise<CooperativeRef> {
  if (!isUuid(cooperativeId)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db
    .selectFrom('cooperatives as c')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .select(['c.id', 'c.dinas_id as dinasId', 'c.name', 'c.slug', 'd.time_zone as timeZone'])
    .where('c.id', '=', cooperativeId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, action, { dinasId: row.dinasId, cooperativeId: row.id });
  return row;
}

/** The Dinas whose registry the actor keeps (coordinator), or NotFound for anyone else. */
export function requireCoordinatorDinas(actor: Actor | null, action: Action = 'cooperative:read'): string[] {
  const dinasIds = institutionsFor(actor, 'coordinator').filter((dinasId) => can(actor, action, { dinasId }));
  if (dinasIds.length === 0) throw new NotFoundError('common:error.notFoundBody');
  return dinasIds;
}

/** The full NIK is shown to the Dinas coordinator and to the person; everyone else sees it masked. */
export function seesFullNik(actor: Actor | null, scope: { dinasId: string; personId: string }): boolean {
  if (!actor) return false;
  return actor.personId === scope.personId || can(actor, 'cooperative:manage', { dinasId: scope.dinasId });
}
