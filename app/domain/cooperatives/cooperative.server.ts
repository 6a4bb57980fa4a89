import type { Kysely, Transaction } from 'kysely';
import type { Database, TimeZone } from '~db/schema';
import { areaProblems } from '~/lib/areas';
import { regencyAreas } from '~/lib/areas.server';
import { todayIn } from '~/lib/dates';
import { withValues } from '~/lib/messages';
import { ForbiddenError, NotFoundError, ValidationError } from '~/lib/errors';
import { can, requirePermission, type Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { dinasTimeZone } from '~/lib/dinas-scope.server';
import { entityHistoryIfAllowed } from '~/domain/audit/log.server';
import { recordAudit } from '~/domain/audit/record.server';
import { requireCooperative } from './access.server';
import { isOnTime, ratStanding, type RatStanding } from './annual-meeting-rule';
import { changedFields, columnsOfRecord, pickFields, recordOfRow, recordOfValues, type CooperativeRecord } from './records';
import { getRoster } from './roster.server';
import { CooperativeSchema, type CooperativeInput } from './schemas';
import { slugCandidates } from './slug';

/** One cooperative: its registry facts, created and edited by the Dinas coordinator. */

export interface CooperativeDetail extends CooperativeRecord {
  id: string;
  slug: string;
  dinasId: string;
  dinasName: string;
  /** The Dinas's zone: the cooperative's dates are read in it. */
  timeZone: TimeZone;
  updatedAt: Date;
  /** heldOn null: known by its fiscal year alone (onTime then null: unknown). */
  meetings: { id: string; fiscalYear: number; heldOn: string | null; notes: string | null; onTime: boolean | null }[];
  standing: RatStanding;
  canManage: boolean;
  canManageRoster: boolean;
}

/** The cooperative with its RAT standing on today's date in its Dinas's zone. */
export async function getCooperative(db: Kysely<Database>, actor: Actor | null, cooperativeId: string): Promise<CooperativeDetail> {
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
    timeZone: ref.timeZone,
    updatedAt: row.updated_at,
    meetings: meetings.map((m) => ({ ...m, onTime: m.heldOn === null ? null : isOnTime(m) })),
    standing: ratStanding(meetings, todayIn(ref.timeZone)),
    canManage: can(actor, 'cooperative:manage', scope),
    canManageRoster: can(actor, 'roster:manage', scope),
  };
}

/** Everything a cooperative's page shows: its facts and RAT, its current staff, and (for the coordinator) its history. */
export async function getCooperativePage(db: Kysely<Database>, actor: Actor | null, cooperativeId: string, options: { locale: 'id' | 'en' }) {
  const cooperative = await getCooperative(db, actor, cooperativeId);
  const [roster, history] = await Promise.all([
    getRoster(db, actor, cooperative.id),
    entityHistoryIfAllowed(db, actor, 'cooperative', cooperative.id, { locale: options.locale, limit: 50 }),
  ]);
  return { cooperative, staff: roster.current, history };
}

/** The cooperative's facts as its edit form shows them; Forbidden for anyone who may only read them. */
export async function getCooperativeForEdit(db: Kysely<Database>, actor: Actor | null, cooperativeId: string) {
  const c = await getCooperative(db, actor, cooperativeId);
  if (!c.canManage) throw new ForbiddenError('common:error.forbiddenBody');
  const text = (v: string | null) => v ?? '';
  return {
    id: c.id,
    name: c.name,
    values: {
      name: c.name, type: c.type, savingsLoanUnit: text(c.savingsLoanUnit), cooperativeNumber: c.cooperativeNumber,
      legalEntityNumber: text(c.legalEntityNumber), legalEntityDate: text(c.legalEntityDate), street: text(c.street),
      village: text(c.village), district: text(c.district), regency: text(c.regency), postalCode: text(c.postalCode),
      phone: text(c.phone), email: text(c.email), status: c.status,
    },
  };
}

function validated(input: CooperativeInput, today: string): CooperativeRecord {
  const values = parseOrThrow(CooperativeSchema, input);
  if (values.legalEntityDate && values.legalEntityDate > today) {
    throw new ValidationError({ legalEntityDate: ['cooperatives:errors.dateInFuture'] });
  }
  return recordOfValues(values);
}

/**
 * A kecamatan/kelurahan outside the Dinas's regency is refused field by field (skipped when the
 * Dinas has no regency code). On an edit, only a changed place is checked: a record written
 * before the check can still be edited otherwise.
 */
async function checkArea(db: Kysely<Database>, dinasId: string, record: CooperativeRecord, before?: CooperativeRecord) {
  if (before && before.district === record.district && before.village === record.village) return;
  const dinas = await db.selectFrom('institutions').select('regency_code').where('id', '=', dinasId).executeTakeFirst();
  const areas = await regencyAreas(dinas?.regency_code);
  if (!areas) return;
  const problems = areaProblems(areas, { district: record.district, village: record.village });
  if (problems.length) {
    throw new ValidationError(Object.fromEntries(problems.map((p) => [p.field, [withValues(`cooperatives:errors.area.${p.message}`, p.values)]])));
  }
}

async function ensureNumberFree(trx: Transaction<Database>, number: string, exceptId?: string) {
  let query = trx.selectFrom('cooperatives').select('id').where('cooperative_number', '=', number);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new ValidationError({ cooperativeNumber: ['cooperatives:errors.numberTaken'] });
}

/** The first free slug among the candidates (the last one is unique by construction). */
async function freeSlug(trx: Transaction<Database>, name: string, cooperativeNumber: string): Promise<string> {
  const candidates = slugCandidates(name, cooperativeNumber);
  const taken = new Set((await trx.selectFrom('cooperatives').select('slug').where('slug', 'in', candidates).execute()).map((r) => r.slug));
  return candidates.find((c) => !taken.has(c)) ?? `${candidates[2]}-${Date.now()}`;
}

export async function createCooperative(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { dinasId: string; values: CooperativeInput },
): Promise<{ id: string; slug: string }> {
  requirePermission(actor, 'cooperative:manage', { dinasId: input.dinasId });
  const record = validated(input.values, todayIn(await dinasTimeZone(db, input.dinasId)));
  await checkArea(db, input.dinasId, record);
  return db.transaction().execute(async (trx) => {
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
  });
}

export async function updateCooperative(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; values: CooperativeInput },
): Promise<{ id: string; changed: string[] }> {
  return db.transaction().execute(async (trx) => {
    const ref = await requireCooperative(trx, actor, input.cooperativeId, 'cooperative:manage');
    const record = validated(input.values, todayIn(ref.timeZone));
    await ensureNumberFree(trx, record.cooperativeNumber, ref.id);
    const row = await trx.selectFrom('cooperatives').selectAll().where('id', '=', ref.id).executeTakeFirstOrThrow();
    const before = recordOfRow(row);
    await checkArea(trx, ref.dinasId, record, before);
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
  });
}

/** The slug of the cooperative with this 16-digit number (public pages accept either). */
export async function slugOfCooperativeNumber(db: Kysely<Database>, number: string): Promise<string> {
  const row = await db.selectFrom('cooperatives').select('slug').where('cooperative_number', '=', number).executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  return row.slug;
}
