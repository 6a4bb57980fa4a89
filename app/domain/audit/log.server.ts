import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '~db/schema';
import { addDays, formatDateTime, zonedTimeToUtc, type IndonesianTimeZone } from '~/lib/dates';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { dinasTimeZone, userIdsOfDinas } from '~/lib/dinas-scope.server';
import { can, institutionsFor, requirePermission, type Actor } from '~/lib/permissions';
import { auditChanges, idsIn, type FieldChange } from './changes';
import type { AuditFilters } from './filters';

/**
 * Reading the audit log: the coordinator's filterable list of everything that happened
 * in their Dinas, and the history of one entity for its page. A coordinator sees the
 * entries written for their Dinas, plus account events (sign-in lock, password reset…)
 * of the users their Dinas administers.
 */

export const AUDIT_SORT_KEYS = ['occurred', 'action', 'entity'] as const;
export type AuditSortKey = (typeof AUDIT_SORT_KEYS)[number];

export interface AuditEntryView {
  id: number;
  occurredAt: string;
  /** "12 November 2026, 08.00 WIB" in the Dinas's zone. */
  when: string;
  action: string;
  entityType: string;
  entityId: string;
  actorName: string | null;
  actorEmail: string | null;
  ip: string | null;
  /** The name of the entity when it is one whose names are looked up (user, cooperative, program…). */
  entityName: string | null;
  changes: FieldChange[];
}

export type AuditEntryRow = { id: number; occurred_at: Date; action: string; entity_type: string; entity_id: string; actorName: string | null; actorEmail: string | null; ip: string | null; before: unknown; after: unknown };

/**
 * Names of the ids that the entries carry (institutions, cooperatives, programs, cohorts,
 * users, people): one query for a whole page, however many rows.
 */
async function namesOf(db: Kysely<Database>, rows: AuditEntryRow[]): Promise<Map<string, string>> {
  const ids = idsIn(rows.flatMap((r) => [r.entity_id, r.before, r.after]));
  if (ids.length === 0) return new Map();
  // Each id looked up by primary key in every table that has names: a nested loop of index
  // reads. (A UNION of six "id in (…)" scans made PostgreSQL start parallel workers for a
  // page's 75 ids: 12 ms at national scale instead of 3.)
  const found = await db
    .selectFrom(sql<{ id: string }>`(select unnest(${ids}::uuid[]) as id)`.as('ids'))
    .leftJoin('institutions as i', 'i.id', 'ids.id')
    .leftJoin('cooperatives as c', 'c.id', 'ids.id')
    .leftJoin('programs as p', 'p.id', 'ids.id')
    .leftJoin('cohorts as h', 'h.id', 'ids.id')
    .leftJoin('users as u', 'u.id', 'ids.id')
    .leftJoin('people as pe', 'pe.id', 'ids.id')
    .select([sql<string>`ids.id::text`.as('id'), sql<string | null>`coalesce(i.name, c.name, p.title, h.name, u.display_name, pe.full_name)`.as('name')])
    .execute();
  return new Map(found.filter((r): r is { id: string; name: string } => r.name !== null).map((r) => [r.id.toLowerCase(), r.name]));
}

/**
 * A Dinas's entries: its own, and account events of the users it administers, in the forms
 * the page reads them, built from one read of those users.
 * - `own` and `accountEvents`, with the acting user, for the page's rows: each part is read
 *   in the page's order up to the page's end, then the two are merged (see pageRows).
 * - `countable`, the two kinds one after the other (UNION ALL) with the columns the
 *   filters and the choices use, for counting and the filters' choices: each part reads
 *   its index alone (audit_log_dinas_cover_idx), where the OR visits every entry's row.
 */
async function entriesOfDinas(db: Kysely<Database>, dinasId: string) {
  const worldIds = await userIdsOfDinas(db, dinasId);
  const withActor = () => db.selectFrom('audit_log as a').leftJoin('users as au', 'au.id', 'a.actor_user_id');
  const own = withActor().where('a.dinas_id', '=', dinasId);
  const accountEvents = withActor().where('a.dinas_id', 'is', null).where('a.entity_type', '=', 'user').where(sql<boolean>`a.entity_id = any(${worldIds}::text[])`);
  const columns = ['action', 'entity_type', 'entity_id', 'actor_user_id', 'occurred_at'] as const;
  const countable = db.selectFrom(
    db
      .selectFrom('audit_log')
      .select(columns)
      .where('dinas_id', '=', dinasId)
      .unionAll(
        db
          .selectFrom('audit_log')
          .select(columns)
          .where('dinas_id', 'is', null)
          .where('entity_type', '=', 'user')
          .where(sql<boolean>`entity_id = any(${worldIds}::text[])`),
      )
      .as('a'),
  );
  return { own, accountEvents, countable };
}

/** The list's filters as one condition on the entries (alias `a`), for either form of entriesOfDinas. */
function filterCondition(filters: AuditFilters, tz: IndonesianTimeZone) {
  const parts = [sql`true`];
  if (filters.action) parts.push(sql`a.action = ${filters.action}`);
  if (filters.entityType) parts.push(sql`a.entity_type = ${filters.entityType}`);
  if (filters.entityId) parts.push(sql`a.entity_id = ${filters.entityId}`);
  if (filters.actorUserId) parts.push(sql`a.actor_user_id = ${filters.actorUserId}`);
  if (filters.from) parts.push(sql`a.occurred_at >= ${zonedTimeToUtc(filters.from, '00:00', tz)}`);
  if (filters.to) parts.push(sql`a.occurred_at < ${zonedTimeToUtc(addDays(filters.to, 1), '00:00', tz)}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

function toView(row: AuditEntryRow, tz: IndonesianTimeZone, locale: 'id' | 'en', names: ReadonlyMap<string, string>): AuditEntryView {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    when: formatDateTime(row.occurred_at, tz, locale),
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actorName: row.actorName,
    actorEmail: row.actorEmail,
    ip: row.ip,
    entityName: names.get(row.entity_id.toLowerCase()) ?? null,
    changes: auditChanges(row.before, row.after, { names, timeZone: tz, locale }),
  };
}

/** Entries as the pages show them: readable changes, names instead of ids (one query for all rows). */
export async function auditEntryViews(db: Kysely<Database>, rows: AuditEntryRow[], tz: IndonesianTimeZone, locale: 'id' | 'en'): Promise<AuditEntryView[]> {
  const names = await namesOf(db, rows);
  return rows.map((row) => toView(row, tz, locale, names));
}

const entryColumns = [
  'a.id', 'a.occurred_at', 'a.action', 'a.entity_type', 'a.entity_id', 'a.ip', 'a.before', 'a.after',
  'au.display_name as actorName', 'au.email as actorEmail',
] as const;

type Entries = Awaited<ReturnType<typeof entriesOfDinas>>;

/**
 * One page of rows: each kind of entry read in the page's order up to the page's end, then
 * the two merged (the kinds never overlap: a Dinas's own entries, and account events with
 * none). In time order, the default, each part reads its index and stops there: sorting
 * every entry of the Dinas for one page took time that grew with its history (15 ms for
 * 6,000 entries at national scale). By action or kind, each part is sorted whole.
 */
async function pageRows(db: Kysely<Database>, parts: Pick<Entries, 'own' | 'accountEvents'>, condition: RawBuilder<boolean>, params: ListParams<AuditSortKey>) {
  const column = params.sort === 'action' ? 'a.action' : params.sort === 'entity' ? 'a.entity_type' : 'a.occurred_at';
  const upToPageEnd = (part: Entries['own']) =>
    part
      .where(condition)
      .select([...entryColumns])
      .orderBy(column, params.dir)
      .orderBy('a.id', params.dir)
      .limit(params.offset + params.pageSize);
  return db
    .selectFrom(sql<AuditEntryRow>`((${upToPageEnd(parts.own)}) union all (${upToPageEnd(parts.accountEvents)}))`.as('a'))
    .selectAll()
    .orderBy(column, params.dir)
    .orderBy('a.id', params.dir)
    .limit(params.pageSize)
    .offset(params.offset)
    .execute() as Promise<AuditEntryRow[]>;
}

export async function listAuditLog(
  db: Kysely<Database>,
  actor: Actor | null,
  dinasId: string | null,
  filters: AuditFilters,
  params: ListParams<AuditSortKey>,
  options: { locale: 'id' | 'en' } = { locale: 'id' },
): Promise<Page<AuditEntryView>> {
  requirePermission(actor, 'audit:read', { dinasId });
  const d = dinasId!;
  const [tz, entries] = await Promise.all([dinasTimeZone(db, d), entriesOfDinas(db, d)]);
  const condition = filterCondition(filters, tz);
  const [{ total }, rows] = await Promise.all([
    entries.countable.where(condition).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
    pageRows(db, entries, condition, params),
  ]);
  const names = await namesOf(db, rows);
  return pageOf(rows.map((r) => toView(r, tz, options.locale, names)), total, params);
}

/** The audit log page: one page of entries and the choices of its filters. */
export async function getAuditLogPage(
  db: Kysely<Database>,
  actor: Actor | null,
  dinasId: string | null,
  filters: AuditFilters,
  params: ListParams<AuditSortKey>,
  options: { locale: 'id' | 'en' },
) {
  const [page, filterOptions] = await Promise.all([listAuditLog(db, actor, dinasId, filters, params, options), auditFilterOptions(db, actor, dinasId)]);
  return { page, options: filterOptions };
}

/** The choices of the list's filters: actions, entity types and acting users seen in the Dinas's log. */
export async function auditFilterOptions(db: Kysely<Database>, actor: Actor | null, dinasId: string | null) {
  requirePermission(actor, 'audit:read', { dinasId });
  const { countable } = await entriesOfDinas(db, dinasId!);
  const [actions, entityTypes, actors] = await Promise.all([
    countable.select('a.action').distinct().orderBy('a.action').execute(),
    countable.select('a.entity_type').distinct().orderBy('a.entity_type').execute(),
    // The few acting users first, then their names: joined the other way round PostgreSQL
    // walks every user in id order (44 ms at national scale instead of 7).
    db
      .with((cte) => cte('actor_ids').materialized(), () => countable.select('a.actor_user_id as id').distinct())
      .selectFrom('actor_ids')
      .innerJoin('users as fu', 'fu.id', 'actor_ids.id')
      .select(['fu.id', 'fu.display_name', 'fu.email'])
      .orderBy('fu.display_name')
      .execute(),
  ]);
  return {
    actions: actions.map((r) => r.action),
    entityTypes: entityTypes.map((r) => r.entity_type),
    actors: actors.map((r) => ({ id: r.id, name: r.display_name, email: r.email })),
  };
}

/**
 * The history of one entity for its page ("Riwayat"), newest first. The caller has
 * already checked the actor may see the entity; this keeps to the actor's own Dinas
 * (entries another Dinas wrote about a shared entity stay out). Coordinators only.
 */
export async function listEntityHistory(
  db: Kysely<Database>,
  actor: Actor | null,
  entityType: string,
  entityId: string,
  options: { locale?: 'id' | 'en'; limit?: number } = {},
): Promise<AuditEntryView[]> {
  const dinasIds = institutionsFor(actor, 'coordinator');
  requirePermission(actor, 'audit:read', { dinasId: dinasIds[0] ?? null });
  const tz = await dinasTimeZone(db, dinasIds[0]);
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as au', 'au.id', 'a.actor_user_id')
    .select([...entryColumns])
    .where('a.entity_type', '=', entityType)
    .where('a.entity_id', '=', entityId)
    .where((eb) => eb.or([eb('a.dinas_id', 'in', dinasIds), eb('a.dinas_id', 'is', null)]))
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  const names = await namesOf(db, rows);
  return rows.map((r) => toView(r, tz, options.locale ?? actor!.locale, names));
}

/** For pages that coordinators and others share: the history for a coordinator, null for anyone else. */
export async function entityHistoryIfAllowed(
  db: Kysely<Database>,
  actor: Actor | null,
  entityType: string,
  entityId: string,
  options: { locale?: 'id' | 'en'; limit?: number } = {},
): Promise<AuditEntryView[] | null> {
  const dinasId = institutionsFor(actor, 'coordinator')[0];
  if (!dinasId || !can(actor, 'audit:read', { dinasId })) return null;
  return listEntityHistory(db, actor, entityType, entityId, options);
}
