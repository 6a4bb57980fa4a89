import type { Kysely } from 'kysely';
import type { Database, InstitutionKind, Role } from '~db/schema';
import { ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { resources } from '~/locales/index';
import type { GrantableRole } from './roles';

/**
 * The roles a coordinator hands out (by invitation or on a user's page) and where each
 * may be held: coordinators in their own Dinas, cooperative admins in one of its
 * cooperatives, institute and LSP staff in any training institute or certification body
 * (they work for whichever Dinas assigns them a cohort).
 */

const INSTITUTION_KIND: Partial<Record<Role, InstitutionKind>> = {
  coordinator: 'dinas',
  institute_staff: 'training_institute',
  assessor: 'certification_body',
  certification_admin: 'certification_body',
};

export function roleLabel(role: Role, locale: 'id' | 'en'): string {
  return resources[locale].accounts.roles[role];
}

export interface GrantTarget {
  role: GrantableRole;
  institutionId: string | null;
  cooperativeId: string | null;
  registrationNumber: string | null;
  organizationName: string;
}

/**
 * Checks that `organizationId` is a place where the Dinas may grant `role`; returns the
 * columns of the role row. Field errors name the form field at fault.
 */
export async function resolveGrantTarget(
  db: Kysely<Database>,
  dinasId: string,
  input: { role: GrantableRole; organizationId: string; registrationNumber?: string | null },
): Promise<GrantTarget> {
  const registrationNumber = input.registrationNumber?.trim() || null;
  if (input.role === 'assessor' && !registrationNumber) {
    throw new ValidationError({ registrationNumber: ['accounts:invite.registrationNumberRequired'] });
  }
  const wrongOrganization = () => new ValidationError({ organizationId: ['accounts:invite.organizationMismatch'] });
  if (!isUuid(input.organizationId)) throw wrongOrganization();
  if (input.role === 'cooperative_admin') {
    const cooperative = await db
      .selectFrom('cooperatives')
      .select(['id', 'name'])
      .where('id', '=', input.organizationId)
      .where('dinas_id', '=', dinasId)
      .executeTakeFirst();
    if (!cooperative) throw wrongOrganization();
    return { role: input.role, institutionId: null, cooperativeId: cooperative.id, registrationNumber: null, organizationName: cooperative.name };
  }
  const institution = await db
    .selectFrom('institutions')
    .select(['id', 'name', 'kind'])
    .where('id', '=', input.organizationId)
    .executeTakeFirst();
  if (!institution || institution.kind !== INSTITUTION_KIND[input.role]) throw wrongOrganization();
  if (input.role === 'coordinator' && institution.id !== dinasId) throw wrongOrganization();
  return {
    role: input.role,
    institutionId: institution.id,
    cooperativeId: null,
    registrationNumber: input.role === 'assessor' || input.role === 'certification_admin' ? registrationNumber : null,
    organizationName: institution.name,
  };
}

/** The organizations offered in the role pickers of a Dinas's coordinator. */
export async function grantOptions(db: Kysely<Database>, dinasId: string) {
  const [dinas, institutions, cooperatives] = await Promise.all([
    db.selectFrom('institutions').select(['id', 'name']).where('id', '=', dinasId).where('kind', '=', 'dinas').executeTakeFirst(),
    db
      .selectFrom('institutions')
      .select(['id', 'name', 'kind'])
      .where('kind', 'in', ['training_institute', 'certification_body'])
      .orderBy('name')
      .execute(),
    db.selectFrom('cooperatives').select(['id', 'name']).where('dinas_id', '=', dinasId).orderBy('name').execute(),
  ]);
  return {
    dinas: dinas ? [dinas] : [],
    trainingInstitutes: institutions.filter((i) => i.kind === 'training_institute').map(({ id, name }) => ({ id, name })),
    certificationBodies: institutions.filter((i) => i.kind === 'certification_body').map(({ id, name }) => ({ id, name })),
    cooperatives,
  };
}
