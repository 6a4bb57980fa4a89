import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '~db/schema';
import { ConflictError, ForbiddenError, NotFoundError } from '~/lib/errors';
import { type IndonesianTimeZone } from '~/lib/dates';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { auditEntryViews, listEntityHistory, type AuditEntryView } from '~/domain/audit/log.server';
import { recordAudit } from '~/domain/audit/record.server';
import { dinasTimeZone } from '~/lib/dinas-scope.server';
import type { Actor } from '~/lib/permissions';
import { deleteAllAuthSessions } from '~/lib/sessions.server';
import { ADMIN_ROLES, dinasOfRole, roleManagedBy, roleVisibleTo, type AdminScope } from './admin-scope';
import { grantOptions, requireAdminScope, resolveGrantTarget } from './grants.server';
import { ALL_ROLES, type GrantableRole } from './roles';
import { isUserInScope, rolesOfUsers, userIdsInScope } from './scope-users.server';
import type { UserFilters } from './user-filters';

/**
 * User administration: a Dinas's coordinators over their Dinas's world, an institute's or
 * LSP's administrators over their own staff, the platform administrator over the
 * organizations' administrators (see admin-scope.ts). List, look at, grant and revoke
 * roles; a coordinator also deactivates accounts.
 */

export const USER_SORT_KEYS = ['name', 'email', 'created'] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

export interface UserRoleView {
  id: string;
  role: Role;
  organizationName: string | null;
  registrationNumber: string | null;
  /** The administrator may revoke it. */
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

/** The organization whose zone the pages show dates in (the platform: the default zone). */
const scopeTimeZone = (db: Kysely<Database>, scope: AdminScope) =>
  dinasTimeZone(db, scope.kind === 'dinas' ? scope.dinasId : scope.kind === 'institution' ? scope.institutionId : null);

async function rolesFor(db: Kysely<Database>, scope: AdminScope, userIds: string[]): Promise<Map<string, UserRoleView[]>> {
  const map = new Map<string, UserRoleView[]>();
  for (const r of await rolesOfUsers(db, userIds)) {
    if (!roleVisibleTo(scope, r)) continue;
    const list = map.get(r.user_id) ?? [];
    list.push({
      id: r.id,
      role: r.role,
      organizationName: r.organizationName,
      registrationNumber: r.registration_number,
      manageable: roleManagedBy(scope, r),
    });
    map.set(r.user_id, list);
  }
  return map;
}

export async function listUsers(
  db: Kysely<Database>,
  actor: Actor | null,
  filters: UserFilters,
  params: ListParams<UserSortKey>,
): Promise<Page<UserListItem> & { timeZone: IndonesianTimeZone; scope: AdminScope }> {
  const scope = requireAdminScope(actor);
  // The scope's users as a list of ids, worked out once for the count, the rows and the filter choices.
  const ids = await userIdsInScope(db, scope);
  let query = db.selectFrom('users as u').where(sql<boolean>`u.id = any(${ids}::uuid[])`);
  const q = filters.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['u.display_name']), 'like', pattern), eb('u.email', 'like', pattern)]));
  }
  if (filters.role) {
    const role = filters.role;
    // Only a role the scope sees counts (an institute's staff filter is not met by staff of another institute).
    query = query.where((eb) => {
      let held = eb.selectFrom('user_roles as fr').leftJoin('cooperatives as fc', 'fc.id', 'fr.cooperative_id').select('fr.id').whereRef('fr.user_id', '=', 'u.id').where('fr.role', '=', role);
      if (scope.kind === 'institution') held = held.where('fr.institution_id', '=', scope.institutionId);
      if (scope.kind === 'dinas' && role === 'coordinator') held = held.where('fr.institution_id', '=', scope.dinasId);
      if (scope.kind === 'dinas' && role === 'cooperative_admin') held = held.where('fc.dinas_id', '=', scope.dinasId);
      return eb.exists(held);
    });
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
  const roles = await rolesFor(db, scope, rows.map((r) => r.id));
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
  return { ...page, timeZone: await scopeTimeZone(db, scope), scope };
}

/**
 * The roles the user list's role filter offers: those the administrator sees held by the
 * users of their scope (an institute's admin sees its admins and staff, never "Koordinator"),
 * in the usual order. The page offers the filter only when there is more than one.
 */
export async function userFilterChoices(db: Kysely<Database>, actor: Actor | null): Promise<{ roles: Role[] }> {
  const scope = requireAdminScope(actor);
  const rows = await db
    .selectFrom('user_roles as r')
    .leftJoin('cooperatives as c', 'c.id', 'r.cooperative_id')
    .select(['r.role', 'r.institution_id', 'c.dinas_id as cooperativeDinasId'])
    .distinct()
    .where(sql<boolean>`r.user_id = any(${await userIdsInScope(db, scope)}::uuid[])`)
    .execute();
  const seen = new Set(rows.filter((r) => roleVisibleTo(scope, r)).map((r) => r.role));
  return { roles: ALL_ROLES.filter((r) => seen.has(r)) };
}

/**
 * A user the actor administers; anyone else (or no right to manage users) answers
 * "not found". Returns the actor's scope.
 */
export async function requireUserInScope(db: Kysely<Database>, actor: Actor | null, userId: string): Promise<AdminScope> {
  const scope = requireAdminScope(actor);
  if (!(await isUserInScope(db, scope, userId))) throw new NotFoundError('common:error.notFoundBody');
  return scope;
}

/**
 * The account history an institution's or the platform's administrator sees on a user's
 * page: the entries about the account written in no Dinas's log (the institution's own
 * grants and revocations, accepted invitations, password resets); the platform sees all.
 */
async function accountHistory(db: Kysely<Database>, scope: AdminScope, userId: string, locale: 'id' | 'en'): Promise<AuditEntryView[]> {
  const tz = await scopeTimeZone(db, scope);
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as au', 'au.id', 'a.actor_user_id')
    .select(['a.id', 'a.occurred_at', 'a.action', 'a.entity_type', 'a.entity_id', 'a.ip', 'a.before', 'a.after', 'au.display_name as actorName', 'au.email as actorEmail'])
    .where('a.entity_type', '=', 'user')
    .where('a.entity_id', '=', userId);
  if (scope.kind !== 'platform') query = query.where('a.dinas_id', 'is', null);
  const rows = await query.orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(100).execute();
  return auditEntryViews(db, rows, tz, locale);
}

/** Everything the user's page shows: the user, the roles that can be granted, and the user's history. */
export async function getUserPage(db: Kysely<Database>, actor: Actor | null, userId: string, options: { locale: 'id' | 'en' }) {
  const user = await getUserForAdmin(db, actor, userId);
  const scope = user.scope;
  const [organizations, history] = await Promise.all([
    grantOptions(db, scope),
    scope.kind === 'dinas' ? listEntityHistory(db, actor, 'user', user.id, { locale: options.locale }) : accountHistory(db, scope, user.id, options.locale),
  ]);
  return { user, organizations, history };
}

export async function getUserForAdmin(db: Kysely<Database>, actor: Actor | null, userId: string) {
  const scope = await requireUserInScope(db, actor, userId);
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
  const roles = (await rolesFor(db, scope, [userId])).get(userId) ?? [];
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    isActive: user.is_active,
    emailVerified: !!user.email_verified_at,
    createdAt: user.created_at,
    lockedUntil: user.locked_until && user.locked_until > new Date() ? user.locked_until : null,
    // The Dinas coordinator is one of the few who see a NIK in full; an institution or the platform does not.
    person:
      user.personId && scope.kind === 'dinas'
        ? { id: user.personId, fullName: user.personName!, nik: user.nik!, birthDate: user.birth_date, status: user.personStatus! }
        : null,
    activeSessions: sessions.count,
    lastSeenAt: sessions.lastSeenAt ? new Date(sessions.lastSeenAt) : null,
    roles,
    isSelf: actor!.userId === user.id,
    /** Only a Dinas's coordinators deactivate accounts (an account serves every organization its owner works for). */
    canDeactivate: scope.kind === 'dinas',
    scope,
    /** The organization's zone, for showing the dates above. */
    timeZone: await scopeTimeZone(db, scope),
  };
}

/** A Dinas's coordinator, about a user of their Dinas's world: the Dinas. Others may not (de)activate accounts. */
async function requireAccountManager(db: Kysely<Database>, actor: Actor | null, userId: string): Promise<string> {
  const scope = await requireUserInScope(db, actor, userId);
  if (scope.kind !== 'dinas') throw new ForbiddenError('common:error.forbiddenBody');
  return scope.dinasId;
}

/** Deactivates an account and signs it out everywhere; it can no longer sign in. Returns the user's name. */
export async function deactivateUser(db: Kysely<Database>, actor: Actor | null, userId: string): Promise<{ displayName: string }> {
  const d = await requireAccountManager(db, actor, userId);
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
export async function reactivateUser(db: Kysely<Database>, actor: Actor | null, userId: string): Promise<{ displayName: string }> {
  const d = await requireAccountManager(db, actor, userId);
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

/**
 * Adds a role to a user the actor administers, in an organization the actor administers
 * (the "change role" of the user page, with revokeRole). The audit entry goes to the log
 * of the organization concerned: the Dinas for a Dinas's or cooperative's role, no Dinas
 * (the user's own history) for an institute's or LSP's.
 */
export async function grantRole(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
  input: { role: GrantableRole; organizationId: string; registrationNumber?: string | null },
): Promise<void> {
  const scope = await requireUserInScope(db, actor, userId);
  const target = await resolveGrantTarget(db, scope, input);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('user_roles')
      .values({
        user_id: userId,
        role: target.role,
        institution_id: target.institutionId,
        cooperative_id: target.cooperativeId,
        registration_number: target.registrationNumber,
        granted_by_dinas_id: target.dinasId,
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
      dinasId: target.dinasId,
      after: { roleId: row.id, role: target.role, organization: target.organizationName, registrationNumber: target.registrationNumber },
    });
  });
}

export async function revokeRole(db: Kysely<Database>, actor: Actor | null, userId: string, roleId: string): Promise<void> {
  const scope = await requireUserInScope(db, actor, userId);
  const role = (await rolesOfUsers(db, [userId])).find((r) => r.id === roleId);
  if (!role || !roleVisibleTo(scope, role)) throw new NotFoundError('common:error.notFoundBody');
  if (!roleManagedBy(scope, role)) throw new ConflictError('accounts:users.roleNotManaged');
  if (ADMIN_ROLES.includes(role.role) && actor!.userId === userId) throw new ConflictError('accounts:users.cannotRevokeOwnCoordinator');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_roles').where('id', '=', roleId).execute();
    await recordAudit(trx, {
      actor,
      action: 'user.role_revoked',
      entityType: 'user',
      entityId: userId,
      dinasId: dinasOfRole(role),
      before: { roleId, role: role.role, organization: role.organizationName, registrationNumber: role.registration_number },
    });
  });
}
