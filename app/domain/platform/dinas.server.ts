import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { ValidationError } from '~/lib/errors';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { requirePermission, type Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { issueInvitation } from '~/domain/accounts/invitations.server';
import type { NewDinasInput } from './schemas';

/**
 * The platform administrator's view of the portal: the Dinas it hosts, and adding one with
 * its first coordinator (invited through the usual invitation, so no SQL is needed to
 * bring a new Dinas on board). Nobody else reaches these operations ("not found").
 */

const PLATFORM = { platform: true } as const;

export const DINAS_SORT_KEYS = ['name', 'regency', 'created'] as const;
export type DinasSortKey = (typeof DINAS_SORT_KEYS)[number];

export interface DinasListItem {
  id: string;
  name: string;
  shortName: string | null;
  regencyCode: string | null;
  city: string | null;
  timeZone: string;
  cooperatives: number;
  cohorts: number;
  coordinators: number;
  createdAt: Date;
}

export async function listDinas(db: Kysely<Database>, actor: Actor | null, params: ListParams<DinasSortKey>): Promise<Page<DinasListItem>> {
  requirePermission(actor, 'platform:manage', PLATFORM);
  const base = db.selectFrom('institutions as i').where('i.kind', '=', 'dinas');
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const column = params.sort === 'regency' ? 'i.regency_code' : params.sort === 'created' ? 'i.created_at' : 'i.name';
  const rows = await base
    .select((eb) => [
      'i.id', 'i.name', 'i.short_name', 'i.regency_code', 'i.city', 'i.time_zone', 'i.created_at',
      eb.selectFrom('cooperatives as c').select(sql<number>`count(*)::int`.as('n')).whereRef('c.dinas_id', '=', 'i.id').as('cooperatives'),
      eb.selectFrom('cohorts as h').select(sql<number>`count(*)::int`.as('n')).whereRef('h.dinas_id', '=', 'i.id').as('cohorts'),
      eb
        .selectFrom('user_roles as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.institution_id', '=', 'i.id')
        .where('r.role', '=', 'coordinator')
        .where('u.is_active', '=', true)
        .as('coordinators'),
    ])
    .orderBy(column, params.dir)
    .orderBy('i.id')
    .limit(params.pageSize)
    .offset(params.offset)
    .execute();
  return pageOf(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      shortName: r.short_name,
      regencyCode: r.regency_code,
      city: r.city,
      timeZone: r.time_zone,
      cooperatives: r.cooperatives ?? 0,
      cohorts: r.cohorts ?? 0,
      coordinators: r.coordinators ?? 0,
      createdAt: r.created_at,
    })),
    total,
    params,
  );
}

/** The form of a new Dinas: who may open it (the platform administrator; anyone else: "not found"). */
export function requirePlatformAdmin(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, 'platform:manage', PLATFORM);
}

/**
 * Adds a Dinas and invites its first coordinator, in one unit of work: the institution,
 * the invitation (its mail in the new Dinas's outbox) and both audit entries in the new
 * Dinas's log. A Dinas of the same name or regency code already on the portal is refused.
 */
export async function createDinas(
  db: Kysely<Database>,
  actor: Actor | null,
  input: NewDinasInput,
  options: { locale: 'id' | 'en' },
): Promise<{ dinasId: string; invitationId: string }> {
  requirePlatformAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('institutions')
      .select(['name', 'regency_code'])
      .where('kind', '=', 'dinas')
      .where((eb) => eb.or([eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()), eb('regency_code', '=', input.regencyCode)]))
      .executeTakeFirst();
    if (clash) {
      throw new ValidationError(
        clash.regency_code === input.regencyCode
          ? { regencyCode: ['accounts:platform.form.regencyCodeTaken'] }
          : { name: ['accounts:platform.form.nameTaken'] },
      );
    }
    const dinas = await trx
      .insertInto('institutions')
      .values({
        kind: 'dinas',
        name: input.name,
        short_name: input.shortName ?? null,
        regency_code: input.regencyCode,
        city: input.city ?? null,
        address: input.address ?? null,
        email: input.email ?? null,
        time_zone: input.timeZone,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'institution.created',
      entityType: 'institution',
      entityId: dinas.id,
      dinasId: dinas.id,
      after: { kind: 'dinas', name: input.name, shortName: input.shortName ?? null, regencyCode: input.regencyCode, timeZone: input.timeZone },
    });
    const { invitationId } = await issueInvitation(trx, actor, {
      email: input.coordinatorEmail,
      dinasId: dinas.id,
      locale: options.locale,
      payload: {
        role: 'coordinator',
        institutionId: dinas.id,
        cooperativeId: null,
        registrationNumber: null,
        organizationName: input.name,
        name: input.coordinatorName,
      },
    });
    return { dinasId: dinas.id, invitationId };
  });
}
