import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { COOPERATIVE_TYPES, type CooperativeStatus, type CooperativeType, type Database, type TimeZone } from '~db/schema';
import { todayIn } from '~/lib/dates';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import type { Actor } from '~/lib/permissions';
import { dinasTimeZone } from '~/lib/dinas-scope.server';
import { requireCoordinatorDinas } from './access.server';
import { lastFiscalYearOf } from './annual-meeting-rule';
import { hasCertifiedHolder, positionReads, positionsChosen } from './certified-holders.server';
import type { CooperativeRecord } from './records';
import { searchTerms, type RegistryFilters } from './filters';
import { COOPERATIVE_STATUSES } from './schemas';

export type { RegistryFilters };

/**
 * The registry list of a Dinas: search, filters, sorting and paging on the server.
 * Search uses the trigram index of migration 2026_11_22_030 (the expression below must
 * stay identical to the indexed one).
 */

export const REGISTRY_SORT_KEYS = ['name', 'number', 'type', 'district', 'status'] as const;
export type RegistrySortKey = (typeof REGISTRY_SORT_KEYS)[number];

export interface RegistryListItem {
  id: string;
  name: string;
  slug: string;
  type: CooperativeType;
  savingsLoanUnit: 'USP' | 'UPPS' | null;
  cooperativeNumber: string | null;
  village: string | null;
  district: string | null;
  status: CooperativeStatus;
  latestRatYear: number | null;
}

const searchText = sql<string>`lower(c.name || ' ' || coalesce(c.cooperative_number, '') || ' ' || coalesce(c.village, '') || ' ' || coalesce(c.district, ''))`;

const likeEscape = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * "No RAT last year" for the cooperative aliased `c`: no meeting recorded for the fiscal
 * year (`lastFiscalYearOf(today)`), whatever its day. The registry's filter and the
 * coverage report's RAT column.
 */
export function lacksRatFor(fiscalYear: number) {
  return sql<boolean>`not exists (select 1 from annual_meetings m where m.cooperative_id = c.id and m.fiscal_year = ${fiscalYear})`;
}

function filtered(db: Kysely<Database>, dinasIds: string[], filters: RegistryFilters, today: string) {
  let query = db.selectFrom('cooperatives as c').where('c.dinas_id', 'in', dinasIds);
  for (const term of searchTerms(filters.q)) {
    query = query.where(sql<boolean>`${searchText} like ${`%${likeEscape(term)}%`}`);
  }
  if (filters.type) query = query.where('c.type', '=', filters.type);
  if (filters.status) query = query.where('c.status', '=', filters.status);
  if (filters.noRatLastYear) {
    const year = lastFiscalYearOf(today);
    query = query.where(lacksRatFor(year));
  }
  if (filters.certified) {
    const holder = hasCertifiedHolder(filters.certified, today, dinasIds);
    query = query.where(filters.certifiedHas === false ? sql<boolean>`not ${holder}` : holder);
  }
  return query;
}

/**
 * The list's order. With search words, the first key is sorted as an expression (`|| ''`, the
 * same text in the same order) that no index of the Dinas's names gives: for a page of 25 the
 * planner otherwise walks that index and tests the words on every cooperative of the Dinas
 * until it has 25 (with two words matching nothing, 90 ms for 100,000 cooperatives), where
 * the trigram index finds the matches first (3 ms).
 */
function sorted<O>(
  query: SelectQueryBuilder<Database & { c: Database['cooperatives'] }, 'c', O>,
  sort: RegistrySortKey,
  dir: 'asc' | 'desc',
  filters: RegistryFilters,
) {
  const column = { name: 'c.name', number: 'c.cooperative_number', type: 'c.type', district: 'c.district', status: 'c.status' } as const;
  const key = searchTerms(filters.q).length > 0 ? sql<string>`${sql.ref(column[sort])} || ''` : column[sort];
  let q = query.orderBy(key, (ob) => (dir === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()));
  if (sort !== 'name') q = q.orderBy('c.name');
  return q.orderBy('c.id');
}

const latestRat = sql<number | null>`(select max(m.fiscal_year) from annual_meetings m where m.cooperative_id = c.id)`;

export async function listRegistry(
  db: Kysely<Database>,
  actor: Actor | null,
  filters: RegistryFilters,
  params: ListParams<RegistrySortKey>,
  today: string,
): Promise<Page<RegistryListItem>> {
  const dinasIds = requireCoordinatorDinas(actor);
  const base = filtered(db, dinasIds, filters, today);
  const [items, count] = await Promise.all([
    sorted(
      base.select([
        'c.id', 'c.name', 'c.slug', 'c.type', 'c.savings_loan_unit as savingsLoanUnit',
        'c.cooperative_number as cooperativeNumber', 'c.village', 'c.district', 'c.status', latestRat.as('latestRatYear'),
      ]),
      params.sort,
      params.dir,
      filters,
    )
      .limit(params.pageSize)
      .offset(params.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return pageOf(items, count.n, params);
}

/** A registry row as exported: the record's facts plus its id, slug and last RAT year. */
export type RegistryExportRow = Omit<CooperativeRecord, 'cooperativeNumber'> & {
  id: string;
  slug: string;
  cooperativeNumber: string | null;
  latestRatYear: number | null;
};

export const EXPORT_MAX_ROWS = 100_000;

/** Every cooperative matching the filters, in the list's order, for an export. */
export async function registryForExport(
  db: Kysely<Database>,
  actor: Actor | null,
  filters: RegistryFilters,
  sort: { sort: RegistrySortKey; dir: 'asc' | 'desc' },
  today: string,
): Promise<RegistryExportRow[]> {
  const dinasIds = requireCoordinatorDinas(actor);
  return sorted(
    filtered(db, dinasIds, filters, today).select([
      'c.id', 'c.slug', 'c.cooperative_number as cooperativeNumber', 'c.name', 'c.type', 'c.savings_loan_unit as savingsLoanUnit',
      'c.legal_entity_number as legalEntityNumber', 'c.legal_entity_date as legalEntityDate', 'c.street', 'c.village',
      'c.district', 'c.regency', 'c.postal_code as postalCode', 'c.phone', 'c.email', 'c.status', latestRat.as('latestRatYear'),
    ]),
    sort.sort,
    sort.dir,
    filters,
  )
    .limit(EXPORT_MAX_ROWS)
    .execute();
}

export interface RosterExportRow {
  cooperativeNumber: string | null;
  cooperativeName: string;
  dinasId: string;
  personId: string;
  nik: string;
  fullName: string;
  position: string;
  startsOn: string | null;
  endsOn: string | null;
  education: string | null;
}

/** Every position (current and past) in the cooperatives matching the filters. */
export async function rosterForExport(
  db: Kysely<Database>,
  actor: Actor | null,
  filters: RegistryFilters,
  today: string,
): Promise<RosterExportRow[]> {
  const dinasIds = requireCoordinatorDinas(actor);
  const ids = filtered(db, dinasIds, filters, today).select('c.id');
  return db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .select([
      'c.cooperative_number as cooperativeNumber', 'c.name as cooperativeName', 'c.dinas_id as dinasId', 'p.id as personId',
      'p.nik', 'p.full_name as fullName', 'p.education', 'sp.position', 'sp.starts_on as startsOn', 'sp.ends_on as endsOn',
    ])
    .where('sp.cooperative_id', 'in', ids)
    .orderBy('c.name')
    .orderBy('c.id')
    .orderBy('sp.ends_on', (ob) => ob.desc().nullsFirst())
    .orderBy('p.full_name')
    .limit(EXPORT_MAX_ROWS * 10)
    .execute();
}

/** Today's date in the zone of the (first) Dinas whose registry the actor keeps; NotFound for anyone else. */
export async function registryToday(db: Kysely<Database>, actor: Actor | null): Promise<string> {
  const [dinasId] = requireCoordinatorDinas(actor);
  return todayIn(await dinasTimeZone(db, dinasId));
}

/**
 * Choices for the registry's filters: the types and statuses its cooperatives have, in the
 * usual order, and the positions for "certified holder of" (the programs' target positions,
 * then those currently held) — the page offers a filter only when it has more than one value.
 */
export async function registryFilterChoices(
  db: Kysely<Database>,
  actor: Actor | null,
  today: string,
): Promise<{ types: CooperativeType[]; statuses: CooperativeStatus[]; positions: string[] }> {
  const dinasIds = requireCoordinatorDinas(actor);
  // One statement, each list a JSON array: a round trip is most of each list's cost.
  const base = db.selectFrom('cooperatives as c').where('c.dinas_id', 'in', dinasIds);
  const reads = positionReads(db, dinasIds, today);
  const { types, statuses, programs, inUse } = await db
    .selectNoFrom([
      jsonArrayFrom(base.select('c.type').distinct()).as('types'),
      jsonArrayFrom(base.select('c.status').distinct()).as('statuses'),
      jsonArrayFrom(reads.programs).as('programs'),
      jsonArrayFrom(reads.inUse).as('inUse'),
    ])
    .executeTakeFirstOrThrow();
  const positions = positionsChosen(programs, inUse);
  const seenTypes = new Set(types.map((r) => r.type));
  const seenStatuses = new Set(statuses.map((r) => r.status));
  return { types: COOPERATIVE_TYPES.filter((t) => seenTypes.has(t)), statuses: COOPERATIVE_STATUSES.filter((s) => seenStatuses.has(s)), positions: positions.all };
}

/** The registry page: one page of the list, its filters' choices, the Dinas it belongs to, and the last fiscal year a RAT is due for. */
export async function getRegistry(db: Kysely<Database>, actor: Actor | null, filters: RegistryFilters, params: ListParams<RegistrySortKey>) {
  const today = await registryToday(db, actor);
  const [page, dinas, choices] = await Promise.all([listRegistry(db, actor, filters, params, today), registryDinas(db, actor), registryFilterChoices(db, actor, today)]);
  return { page, dinas, choices, lastFiscalYear: lastFiscalYearOf(today) };
}

/** The Dinas whose registry the actor keeps, with their names (for headings and the create form). */
export async function registryDinas(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<{ id: string; name: string; shortName: string | null; timeZone: TimeZone }[]> {
  const dinasIds = requireCoordinatorDinas(actor);
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'short_name as shortName', 'time_zone as timeZone'])
    .where('id', 'in', dinasIds)
    .orderBy('name')
    .execute();
}
