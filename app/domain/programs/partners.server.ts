import type { Kysely } from 'kysely';
import type { Database, InstitutionKind } from '~db/schema';
import { ValidationError } from '~/lib/errors';

/**
 * Training institutes and certification bodies work for any Dinas that assigns them a
 * cohort, so every one of them can be chosen; the lists feed the program and cohort forms.
 */
export interface Partner {
  id: string;
  name: string;
}

export async function listPartners(db: Kysely<Database>): Promise<{ institutes: Partner[]; certificationBodies: Partner[] }> {
  const rows = await db
    .selectFrom('institutions')
    .select(['id', 'name', 'kind'])
    .where('kind', 'in', ['training_institute', 'certification_body'])
    .orderBy('name')
    .execute();
  return {
    institutes: rows.filter((r) => r.kind === 'training_institute').map(({ id, name }) => ({ id, name })),
    certificationBodies: rows.filter((r) => r.kind === 'certification_body').map(({ id, name }) => ({ id, name })),
  };
}

/** Refuses an id that is not an institution of the expected kind, as a field error. */
export async function requirePartner(
  db: Kysely<Database>,
  id: string | null | undefined,
  kind: Exclude<InstitutionKind, 'dinas'>,
  field: string,
): Promise<void> {
  if (!id) return;
  const row = await db.selectFrom('institutions').select('id').where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
  if (!row) throw new ValidationError({ [field]: ['programs:errors.institution'] });
}
