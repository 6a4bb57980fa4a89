import type { Kysely, Transaction } from 'kysely';
import type { Database, InstitutionKind } from '~db/schema';
import { ValidationError } from '~/lib/errors';
import { requirePermission, type Actor } from '~/lib/permissions';

/**
 * A Dinas assigns programs and cohorts only to the training institutes and certification
 * bodies it partners with (dinas_partners, kept on the "Mitra" page): the program and
 * cohort forms offer those, and saving refuses any other.
 */
export interface Partner {
  id: string;
  name: string;
}

export interface PartnerChoices {
  institutes: Partner[];
  certificationBodies: Partner[];
}

/** The Dinas's partners by kind, for a form; the caller has checked the actor may use them. */
export async function partnersOf(db: Kysely<Database>, dinasId: string): Promise<PartnerChoices> {
  const rows = await db
    .selectFrom('dinas_partners as dp')
    .innerJoin('institutions as i', 'i.id', 'dp.partner_id')
    .select(['i.id', 'i.name', 'i.kind'])
    .where('dp.dinas_id', '=', dinasId)
    .orderBy('i.name')
    .execute();
  return {
    institutes: rows.filter((r) => r.kind === 'training_institute').map(({ id, name }) => ({ id, name })),
    certificationBodies: rows.filter((r) => r.kind === 'certification_body').map(({ id, name }) => ({ id, name })),
  };
}

/** The program form's choices: the partners of the Dinas whose programs the actor manages. */
export async function listPartners(db: Kysely<Database>, actor: Actor | null, dinasId: string): Promise<PartnerChoices> {
  requirePermission(actor, 'program:manage', { dinasId });
  return partnersOf(db, dinasId);
}

/**
 * Refuses, as a field error, an id that is not a partner of the Dinas of the expected
 * kind. The partnership row stays share-locked until the caller's transaction ends, so
 * removing the partner meanwhile waits and then sees the new assignment.
 */
export async function requirePartner(
  trx: Transaction<Database>,
  dinasId: string,
  id: string | null | undefined,
  kind: Exclude<InstitutionKind, 'dinas'>,
  field: string,
): Promise<void> {
  if (!id) return;
  const row = await trx
    .selectFrom('dinas_partners as dp')
    .innerJoin('institutions as i', 'i.id', 'dp.partner_id')
    .select('dp.partner_id')
    .where('dp.dinas_id', '=', dinasId)
    .where('dp.partner_id', '=', id)
    .where('i.kind', '=', kind)
    .forShare('dp')
    .executeTakeFirst();
  if (!row) throw new ValidationError({ [field]: ['programs:errors.institution'] });
}
