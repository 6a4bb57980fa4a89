import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { recordAudit } from '~/domain/audit/record.server';
import { maskNik } from './nik';
import { can, cooperativesAdministeredBy, institutionsFor, requirePermission, type Actor } from '~/lib/permissions';

/**
 * People who signed up without being on a roster wait, as "pending", until their
 * cooperative's admin or the Dinas coordinator confirms they belong there.
 */

export interface PendingPerson {
  id: string;
  fullName: string;
  /** In full for the coordinator, masked for the cooperative admin. */
  nik: string;
  birthDate: string | null;
  email: string | null;
  cooperativeId: string;
  cooperativeName: string;
  position: string;
  createdAt: Date;
}

export async function listPendingPeople(db: Kysely<Database>, actor: Actor | null): Promise<PendingPerson[]> {
  const dinasIds = institutionsFor(actor, 'coordinator');
  const cooperativeIds = cooperativesAdministeredBy(actor);
  if (!actor || (dinasIds.length === 0 && cooperativeIds.length === 0)) {
    throw new NotFoundError('common:error.notFoundBody');
  }
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select([
      'p.id', 'p.full_name', 'p.nik', 'p.birth_date', 'p.email', 'p.created_at',
      'c.id as cooperativeId', 'c.name as cooperativeName', 'c.dinas_id as dinasId', 'sp.position',
    ])
    .where('p.status', '=', 'pending')
    .where((eb) =>
      eb.or([
        ...(dinasIds.length ? [eb('c.dinas_id', 'in', dinasIds)] : []),
        ...(cooperativeIds.length ? [eb('c.id', 'in', cooperativeIds)] : []),
      ]),
    )
    .orderBy('p.created_at')
    .limit(500)
    .execute();
  return rows
    .filter((r) => can(actor, 'roster:manage', { cooperativeId: r.cooperativeId, dinasId: r.dinasId }))
    .map((r) => ({
      id: r.id,
      fullName: r.full_name,
      nik: dinasIds.includes(r.dinasId) ? r.nik : maskNik(r.nik),
      birthDate: r.birth_date,
      email: r.email,
      cooperativeId: r.cooperativeId,
      cooperativeName: r.cooperativeName,
      position: r.position,
      createdAt: r.created_at,
    }));
}

export async function confirmPendingPerson(db: Kysely<Database>, actor: Actor | null, personId: string): Promise<{ fullName: string }> {
  if (!isUuid(personId)) throw new NotFoundError('common:error.notFoundBody');
  const positions = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select(['c.id as cooperativeId', 'c.dinas_id as dinasId'])
    .where('sp.person_id', '=', personId)
    .execute();
  const scope = positions.find((p) => can(actor, 'roster:manage', { cooperativeId: p.cooperativeId, dinasId: p.dinasId })) ?? {
    cooperativeId: positions[0]?.cooperativeId ?? null,
    dinasId: positions[0]?.dinasId ?? null,
  };
  requirePermission(actor, 'roster:manage', scope);
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .updateTable('people')
      .set({ status: 'confirmed', updated_at: new Date() })
      .where('id', '=', personId)
      .where('status', '=', 'pending')
      .returning(['id', 'full_name'])
      .executeTakeFirst();
    if (!person) throw new ConflictError('accounts:pending.alreadyConfirmed');
    await recordAudit(trx, {
      actor,
      action: 'person.confirmed',
      entityType: 'person',
      entityId: personId,
      dinasId: scope.dinasId,
      before: { status: 'pending' },
      after: { status: 'confirmed', cooperativeId: scope.cooperativeId },
    });
    return { fullName: person.full_name };
  });
}
