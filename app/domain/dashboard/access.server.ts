import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { dinasTimeZone } from '~/lib/dinas-scope.server';
import { todayIn, type IndonesianTimeZone } from '~/lib/dates';
import { institutionsFor, requirePermission, type Actor } from '~/lib/permissions';

/**
 * Whose figures the dashboard shows: the Dinas the actor coordinates, in its zone.
 * Anyone without `dashboard:view` there (a participant, an institute's staff) gets
 * "not found", as for any other Dinas's data.
 */
export interface DashboardScope {
  dinasId: string;
  dinasName: string;
  timeZone: IndonesianTimeZone;
  /** Today in the Dinas's zone, 'YYYY-MM-DD'. */
  today: string;
  now: Date;
}

export async function requireDashboardScope(db: Kysely<Database>, actor: Actor | null, now = new Date()): Promise<DashboardScope> {
  const dinasId = institutionsFor(actor, 'coordinator')[0] ?? null;
  requirePermission(actor, 'dashboard:view', { dinasId });
  if (!dinasId) throw new NotFoundError('common:error.notFoundBody');
  const [timeZone, dinas] = await Promise.all([
    dinasTimeZone(db, dinasId),
    db.selectFrom('institutions').select('name').where('id', '=', dinasId).executeTakeFirstOrThrow(),
  ]);
  return { dinasId, dinasName: dinas.name, timeZone, today: todayIn(timeZone, now), now };
}
