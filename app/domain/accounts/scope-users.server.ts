import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { userIdsOfDinas, usersOfDinas } from '~/lib/dinas-scope.server';
import { oncePerRequest } from '~/lib/request-scope.server';
import { isUuid } from '~/lib/ids';
import type { AdminScope } from './admin-scope';

/**
 * The users an administrator sees: a Dinas's world (its coordinators, its cooperatives'
 * admins and staff, the roles it granted); an institute's or LSP's staff (anyone holding
 * a role in it); for the platform, the organizations' administrators.
 */
export function usersInScope(db: Kysely<Database>, scope: AdminScope) {
  switch (scope.kind) {
    case 'dinas':
      return usersOfDinas(db, scope.dinasId);
    case 'institution':
      return db.selectFrom('user_roles as sr').select('sr.user_id as id').where('sr.institution_id', '=', scope.institutionId);
    case 'platform':
      return db
        .selectFrom('user_roles as sr')
        .select('sr.user_id as id')
        .where('sr.role', 'in', ['platform_admin', 'coordinator', 'institute_admin', 'certification_admin']);
  }
}

/** The ids of the users a scope holds, read once per request (see `userIdsOfDinas`). */
export function userIdsInScope(db: Kysely<Database>, scope: AdminScope): Promise<string[]> {
  if (scope.kind === 'dinas') return userIdsOfDinas(db, scope.dinasId);
  const key = scope.kind === 'institution' ? `users-of-institution:${scope.institutionId}` : 'users-of-platform';
  return oncePerRequest(key, async () => [...new Set((await usersInScope(db, scope).execute()).map((r) => r.id))]);
}

export async function isUserInScope(db: Kysely<Database>, scope: AdminScope, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('id', 'in', usersInScope(db, scope))
    .executeTakeFirst();
  return !!row;
}

/** Role rows of some users, with the organization each is held in. */
export async function rolesOfUsers(db: Kysely<Database>, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('user_roles as r')
    .leftJoin('institutions as i', 'i.id', 'r.institution_id')
    .leftJoin('cooperatives as c', 'c.id', 'r.cooperative_id')
    .select([
      'r.id', 'r.user_id', 'r.role', 'r.institution_id', 'r.cooperative_id', 'r.registration_number',
      'r.granted_by_dinas_id', 'r.created_at', 'c.dinas_id as cooperativeDinasId',
      sql<string | null>`coalesce(i.name, c.name)`.as('organizationName'),
    ])
    .where('r.user_id', 'in', userIds)
    .orderBy('r.created_at')
    .execute();
}
