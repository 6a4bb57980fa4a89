import type { Role } from '~db/schema';
import type { Actor, Action, ResourceScope } from '~/lib/permissions';
import type { GrantableRole } from './roles';

/**
 * Whose accounts an actor administers, and which roles they may hand out there. Nobody
 * grants roles in an organization they do not administer:
 *
 *   a Dinas's coordinator        coordinators of that Dinas, admins of its cooperatives;
 *   a training institute's admin its admins and staff;
 *   an LSP's certification admin its certification admins and assessors;
 *   the platform administrator   coordinators of any Dinas, the admin of any institute or LSP.
 *
 * Pure (browser-safe): the pages use it to know which of their parts to show.
 */
export type AdminScope =
  | { kind: 'dinas'; dinasId: string }
  | { kind: 'institution'; institutionId: string; institutionKind: 'training_institute' | 'certification_body' }
  | { kind: 'platform' };

/** The roles that make their holder an administrator of an organization: nobody revokes their own. */
export const ADMIN_ROLES: readonly Role[] = ['coordinator', 'institute_admin', 'certification_admin'];

/** The scope the actor manages users in (a coordinator's Dinas first, then an institution they administer, then the platform); null for anyone else. */
export function adminScopeOf(actor: Actor | null): AdminScope | null {
  const roles = actor?.roles ?? [];
  const held = (role: Role) => roles.find((g) => g.role === role && (role === 'platform_admin' || g.institutionId));
  const coordinator = held('coordinator');
  if (coordinator) return { kind: 'dinas', dinasId: coordinator.institutionId! };
  const instituteAdmin = held('institute_admin');
  if (instituteAdmin) return { kind: 'institution', institutionId: instituteAdmin.institutionId!, institutionKind: 'training_institute' };
  const certificationAdmin = held('certification_admin');
  if (certificationAdmin) return { kind: 'institution', institutionId: certificationAdmin.institutionId!, institutionKind: 'certification_body' };
  if (held('platform_admin')) return { kind: 'platform' };
  return null;
}

/** The permission (action and resource) that managing users in the scope takes. */
export function scopePermission(scope: AdminScope): { action: Action; resource: ResourceScope } {
  switch (scope.kind) {
    case 'dinas':
      return { action: 'user:manage', resource: { dinasId: scope.dinasId } };
    case 'institution':
      return {
        action: 'user:manage',
        resource: scope.institutionKind === 'training_institute' ? { trainingInstituteId: scope.institutionId } : { certificationBodyId: scope.institutionId },
      };
    case 'platform':
      return { action: 'platform:manage', resource: { platform: true } };
  }
}

/** The roles the scope's administrators hand out (by invitation or on a user's page) and revoke. */
export function grantableRoles(scope: AdminScope): GrantableRole[] {
  switch (scope.kind) {
    case 'dinas':
      return ['coordinator', 'cooperative_admin'];
    case 'institution':
      return scope.institutionKind === 'training_institute' ? ['institute_admin', 'institute_staff'] : ['certification_admin', 'assessor'];
    case 'platform':
      return ['coordinator', 'institute_admin', 'certification_admin'];
  }
}

/** A role row as the scope sees it: `institution_id` and, for a cooperative admin, the cooperative's Dinas. */
export interface ScopedRoleRow {
  role: Role;
  institution_id: string | null;
  cooperativeDinasId: string | null;
}

/** Whether the scope's administrators may revoke the role. */
export function roleManagedBy(scope: AdminScope, row: ScopedRoleRow): boolean {
  if (!(grantableRoles(scope) as Role[]).includes(row.role)) return false;
  switch (scope.kind) {
    case 'dinas':
      return row.role === 'coordinator' ? row.institution_id === scope.dinasId : row.cooperativeDinasId === scope.dinasId;
    case 'institution':
      return row.institution_id === scope.institutionId;
    case 'platform':
      return true;
  }
}

/**
 * Whether the scope's administrators see the role on a user's page: a Dinas does not see
 * another Dinas's coordinators or cooperative admins; an institution sees only the roles
 * held in it; the platform sees every role.
 */
export function roleVisibleTo(scope: AdminScope, row: ScopedRoleRow): boolean {
  switch (scope.kind) {
    case 'dinas':
      if (row.role === 'coordinator') return row.institution_id === scope.dinasId;
      if (row.role === 'cooperative_admin') return row.cooperativeDinasId === scope.dinasId;
      return true;
    case 'institution':
      return row.institution_id === scope.institutionId;
    case 'platform':
      return true;
  }
}

/** The Dinas in whose log a change to the role is written: the Dinas of a coordinator or cooperative admin role; none for an institution's roles. */
export function dinasOfRole(row: ScopedRoleRow): string | null {
  if (row.role === 'coordinator') return row.institution_id;
  if (row.role === 'cooperative_admin') return row.cooperativeDinasId;
  return null;
}
