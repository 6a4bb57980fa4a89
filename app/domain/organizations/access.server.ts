import type { Kysely } from 'kysely';
import type { Database, InstitutionKind } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, requirePermission, type Action, type Actor, type ResourceScope } from '~/lib/permissions';

/**
 * An organization (a Dinas, a training institute, an LSP) as a resource: its own
 * people reach it through the role that ties them to it (a coordinator to the Dinas, an
 * institute admin to the institute, a certification admin to the LSP); anyone else
 * finds nothing there.
 */
export function organizationScope(kind: InstitutionKind, id: string): ResourceScope {
  if (kind === 'dinas') return { dinasId: id };
  if (kind === 'training_institute') return { trainingInstituteId: id };
  return { certificationBodyId: id };
}

export interface OrganizationRef {
  id: string;
  kind: InstitutionKind;
  name: string;
}

/** The organization, when the actor may act on it; NotFound for another organization's people. */
export async function requireOrganization(db: Kysely<Database>, actor: Actor | null, organizationId: string, action: Action = 'institution:manage'): Promise<OrganizationRef> {
  if (!isUuid(organizationId)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db.selectFrom('institutions').select(['id', 'kind', 'name']).where('id', '=', organizationId).executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, action, organizationScope(row.kind, row.id));
  return row;
}

/** The organizations whose settings the actor keeps, by name. */
export async function managedOrganizations(db: Kysely<Database>, actor: Actor | null): Promise<OrganizationRef[]> {
  const ids = [...new Set((actor?.roles ?? []).map((g) => g.institutionId).filter((id): id is string => !!id))];
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('institutions').select(['id', 'kind', 'name']).where('id', 'in', ids).orderBy('name').execute();
  return rows.filter((row) => can(actor, 'institution:manage', organizationScope(row.kind, row.id)));
}
