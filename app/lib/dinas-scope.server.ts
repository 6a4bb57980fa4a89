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
 * another organization's business and answers "not found". The database keeps the set
 * (`dinas_users`, with the rule itself in migration 2026_11_30_010_dinas_users) as roles,
 * rosters, accounts and cooperatives change: worked out per request it took 31 ms for a
 * Dinas with 7,700 positions at national scale.
 */
export function usersOfDinas(db: Kysely<Database>, dinasId: string) {
  return db.selectFrom('dinas_users as wu').select('wu.user_id as id').where('wu.dinas_id', '=', dinasId);
}

/**
 * The ids of the Dinas's world, read once per request: a page filters several queries by
 * them (the user list's count, rows and role choices; the audit log's entries and filter
 * choices).
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
