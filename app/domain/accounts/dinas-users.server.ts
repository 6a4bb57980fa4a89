import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '~db/schema';
import { usersOfDinas } from '~/lib/dinas-scope.server';
import { isUuid } from '~/lib/ids';

export async function isUserOfDinas(db: Kysely<Database>, dinasId: string, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('id', 'in', usersOfDinas(db, dinasId))
    .executeTakeFirst();
  return !!row;
}

/**
 * Whether a role row is one the Dinas's coordinators may see and change: its own
 * coordinators, its cooperatives' admins, and the institute/LSP roles it granted.
 */
export function roleManagedByDinas(
  role: { role: Role; institution_id: string | null; granted_by_dinas_id: string | null; cooperativeDinasId: string | null },
  dinasId: string,
): boolean {
  switch (role.role) {
    case 'coordinator':
      return role.institution_id === dinasId;
    case 'cooperative_admin':
      return role.cooperativeDinasId === dinasId;
    case 'participant':
      return false;
    default:
      return role.granted_by_dinas_id === dinasId;
  }
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

/** A role another Dinas holds (its coordinator or a cooperative admin there) stays out of view. */
export function roleVisibleToDinas(
  role: { role: Role; institution_id: string | null; cooperativeDinasId: string | null },
  dinasId: string,
): boolean {
  if (role.role === 'coordinator') return role.institution_id === dinasId;
  if (role.role === 'cooperative_admin') return role.cooperativeDinasId === dinasId;
  return true;
}
