import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { NotFoundError, ValidationError } from '~/lib/errors';
import { can, requirePermission, type Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { requireCooperative } from './access.server';
import { isOnTime, ratStanding, type RatStanding } from './annual-meeting-rule';
import { changedFields, columnsOfRecord, pickFields, recordOfRow, recordOfValues, type CooperativeRecord } from './records';
import { CooperativeSchema, fieldErrorsOf, type CooperativeInput } from './schemas';
import { slugCandidates } from './slug';

/** One cooperative: its registry facts, created and edited by the Dinas coordinator. */

export interface CooperativeDetail extends CooperativeRecord {
  id: string;
  slug: string;
  dinasId: string;
  dinasName: string;
  updatedAt: Date;
  meetings: { id: string; fiscalYear: number; heldOn: string; notes: string | null; onTime: boolean }[];
  standing: RatStanding;
  canManage: boolean;
  canManageRoster: boolean;
}

export async function getCooperative(db: Kysely<Database>, actor: Actor | null, cooperativeId: string, today: string): Promise<CooperativeDetail> {
  const ref = await requireCooperative(db, actor, cooperativeId, 'cooperative:read');
  const [row, meetings] = await Promise.all([
    db
      .selectFrom('cooperatives as c')
      .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
      .selectAll('c')
      .select('d.name as dinasName')
      .where('c.id', '=', ref.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('annual_meetings')
      .select(['id', 'fiscal_year as fiscalYear', 'held_on as heldOn', 'notes'])
      .where('cooperative_id', '=', ref.id)
      .orderBy('fiscal_year', 'desc')
      .execute(),
  ]);
  const scope = { dinasId: row.dinas_id, cooperativeId: row.id };
  return {
    ...recordOfRow(row),
    id: row.id,
    slug: row.slug,
    dinasId: row.dinas_id,
    dinasName: row.dinasName,
    updatedAt: row.updated_at,
    meetings: meetings.map((m) => ({ ...m, onTime: isOnTime(m) })),
    standing: ratStanding(meetings, today),
    canManage: can(actor, 'cooperative:manage', scope),
    canManageRoster: can(actor, 'roster:manage', scope),
  };
}

function validated(input: CooperativeInput, today: string): CooperativeRecord {
  const parsed = CooperativeSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
  if (parsed.data.legalEntityDate && parsed.data.legalEntityDate > today) {
    throw new ValidationError({ legalEntityDate: ['cooperatives:errors.dateInFuture'] });
  }
  return recordOfValues(parsed.data);
}

async function ensureNumberFree(db: Kysely<Database>, number: string, exceptId?: string) {
  let query = db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', number);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new ValidationError({ cooperativeNumber: ['cooperatives:errors.numberTaken'] });
}

/** The first free slug among the candidates (the last one is unique by construction). */
export async function freeSlug(db: Kysely<Database>, name: string, cooperativeNumber: string): Promise<string> {
  const candidates = slugCandidates(name, cooperativeNumber);
  const taken = new Set((await db.selectFrom('cooperatives').select('slug').where('slug', 'in', candidates).execute()).map((r) => r.slug));
  return candidates.find((c) => !taken.has(c)) ?? `${candidates[2]}-${Date.now()}`;
}

export async function createCooperative(
  trx: Kysely<Database>,
  actor: Actor | null,
  input: { dinasId: string; today: string; values: CooperativeInput },
): Promise<{ id: string; slug: string }> {
  requirePermission(actor, 'cooperative:manage', { dinasId: input.dinasId });
  const record = validated(input.values, input.today);
  await ensureNumberFree(trx, record.cooperativeNumber);
  const slug = await freeSlug(trx, record.name, record.cooperativeNumber);
  const created = await trx
    .insertInto('cooperatives')
    .values({ ...columnsOfRecord(record), dinas_id: input.dinasId, slug })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actor,
    action: 'cooperative.created',
    entityType: 'cooperative',
    entityId: created.id,
    dinasId: input.dinasId,
    after: { ...record, slug },
  });
  return created;
}

export async function updateCooperative(
  trx: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; today: string; values: CooperativeInput },
): Promise<{ id: string; changed: string[] }> {
  const ref = await requireCooperative(trx, actor, input.cooperativeId, 'cooperative:manage');
  const record = validated(input.values, input.today);
  await ensureNumberFree(trx, record.cooperativeNumber, ref.id);
  const row = await trx.selectFrom('cooperatives').selectAll().where('id', '=', ref.id).executeTakeFirstOrThrow();
  const before = recordOfRow(row);
  const changed = changedFields(before, record);
  if (changed.length === 0) return { id: ref.id, changed: [] };
  await trx
    .updateTable('cooperatives')
    .set({ ...columnsOfRecord(record), updated_at: new Date() })
    .where('id', '=', ref.id)
    .execute();
  await recordAudit(trx, {
    actor,
    action: 'cooperative.updated',
    entityType: 'cooperative',
    entityId: ref.id,
    dinasId: ref.dinasId,
    before: pickFields(before, changed),
    after: pickFields(record, changed),
  });
  return { id: ref.id, changed };
}

/** The slug of the cooperative with this 16-digit number (public pages accept either). */
export async function slugOfCooperativeNumber(db: Kysely<Database>, number: string): Promise<string> {
  const row = await db.selectFrom('cooperatives').select('slug').where('cooperative_number', '=', number).executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  return row.slug;
}
