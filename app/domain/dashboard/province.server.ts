import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '~db/schema';
import { provinceName } from '~/lib/areas.server';
import { DEFAULT_TIME_ZONE, todayIn } from '~/lib/dates';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { requirePermission, type Actor } from '~/lib/permissions';
import type { DashboardScope } from './access.server';
import { cohortCounts, figuresOf as periodFiguresOf } from './figures.server';
import { parsePeriod, type DashboardPeriod, type PeriodProblem } from './period';
import type { DinasFigures, Neighbours, RankedDinasFigures } from './types';

/**
 * The province view (issue #15, part 6): the dashboard's period figures for many Dinas side
 * by side — every Dinas for the platform operator, the Dinas of one province for a
 * coordinator ("among neighbours"). ONE aggregate statement, grouped by Dinas, whatever the
 * number of Dinas: nothing is looped over per Dinas in JavaScript.
 *
 * The figures mean what they mean on the coordinator's dashboard: the same per-cohort counts
 * (`cohortCounts` of `figures.server.ts`), grouped by Dinas (`province.test.ts` checks that
 * both agree). Each Dinas's period is read in its own zone: a cohort counts once it has started
 * by that Dinas's today. Two figures the dashboard has not: the Dinas's ACTIVE cooperatives,
 * and of them those with staff holding a valid competency certificate (one issued to the
 * cooperative's staff and not expired) — a cheap stand-in for the coverage page's
 * per-position figure, which depends on each Dinas's programs.
 *
 * Other Dinas appear by name (public offices) and with aggregates only: no person's name,
 * no cohort, no cooperative.
 */

export const PROVINCE_SORT_KEYS = ['name', 'cohorts', 'participants', 'attendanceRate', 'competentRate', 'certificates', 'cooperatives', 'certifiedShare'] as const;
export type ProvinceSortKey = (typeof PROVINCE_SORT_KEYS)[number];

const SORT_COLUMNS: Record<ProvinceSortKey, string> = {
  name: 'name',
  cohorts: 'cohorts',
  participants: 'participants',
  attendanceRate: '"attendanceRate"',
  competentRate: '"competentRate"',
  certificates: 'certificates',
  cooperatives: '"activeCooperatives"',
  certifiedShare: '"certifiedShare"',
};

interface Row extends DinasFigures {
  isTotal: boolean;
  dinasCount: number;
  rankParticipants: number | null;
  rankAttendanceRate: number | null;
  rankCompetentRate: number | null;
  rankCertificates: number | null;
}

interface QueryOptions {
  period: DashboardPeriod;
  now: Date;
  /** Only the Dinas of this province (the first two digits of a regency code, "33"). */
  province?: string | null;
  /** Only this Dinas (a coordinator's Dinas without a regency code has no neighbours). */
  onlyDinasId?: string | null;
  sort: ProvinceSortKey;
  dir: 'asc' | 'desc';
  limit: number | null;
  offset: number;
}

/** A rank among the Dinas compared, 1 the highest; null for a Dinas without the value. */
function rankOf(column: string): RawBuilder<number | null> {
  const c = sql.raw(column);
  return sql`case when ${c} is null then null else (rank() over (partition by ${c} is null order by ${c} desc))::int end`;
}

async function dinasFigureRows(db: Kysely<Database>, o: QueryOptions): Promise<Row[]> {
  const now = o.now.toISOString();
  const where = o.onlyDinasId
    ? sql`and i.id = ${o.onlyDinasId}::uuid`
    : o.province
      ? sql`and left(i.regency_code, 2) = ${o.province}`
      : sql``;
  const order = sql.raw(`${SORT_COLUMNS[o.sort]} ${o.dir === 'desc' ? 'desc' : 'asc'} nulls last, name asc, "dinasId"`);
  const limit = o.limit === null ? sql`` : sql`limit ${o.limit} offset ${o.offset}`;
  return db.transaction().execute(async (trx) => {
    // As for the dashboard's figures: JIT costs more than these small aggregates take.
    await sql`set local jit = off`.execute(trx);
    const { rows } = await sql<Row>`
    with d as (
      select i.id, i.name, i.short_name, i.regency_code, (${now}::timestamptz at time zone i.time_zone)::date as today
      from institutions i
      where i.kind = 'dinas' ${where}
    ),
    k as (
      select c.id, c.dinas_id, p.attendance_counts_excused as counts_excused
      from cohorts c
      join d on d.id = c.dinas_id
      join programs p on p.id = c.program_id
      where c.status not in ('draft', 'cancelled')
        and c.starts_on >= ${o.period.from}::date and c.starts_on <= ${o.period.to}::date
        and c.starts_on <= d.today
    ),
    ${cohortCounts(now)},
    per_cohort as (
      select k.dinas_id, n.participants, n.expected, n.attended, n.examined, n.competent, n.competency, n.training
      from k join counts n on n.cohort_id = k.id
    ),
    f as (
      select dinas_id, count(*)::int as cohorts, sum(participants)::int as participants, sum(attended)::int as attended,
        sum(expected)::int as expected, sum(examined)::int as examined, sum(competent)::int as competent,
        sum(competency)::int as competency, sum(training)::int as training
      from per_cohort
      group by dinas_id
    ),
    -- Active cooperatives with a valid competency certificate among their staff: one join
    -- of the cooperatives and those certificates (a per-cooperative look-up cost ~280 ms
    -- for a Dinas of 48,000 cooperatives), each cooperative counted once.
    certified as (
      select distinct c.id
      from cooperatives c
      join d on d.id = c.dinas_id
      join certificates x on x.cooperative_id = c.id
      where c.status = 'active' and x.kind = 'competency' and x.status = 'valid'
        and (x.valid_until is null or x.valid_until >= d.today)
    ),
    co as (
      select c.dinas_id, count(*)::int as active, count(certified.id)::int as certified
      from cooperatives c
      join d on d.id = c.dinas_id
      left join certified on certified.id = c.id
      where c.status = 'active'
      group by c.dinas_id
    ),
    per_dinas as (
      select d.id, d.name, d.short_name, d.regency_code,
        coalesce(f.cohorts, 0) as cohorts, coalesce(f.participants, 0) as participants,
        coalesce(f.attended, 0) as attended, coalesce(f.expected, 0) as expected,
        coalesce(f.examined, 0) as examined, coalesce(f.competent, 0) as competent,
        coalesce(f.competency, 0) as competency, coalesce(f.training, 0) as training,
        coalesce(co.active, 0) as active, coalesce(co.certified, 0) as certified
      from d
      left join f on f.dinas_id = d.id
      left join co on co.dinas_id = d.id
    ),
    grouped as (
      select grouping(id) = 1 as "isTotal",
        id as "dinasId", name, short_name as "shortName", regency_code as "regencyCode",
        sum(cohorts)::int as cohorts, sum(participants)::int as participants,
        sum(attended)::int as attended, sum(expected)::int as expected,
        round(100.0 * sum(attended) / nullif(sum(expected), 0), 1)::float8 as "attendanceRate",
        sum(examined)::int as examined, sum(competent)::int as competent,
        round(100.0 * sum(competent) / nullif(sum(examined), 0), 1)::float8 as "competentRate",
        sum(competency)::int as "competencyCertificates", sum(training)::int as "trainingCertificates",
        sum(competency + training)::int as certificates,
        sum(active)::int as "activeCooperatives", sum(certified)::int as "certifiedCooperatives",
        round(100.0 * sum(certified) / nullif(sum(active), 0), 1)::float8 as "certifiedShare"
      from per_dinas
      group by grouping sets ((id, name, short_name, regency_code), ())
    ),
    ranked as (
      select g.*, (count(*) over ())::int as "dinasCount",
        ${rankOf('participants')} as "rankParticipants",
        ${rankOf('"attendanceRate"')} as "rankAttendanceRate",
        ${rankOf('"competentRate"')} as "rankCompetentRate",
        ${rankOf('certificates')} as "rankCertificates"
      from grouped g
      where not g."isTotal"
    ),
    page as (
      select ranked.*, (row_number() over (order by ${order}))::int as position
      from ranked
      order by ${order}
      ${limit}
    )
    select * from (
      select * from page
      union all
      select g.*, (select count(*) from ranked)::int, null, null, null, null, 0 from grouped g where g."isTotal"
    ) result
    order by "isTotal", position
  `.execute(trx);
    return rows;
  });
}

function figuresOf(row: Row): RankedDinasFigures {
  return {
    dinasId: row.dinasId,
    name: row.name,
    shortName: row.shortName,
    regencyCode: row.regencyCode,
    ...periodFiguresOf(row),
    certificates: row.certificates,
    activeCooperatives: row.activeCooperatives,
    certifiedCooperatives: row.certifiedCooperatives,
    certifiedShare: row.certifiedShare,
    ranks: {
      participants: row.rankParticipants,
      attendanceRate: row.rankAttendanceRate,
      competentRate: row.rankCompetentRate,
      certificates: row.rankCertificates,
    },
  };
}

export interface ProvinceView {
  period: DashboardPeriod;
  periodProblems: PeriodProblem[];
  periodInput: { from: string; to: string };
  page: Page<RankedDinasFigures>;
  /** Every Dinas of the portal together (rates over the summed counts, not averaged). */
  total: DinasFigures;
}

/** Only the platform operator compares every Dinas; anyone else: "not found". */
export function requireProvinceViewer(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, 'platform:manage', { platform: true });
}

/**
 * The platform operator's view: one row per Dinas of the portal for the period in the URL,
 * sorted and paged (`limit: null` for an export: every Dinas), and the total. The period's
 * days are read in the portal's default zone (WIB); each Dinas's "started by today" in its own.
 */
export async function loadProvinceView(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { params: URLSearchParams; list: ListParams<ProvinceSortKey> | { sort: ProvinceSortKey; dir: 'asc' | 'desc'; all: true } },
  now = new Date(),
): Promise<ProvinceView> {
  requireProvinceViewer(actor);
  const { period, problems, input: periodInput } = parsePeriod(input.params, todayIn(DEFAULT_TIME_ZONE, now));
  const list = input.list;
  const paged = !('all' in list);
  const rows = await dinasFigureRows(db, {
    period,
    now,
    sort: list.sort,
    dir: list.dir,
    limit: paged ? list.pageSize : null,
    offset: paged ? list.offset : 0,
  });
  // The total row always comes (grouping set ()), and carries the number of Dinas compared.
  const totalRow = rows.find((r) => r.isTotal)!;
  const items = rows.filter((r) => !r.isTotal).map(figuresOf);
  const { ranks: _ranks, ...total } = figuresOf(totalRow);
  const count = totalRow.dinasCount;
  return {
    period,
    periodProblems: problems,
    periodInput,
    page: pageOf(items, count, paged ? list : { page: 1, pageSize: Math.max(1, count) }),
    total,
  };
}

/**
 * "Among neighbours" on a coordinator's dashboard: their Dinas beside the other Dinas of the
 * same province (the first two digits of the regency codes, "33.75" → Jawa Tengah), ranked.
 * The scope is the coordinator's (`requireDashboardScope` checked `dashboard:view`); a Dinas
 * without a regency code is compared with nobody.
 */
export async function neighbourFigures(db: Kysely<Database>, scope: DashboardScope, period: DashboardPeriod): Promise<Neighbours> {
  const own = await db.selectFrom('institutions').select('regency_code').where('id', '=', scope.dinasId).executeTakeFirstOrThrow();
  const province = own.regency_code?.slice(0, 2) ?? null;
  const [rows, name] = await Promise.all([
    dinasFigureRows(db, {
      period,
      now: scope.now,
      province,
      onlyDinasId: province ? null : scope.dinasId,
      sort: 'competentRate',
      dir: 'desc',
      limit: null,
      offset: 0,
    }),
    provinceName(province),
  ]);
  const dinas = rows.filter((r) => !r.isTotal);
  return { provinceCode: province, provinceName: name, count: dinas.length, rows: dinas.map(figuresOf), ownId: scope.dinasId };
}

