import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { DEFAULT_TIME_ZONE, isIndonesianTimeZone, type IndonesianTimeZone } from './dates';
import { oncePerRequest } from './request-scope.server';

/**
 * What a Dinas's coordinators may look at, shared by the areas that scope to a Dinas
 * (accounts administer these users; the audit log shows their account events), so
 * neither area has to import the other.
 */

/**
 * The users a Dinas's coordinators administer ("its world"): holders of a role the Dinas
 * granted, of a coordinator role in the Dinas, of an admin role in one of its
 * cooperatives, and people on the roster of one of its cooperatives. Everyone else is
 * another organization's business and answers "not found".
 */
export function usersOfDinas(db: Kysely<Database>, dinasId: string) {
  // Four index-friendly parts in a UNION (one OR across joined tables made PostgreSQL scan
  // every role of every Dinas: 1 s for /users at national scale).
  return db
    .selectFrom('user_roles as wr')
    .select('wr.user_id as id')
    .where('wr.granted_by_dinas_id', '=', dinasId)
    .union(db.selectFrom('user_roles as wr').select('wr.user_id as id').where('wr.institution_id', '=', dinasId).where('wr.role', '=', 'coordinator'))
    .union(
      db
        .selectFrom('user_roles as wr')
        .innerJoin('cooperatives as wc', 'wc.id', 'wr.cooperative_id')
        .select('wr.user_id as id')
        .where('wc.dinas_id', '=', dinasId),
    )
    .union(
      db
        .selectFrom('users as wu')
        .innerJoin('staff_positions as wsp', 'wsp.person_id', 'wu.person_id')
        .innerJoin('cooperatives as wpc', 'wpc.id', 'wsp.cooperative_id')
        .select('wu.id as id')
        .where('wpc.dinas_id', '=', dinasId),
    );
}

/**
 * The ids of the Dinas's world, read once per request: a page filters several queries by
 * them (the user list's count, rows and role choices; the audit log's entries and filter
 * choices), and the set costs tens of milliseconds at national scale each time it is
 * worked out inside a query.
 */
export function userIdsOfDinas(db: Kysely<Database>, dinasId: string): Promise<string[]> {
  return oncePerRequest(`users-of-dinas:${dinasId}`, async () => (await usersOfDinas(db, dinasId).execute()).map((r) => r.id));
}

/** The Dinas's time zone, in which its pages show dates (the default zone when unknown). */
export async function dinasTimeZone(db: Kysely<Database>, dinasId: string | null | undefined): Promise<IndonesianTimeZone> {
  if (!dinasId) return DEFAULT_TIME_ZONE;
  const row = await db.selectFrom('institutions').select('time_zone').where('id', '=', dinasId).executeTakeFirst();
  return row && isIndonesianTimeZone(row.time_zone) ? row.time_zone : DEFAULT_TIME_ZONE;
}
