import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '~db/schema';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { listEntityHistory } from '~/domain/audit/log.server';
import { recordAudit } from '~/domain/audit/record.server';
import type { IndonesianTimeZone } from '~/lib/dates';
import { dinasTimeZone, usersOfDinas } from '~/lib/dinas-scope.server';
import { isUserOfDinas, roleManagedByDinas, rolesOfUsers, roleVisibleToDinas } from './dinas-users.server';
import { grantOptions, resolveGrantTarget } from './grants.server';
import { requirePermission, type Actor } from '~/lib/permissions';
import type { GrantableRole } from './roles';
import type { UserFilters } from './user-filters';
import { deleteAllAuthSessions } from '~/lib/sessions.server';

/** User administration by a Dinas's coordinators: list, look at, deactivate, grant and revoke roles. */

export const USER_SORT_KEYS = ['name', 'email', 'created'] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

export interface UserRoleView {
  id: string;
  role: Role;
  organizationName: string | null;
  registrationNumber: string | null;
  /** The coordinator may revoke it. */
  manageable: boolean;
}

export interface UserListItem {
  id: string;
  email: string;
  displayName: string;
  isActive: boolean;
  emailVerified: boolean;
  createdAt: Date;
  roles: UserRoleView[];
}

async function rolesFor(db: Kysely<Database>, dinasId: string, userIds: string[]): Promise<Map<string, UserRoleView[]>> {
  const map = new Map<string, UserRoleView[]>();
  for (const r of await rolesOfUsers(db, userIds)) {
    if (!roleVisibleToDinas(r, dinasId)) continue;
    const list = map.get(r.user_id) ?? [];
    list.push({
      id: r.id,
      role: r.role,
      organizationName: r.organizationName,
      registrationNumber: r.registration_number,
      manageable: roleManagedByDinas(r, dinasId),
    });
    map.set(r.user_id, list);
  }
  return map;
}

export async function listUsers(
  db: Kysely<Database>,
  actor: Actor | null,
  dinasId: string | null,
  filters: UserFilters,
  params: ListParams<UserSortKey>,
): Promise<Page<UserListItem> & { timeZone: IndonesianTimeZone }> {
  requirePermission(actor, 'user:manage', { dinasId });
  const d = dinasId!;
  let query = db.selectFrom('users as u').where('u.id', 'in', usersOfDinas(db, d));
  const q = filters.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['u.display_name']), 'like', pattern), eb('u.email', 'like', pattern)]));
  }
  if (filters.role) {
    const role = filters.role;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('user_roles as fr').select('fr.id').whereRef('fr.user_id', '=', 'u.id').where('fr.role', '=', role)),
    );
  }
  if (filters.status) query = query.where('u.is_active', '=', filters.status === 'active');
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const column = params.sort === 'email' ? 'u.email' : params.sort === 'created' ? 'u.created_at' : 'u.display_name';
  const rows = await query
    .select(['u.id', 'u.email', 'u.display_name', 'u.is_active', 'u.email_verified_at', 'u.created_at'])
    .orderBy(column, params.dir)
    .orderBy('u.id')
    .limit(params.pageSize)
    .offset(params.offset)
    .execute();
  const roles = await rolesFor(db, d, rows.map((r) => r.id));
  const page = pageOf(
    rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      isActive: r.is_active,
      emailVerified: !!r.email_verified_at,
      createdAt: r.created_at,
      roles: roles.get(r.id) ?? [],
    })),
    total,
    params,
  );
  // The Dinas's zone, for showing the dates.
  return { ...page, timeZone: await dinasTimeZone(db, d) };
}

/**
 * A user the actor administers for the Dinas; another organization's user (or no right to
 * manage users) answers "not found". Returns the Dinas.
 */
export async function requireUserOfDinas(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, userId: string): Promise<string> {
  requirePermission(actor, 'user:manage', { dinasId });
  if (!(await isUserOfDinas(db, dinasId!, userId))) throw new NotFoundError('common:error.notFoundBody');
  return dinasId!;
}

/** Everything the user's page shows: the user, where roles can be granted, and the user's history. */
export async function getUserPage(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, userId: string, options: { locale: 'id' | 'en' }) {
  const user = await getUserForAdmin(db, actor, dinasId, userId);
  const [organizations, history] = await Promise.all([
    grantOptions(db, dinasId!),
    listEntityHistory(db, actor, 'user', user.id, { locale: options.locale }),
  ]);
  return { user, organizations, history };
}

export async function getUserForAdmin(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, userId: string) {
  const d = await requireUserOfDinas(db, actor, dinasId, userId);
  const user = await db
    .selectFrom('users as u')
    .leftJoin('people as p', 'p.id', 'u.person_id')
    .select([
      'u.id', 'u.email', 'u.display_name', 'u.is_active', 'u.email_verified_at', 'u.created_at', 'u.locked_until',
      'p.id as personId', 'p.full_name as personName', 'p.nik', 'p.birth_date', 'p.status as personStatus',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  const sessions = await db
    .selectFrom('auth_sessions')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`max(last_seen_at)`.as('lastSeenAt')])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  const roles = (await rolesFor(db, d, [userId])).get(userId) ?? [];
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    isActive: user.is_active,
    emailVerified: !!user.email_verified_at,
    createdAt: user.created_at,
    lockedUntil: user.locked_until && user.locked_until > new Date() ? user.locked_until : null,
    // The Dinas coordinator is one of the few who see a NIK in full.
    person: user.personId
      ? { id: user.personId, fullName: user.personName!, nik: user.nik!, birthDate: user.birth_date, status: user.personStatus! }
      : null,
    activeSessions: sessions.count,
    lastSeenAt: sessions.lastSeenAt ? new Date(sessions.lastSeenAt) : null,
    roles,
    isSelf: actor!.userId === user.id,
    /** The Dinas's zone, for showing the dates above. */
    timeZone: await dinasTimeZone(db, d),
  };
}

/** Deactivates an account and signs it out everywhere; it can no longer sign in. Returns the user's name. */
export async function deactivateUser(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, userId: string): Promise<{ displayName: string }> {
  const d = await requireUserOfDinas(db, actor, dinasId, userId);
  if (actor!.userId === userId) throw new ConflictError('accounts:users.cannotDeactivateSelf');
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('users')
      .set({ is_active: false, updated_at: new Date() })
      .where('id', '=', userId)
      .where('is_active', '=', true)
      .returning('display_name')
      .executeTakeFirst();
    if (!updated) throw new ConflictError('accounts:users.alreadyInactive');
    const sessions = await deleteAllAuthSessions(trx, userId);
    await recordAudit(trx, {
      actor,
      action: 'user.deactivated',
      entityType: 'user',
      entityId: userId,
      dinasId: d,
      before: { isActive: true },
      after: { isActive: false, sessionsRevoked: sessions },
    });
    return { displayName: updated.display_name };
  });
}

/** Lets a deactivated account sign in again. Returns the user's name. */
export async function reactivateUser(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, userId: string): Promise<{ displayName: string }> {
  const d = await requireUserOfDinas(db, actor, dinasId, userId);
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('users')
      .set({ is_active: true, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
      .where('id', '=', userId)
      .where('is_active', '=', false)
      .returning('display_name')
      .executeTakeFirst();
    if (!updated) throw new ConflictError('accounts:users.alreadyActive');
    await recordAudit(trx, {
      actor,
      action: 'user.reactivated',
      entityType: 'user',
      entityId: userId,
      dinasId: d,
      before: { isActive: false },
      after: { isActive: true },
    });
    return { displayName: updated.display_name };
  });
}

/** Adds a role to a user of the Dinas's world (the "change role" of the user page, with revokeRole). */
export async function grantRole(
  db: Kysely<Database>,
  actor: Actor | null,
  dinasId: string | null,
  userId: string,
  input: { role: GrantableRole; organizationId: string; registrationNumber?: string | null },
): Promise<void> {
  const d = await requireUserOfDinas(db, actor, dinasId, userId);
  const target = await resolveGrantTarget(db, d, input);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('user_roles')
      .values({
        user_id: userId,
        role: target.role,
        institution_id: target.institutionId,
        cooperative_id: target.cooperativeId,
        registration_number: target.registrationNumber,
        granted_by_dinas_id: d,
      })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'institution_id', 'cooperative_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new ConflictError('accounts:users.roleAlreadyHeld');
    await recordAudit(trx, {
      actor,
      action: 'user.role_granted',
      entityType: 'user',
      entityId: userId,
      dinasId: d,
      after: { roleId: row.id, role: target.role, organization: target.organizationName, registrationNumber: target.registrationNumber },
    });
  });
}

export async function revokeRole(
  db: Kysely<Database>,
  actor: Actor | null,
  dinasId: string | null,
  userId: string,
  roleId: string,
): Promise<void> {
  const d = await requireUserOfDinas(db, actor, dinasId, userId);
  const role = (await rolesOfUsers(db, [userId])).find((r) => r.id === roleId);
  if (!role || !roleVisibleToDinas(role, d)) throw new NotFoundError('common:error.notFoundBody');
  if (!roleManagedByDinas(role, d)) throw new ConflictError('accounts:users.roleNotManaged');
  if (role.role === 'coordinator' && actor!.userId === userId) throw new ConflictError('accounts:users.cannotRevokeOwnCoordinator');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_roles').where('id', '=', roleId).execute();
    await recordAudit(trx, {
      actor,
      action: 'user.role_revoked',
      entityType: 'user',
      entityId: userId,
      dinasId: d,
      before: { roleId, role: role.role, organization: role.organizationName, registrationNumber: role.registration_number },
    });
  });
}
