import { sql, type Kysely } from 'kysely';
import type { Database, InstitutionKind } from '~db/schema';
import { ConflictError, NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';

/**
 * A Dinas's partners ("Mitra"): the training institutes and certification bodies it
 * works with. Programs and cohorts are assigned only to partners (checked where they are
 * saved, `requirePartner`); a partner that still has a cohort of the Dinas under way
 * cannot be removed.
 */
export type PartnerKind = Exclude<InstitutionKind, 'dinas'>;

export interface DinasPartner {
  id: string;
  name: string;
  kind: PartnerKind;
  city: string | null;
  /** Cohorts of the Dinas assigned to it that are neither completed nor cancelled. */
  activeCohorts: number;
}

const PARTNER_KINDS: PartnerKind[] = ['training_institute', 'certification_body'];
const escapeLike = (q: string) => q.replace(/[%_\\]/g, (c) => `\\${c}`);

function requireDinas(actor: Actor | null, dinasId: string | null): string {
  requirePermission(actor, 'institution:manage', { dinasId });
  return dinasId!;
}

const activeCohortsOf = (dinasId: string) =>
  sql<number>`(select count(*)::int from cohorts c where c.dinas_id = ${dinasId}
    and (c.training_institute_id = i.id or c.certification_body_id = i.id)
    and c.status not in ('completed', 'cancelled'))`;

/**
 * The Dinas's partners, and (when `q` is given) the institutes and LSPs by that name it
 * could add: any existing one that is not a partner yet.
 */
export async function dinasPartners(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, q?: string) {
  const dinas = requireDinas(actor, dinasId);
  const [dinasRow, partners] = await Promise.all([
    db.selectFrom('institutions').select(['id', 'name']).where('id', '=', dinas).executeTakeFirstOrThrow(),
    db
      .selectFrom('dinas_partners as dp')
      .innerJoin('institutions as i', 'i.id', 'dp.partner_id')
      .select(['i.id', 'i.name', 'i.kind', 'i.city', activeCohortsOf(dinas).as('activeCohorts')])
      .where('dp.dinas_id', '=', dinas)
      .orderBy('i.kind', 'desc')
      .orderBy('i.name')
      .execute(),
  ]);
  let candidates: { id: string; name: string; kind: PartnerKind; city: string | null }[] = [];
  const query = q?.trim();
  if (query) {
    candidates = (await db
      .selectFrom('institutions as i')
      .select(['i.id', 'i.name', 'i.kind', 'i.city'])
      .where('i.kind', 'in', PARTNER_KINDS)
      .where((eb) => eb.or([eb('i.name', 'ilike', `%${escapeLike(query)}%`), eb('i.short_name', 'ilike', `%${escapeLike(query)}%`)]))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('dinas_partners as dp').select('dp.partner_id').where('dp.dinas_id', '=', dinas).whereRef('dp.partner_id', '=', 'i.id'))))
      .orderBy('i.name')
      .limit(20)
      .execute()) as typeof candidates;
  }
  return { dinas: dinasRow, partners: partners as DinasPartner[], candidates };
}

/** Declares an institute or LSP a partner of the Dinas (already one: nothing changes). */
export async function addPartner(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, partnerId: string): Promise<{ name: string }> {
  const dinas = requireDinas(actor, dinasId);
  const partner = isUuid(partnerId)
    ? await db.selectFrom('institutions').select(['id', 'name', 'kind']).where('id', '=', partnerId).where('kind', 'in', PARTNER_KINDS).executeTakeFirst()
    : undefined;
  if (!partner) throw new ValidationError({ partnerId: ['organizations:errors.partnerRequired'] });
  await db.transaction().execute(async (trx) => {
    const added = await trx.insertInto('dinas_partners').values({ dinas_id: dinas, partner_id: partner.id }).onConflict((oc) => oc.doNothing()).returning('partner_id').executeTakeFirst();
    if (added) {
      await recordAudit(trx, { actor, action: 'partner.added', entityType: 'institution', entityId: partner.id, dinasId: dinas, after: { partner: partner.name, kind: partner.kind } });
    }
  });
  return { name: partner.name };
}

/**
 * Ends a partnership. Refused while a cohort of the Dinas that is neither completed nor
 * cancelled is assigned to the partner; programs that named it as their default lose
 * that default (their cohorts keep what they have).
 */
export async function removePartner(db: Kysely<Database>, actor: Actor | null, dinasId: string | null, partnerId: string): Promise<{ name: string }> {
  const dinas = requireDinas(actor, dinasId);
  if (!isUuid(partnerId)) throw new NotFoundError('common:error.notFoundBody');
  return db.transaction().execute(async (trx) => {
    // Deleting first takes the row's lock: a cohort being assigned to this partner right now
    // (requirePartner share-locks the row) commits before the check below reads the cohorts.
    const removed = await trx.deleteFrom('dinas_partners').where('dinas_id', '=', dinas).where('partner_id', '=', partnerId).returning('partner_id').executeTakeFirst();
    if (!removed) throw new NotFoundError('common:error.notFoundBody');
    const partner = await trx.selectFrom('institutions as i').select(['i.id', 'i.name', 'i.kind', activeCohortsOf(dinas).as('activeCohorts')]).where('i.id', '=', partnerId).executeTakeFirstOrThrow();
    if (partner.activeCohorts > 0) throw new ConflictError('organizations:partners.inUse', { name: partner.name, count: partner.activeCohorts });
    const clearedInstitute = await trx
      .updateTable('programs')
      .set({ default_institute_id: null, updated_at: new Date() })
      .where('dinas_id', '=', dinas)
      .where('default_institute_id', '=', partnerId)
      .returning('code')
      .execute();
    const clearedBody = await trx
      .updateTable('programs')
      .set({ default_certification_body_id: null, updated_at: new Date() })
      .where('dinas_id', '=', dinas)
      .where('default_certification_body_id', '=', partnerId)
      .returning('code')
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'partner.removed',
      entityType: 'institution',
      entityId: partnerId,
      dinasId: dinas,
      before: { partner: partner.name, kind: partner.kind },
      after: { programDefaultsCleared: [...clearedInstitute, ...clearedBody].map((p) => p.code) },
    });
    return { name: partner.name };
  });
}
