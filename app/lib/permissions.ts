import type { Role } from '~db/schema';
import { ForbiddenError, NotFoundError } from './errors';

/**
 * Who may do what, as data. A role is held within one organization; an action is
 * allowed when one of the actor's roles grants it AND the resource lies in that role's
 * organization. Pure: unit-tested without a database.
 */
export type Action =
  | 'cohort:read'
  | 'cohort:manage'
  | 'program:manage'
  | 'cooperative:read'
  | 'cooperative:manage'
  | 'roster:manage'
  | 'enrollment:manage'
  | 'enrollment:nominate'
  | 'enrollment:self'
  | 'attendance:record'
  | 'assessment:enter'
  | 'assessment:finalize'
  | 'assessment:export'
  | 'certificate:manage'
  | 'certificate:read-own'
  | 'mail:read'
  | 'mail:resend'
  | 'audit:read'
  | 'dashboard:view'
  | 'user:manage'
  | 'institution:manage'
  | 'platform:manage';

export interface RoleGrant {
  role: Role;
  institutionId: string | null;
  cooperativeId: string | null;
}

export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  personId: string | null;
  locale: 'id' | 'en';
  roles: RoleGrant[];
  /** The address the request came from, for the audit log. */
  ip: string | null;
  /**
   * The portal's own work on a person's behalf (the demo data, the CLI), not a request:
   * permissions and audit apply as usual; limits on a person's requests do not.
   */
  automated?: true;
}

/** Where a resource lives: the organizations it belongs to. */
export interface ResourceScope {
  /** The platform itself (the list of Dinas): only its administrators reach it. */
  platform?: boolean;
  dinasId?: string | null;
  trainingInstituteId?: string | null;
  certificationBodyId?: string | null;
  cooperativeId?: string | null;
  personId?: string | null;
}

const grants: Record<Role, { actions: readonly Action[]; inScope: (g: RoleGrant, r: ResourceScope, a: Actor) => boolean }> = {
  platform_admin: {
    actions: ['platform:manage'],
    inScope: (_g, r) => !!r.platform,
  },
  coordinator: {
    actions: [
      'cohort:read', 'cohort:manage', 'program:manage', 'cooperative:read', 'cooperative:manage',
      'roster:manage', 'enrollment:manage', 'enrollment:nominate', 'attendance:record', 'assessment:export',
      'certificate:manage', 'mail:read', 'audit:read', 'dashboard:view', 'user:manage',
      'mail:resend', 'institution:manage',
    ],
    inScope: (g, r) => !!r.dinasId && r.dinasId === g.institutionId,
  },
  institute_admin: {
    actions: ['cohort:read', 'attendance:record', 'institution:manage', 'user:manage'],
    inScope: (g, r) => !!r.trainingInstituteId && r.trainingInstituteId === g.institutionId,
  },
  institute_staff: {
    actions: ['cohort:read', 'attendance:record'],
    inScope: (g, r) => !!r.trainingInstituteId && r.trainingInstituteId === g.institutionId,
  },
  assessor: {
    actions: ['cohort:read', 'assessment:enter', 'assessment:export'],
    inScope: (g, r) => !!r.certificationBodyId && r.certificationBodyId === g.institutionId,
  },
  certification_admin: {
    actions: ['cohort:read', 'assessment:enter', 'assessment:finalize', 'assessment:export', 'institution:manage', 'user:manage'],
    inScope: (g, r) => !!r.certificationBodyId && r.certificationBodyId === g.institutionId,
  },
  cooperative_admin: {
    actions: ['cooperative:read', 'roster:manage', 'enrollment:nominate'],
    inScope: (g, r) => !!r.cooperativeId && r.cooperativeId === g.cooperativeId,
  },
  participant: {
    actions: ['enrollment:self', 'certificate:read-own'],
    inScope: (_g, r, a) => !!r.personId && r.personId === a.personId,
  },
};

export function can(actor: Actor | null, action: Action, resource: ResourceScope): boolean {
  if (!actor) return false;
  return actor.roles.some((grant) => {
    const rule = grants[grant.role];
    return rule.actions.includes(action) && rule.inScope(grant, resource, actor);
  });
}

/** Does any of the actor's roles reach this resource at all (whatever the action)? */
function reaches(actor: Actor, resource: ResourceScope): boolean {
  return actor.roles.some((grant) => grants[grant.role].inScope(grant, resource, actor));
}

/**
 * Throws unless the actor may act. Someone with no relation to the resource gets
 * NotFound, so another organization's data is not even confirmed to exist.
 */
export function requirePermission(actor: Actor | null, action: Action, resource: ResourceScope): asserts actor is Actor {
  if (can(actor, action, resource)) return;
  if (actor && reaches(actor, resource)) throw new ForbiddenError('common:error.forbiddenBody');
  throw new NotFoundError('common:error.notFoundBody');
}

export function hasRole(actor: Actor | null, role: Role): boolean {
  return !!actor?.roles.some((g) => g.role === role);
}

/** The organizations in which the actor holds a role. */
export function institutionsFor(actor: Actor | null, role: Role): string[] {
  return (actor?.roles ?? []).filter((g) => g.role === role && g.institutionId).map((g) => g.institutionId!);
}

export function cooperativesAdministeredBy(actor: Actor | null): string[] {
  return (actor?.roles ?? []).filter((g) => g.role === 'cooperative_admin' && g.cooperativeId).map((g) => g.cooperativeId!);
}
