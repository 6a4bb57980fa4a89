import type { Kysely } from 'kysely';
import type { Database, InstitutionKind, Role } from '~db/schema';
import { NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';
import { resources } from '~/locales/index';
import { adminScopeOf, grantableRoles, scopePermission, type AdminScope } from './admin-scope';
import type { GrantableRole } from './roles';

/**
 * Where roles may be granted (by invitation or on a user's page). Nobody grants roles in
 * an organization they do not administer: see admin-scope.ts for who hands out what.
 */

const INSTITUTION_KIND: Partial<Record<Role, InstitutionKind>> = {
  coordinator: 'dinas',
  institute_admin: 'training_institute',
  institute_staff: 'training_institute',
  assessor: 'certification_body',
  certification_admin: 'certification_body',
};

export function roleLabel(role: Role, locale: 'id' | 'en'): string {
  return resources[locale].accounts.roles[role];
}

/**
 * The scope the actor administers users in, checked against the permissions; someone who
 * administers no one gets "not found".
 */
export function requireAdminScope(actor: Actor | null): AdminScope {
  const scope = adminScopeOf(actor);
  if (!scope) throw new NotFoundError('common:error.notFoundBody');
  const { action, resource } = scopePermission(scope);
  requirePermission(actor, action, resource);
  return scope;
}

export interface GrantTarget {
  role: GrantableRole;
  institutionId: string | null;
  cooperativeId: string | null;
  registrationNumber: string | null;
  organizationName: string;
  /** The Dinas whose log records the grant (a coordinator's Dinas, a cooperative's); null for an institute's or LSP's roles. */
  dinasId: string | null;
}

/**
 * Checks that the scope's administrators may grant `role` in `organizationId`; returns the
 * columns of the role row. Field errors name the form field at fault.
 */
export async function resolveGrantTarget(
  db: Kysely<Database>,
  scope: AdminScope,
  input: { role: GrantableRole; organizationId: string; registrationNumber?: string | null },
): Promise<GrantTarget> {
  if (!grantableRoles(scope).includes(input.role)) throw new ValidationError({ role: ['accounts:invite.roleNotAllowed'] });
  const registrationNumber = input.registrationNumber?.trim() || null;
  if (input.role === 'assessor' && !registrationNumber) {
    throw new ValidationError({ registrationNumber: ['accounts:invite.registrationNumberRequired'] });
  }
  const wrongOrganization = () => new ValidationError({ organizationId: ['accounts:invite.organizationMismatch'] });
  if (!isUuid(input.organizationId)) throw wrongOrganization();
  if (input.role === 'cooperative_admin') {
    if (scope.kind !== 'dinas') throw wrongOrganization();
    const cooperative = await db
      .selectFrom('cooperatives')
      .select(['id', 'name', 'dinas_id'])
      .where('id', '=', input.organizationId)
      .where('dinas_id', '=', scope.dinasId)
      .executeTakeFirst();
    if (!cooperative) throw wrongOrganization();
    return {
      role: input.role,
      institutionId: null,
      cooperativeId: cooperative.id,
      registrationNumber: null,
      organizationName: cooperative.name,
      dinasId: cooperative.dinas_id,
    };
  }
  const institution = await db
    .selectFrom('institutions')
    .select(['id', 'name', 'kind'])
    .where('id', '=', input.organizationId)
    .executeTakeFirst();
  if (!institution || institution.kind !== INSTITUTION_KIND[input.role]) throw wrongOrganization();
  const administered =
    scope.kind === 'platform' || (scope.kind === 'dinas' ? institution.id === scope.dinasId : institution.id === scope.institutionId);
  if (!administered) throw wrongOrganization();
  return {
    role: input.role,
    institutionId: institution.id,
    cooperativeId: null,
    registrationNumber: input.role === 'assessor' || input.role === 'certification_admin' ? registrationNumber : null,
    organizationName: institution.name,
    dinasId: input.role === 'coordinator' ? institution.id : null,
  };
}

/** The roles and organizations offered in the role pickers of the scope's administrators. */
export async function grantOptions(db: Kysely<Database>, scope: AdminScope) {
  const roles = grantableRoles(scope);
  const institutionsQuery = db.selectFrom('institutions').select(['id', 'name', 'kind']).orderBy('name');
  const [institutions, cooperatives] = await Promise.all([
    scope.kind === 'platform'
      ? institutionsQuery.execute()
      : institutionsQuery.where('id', '=', scope.kind === 'dinas' ? scope.dinasId : scope.institutionId).execute(),
    scope.kind === 'dinas'
      ? db.selectFrom('cooperatives').select(['id', 'name']).where('dinas_id', '=', scope.dinasId).orderBy('name').execute()
      : Promise.resolve([]),
  ]);
  const ofKind = (kind: InstitutionKind) => institutions.filter((i) => i.kind === kind).map(({ id, name }) => ({ id, name }));
  return {
    roles,
    dinas: ofKind('dinas'),
    trainingInstitutes: ofKind('training_institute'),
    certificationBodies: ofKind('certification_body'),
    cooperatives,
  };
}
