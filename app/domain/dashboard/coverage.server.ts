import { sql, type Kysely } from 'kysely';
import type { CooperativeType, Database, TimeZone } from '~db/schema';
import { todayIn } from '~/lib/dates';
import { dinasTimeZone } from '~/lib/dinas-scope.server';
import { writeCsv, writeXlsx } from '~/lib/spreadsheet.server';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';
import { requireCoordinatorDinas } from '~/domain/cooperatives/access.server';
import { lastFiscalYearOf } from '~/domain/cooperatives/annual-meeting-rule';
import { hasCertifiedHolder, positionChoices } from '~/domain/cooperatives/certified-holders.server';
import { normalizePosition } from '~/domain/cooperatives/positions';
import { lacksRatFor } from '~/domain/cooperatives/registry.server';
import { addParticipants, type PlacementSummary } from '~/domain/enrollment/register.server';

/**
 * Coverage of the cooperatives (issue #15, part 2): of the Dinas's ACTIVE cooperatives,
 * how many have a certified holder of each target position of its programs (the definition
 * is `hasCertifiedHolder`), overall, by cooperative type and by kecamatan; beside it the
 * RAT compliance (no RAT recorded for last fiscal year, the registry's rule). One aggregate
 * query with grouping sets; nothing is counted in JavaScript.
 */

export interface CoverageRow {
  /** The type or kecamatan; null for "no kecamatan recorded" (and for the total). */
  group: string | null;
  total: number;
  /** Cooperatives with a certified holder, one count per position (in `positions` order). */
  covered: number[];
  /** Cooperatives without last fiscal year's RAT. */
  noRat: number;
}

export interface InvitationTarget {
  position: string;
  /** Active cooperatives without a certified holder of the position. */
  uncovered: number;
  /** People currently holding the position in those cooperatives: whom a nomination would add. */
  holders: number;
  /** The soonest open cohort starting after today of a program that targets the position. */
  cohort: { id: string; name: string; programTitle: string; startsOn: string; timeZone: TimeZone; seatsLeft: number } | null;
}

export interface Coverage {
  today: string;
  lastFiscalYear: number;
  positions: string[];
  total: CoverageRow;
  byType: (CoverageRow & { group: CooperativeType })[];
  byDistrict: CoverageRow[];
  invitations: InvitationTarget[];
}

/** The Dinas whose coverage the actor may see (coordinator, `dashboard:view`) and its today. */
async function coverageScope(db: Kysely<Database>, actor: Actor | null) {
  const dinasIds = requireCoordinatorDinas(actor, 'dashboard:view');
  const today = todayIn(await dinasTimeZone(db, dinasIds[0]!));
  return { dinasIds, today };
}

type GroupedRow = { byType: number; byDistrict: number; type: CooperativeType | null; district: string | null; total: number; noRat: number } & Record<string, number>;

async function coverageRows(db: Kysely<Database>, dinasIds: string[], positions: string[], today: string) {
  const year = lastFiscalYearOf(today);
  const rows = (await db
    .selectFrom('cooperatives as c')
    .select([
      sql<number>`grouping(c.type)::int`.as('byType'),
      sql<number>`grouping(c.district)::int`.as('byDistrict'),
      'c.type',
      'c.district',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where ${lacksRatFor(year)}))::int`.as('noRat'),
      ...positions.map((p, i) => sql<number>`(count(*) filter (where ${hasCertifiedHolder(p, today, dinasIds)}))::int`.as(`p${i}`)),
    ])
    .where('c.dinas_id', 'in', dinasIds)
    .where('c.status', '=', 'active')
    .groupBy(sql`grouping sets ((c.type), (c.district), ())`)
    .execute()) as unknown as GroupedRow[];
  const rowOf = (r: GroupedRow, group: string | null): CoverageRow => ({ group, total: r.total, noRat: r.noRat, covered: positions.map((_, i) => r[`p${i}`] ?? 0) });
  const totalRow = rows.find((r) => r.byType === 1 && r.byDistrict === 1);
  const byDistrict = rows
    .filter((r) => r.byType === 1 && r.byDistrict === 0)
    .map((r) => rowOf(r, r.district))
    .sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : a.group.localeCompare(b.group, 'id')));
  return {
    total: totalRow ? rowOf(totalRow, null) : { group: null, total: 0, noRat: 0, covered: positions.map(() => 0) },
    byType: rows.filter((r) => r.byType === 0).map((r) => rowOf(r, r.type) as CoverageRow & { group: CooperativeType }).sort((a, b) => a.group.localeCompare(b.group)),
    byDistrict,
  };
}

/** Current holders of `position` in the Dinas's active cooperatives that have no certified holder of it. */
function uncoveredHolders(db: Kysely<Database>, dinasIds: string[], position: string, today: string) {
  return db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .where('c.dinas_id', 'in', dinasIds)
    .where('c.status', '=', 'active')
    .where('sp.position_key', '=', normalizePosition(position))
    .where((eb) => eb.or([eb('sp.starts_on', 'is', null), eb('sp.starts_on', '<=', today)]))
    .where((eb) => eb.or([eb('sp.ends_on', 'is', null), eb('sp.ends_on', '>=', today)]))
    .where(sql<boolean>`not ${hasCertifiedHolder(position, today, dinasIds)}`);
}

/** Open cohorts starting after today, with their programs' target positions and seats left. */
async function upcomingOpenCohorts(db: Kysely<Database>, dinasIds: string[], today: string) {
  return db
    .selectFrom('cohorts as k')
    .innerJoin('programs as p', 'p.id', 'k.program_id')
    .select([
      'k.id', 'k.name', 'k.dinas_id as dinasId', 'k.starts_on as startsOn', 'k.time_zone as timeZone', 'p.title as programTitle', 'p.target_positions as targetPositions',
      sql<number>`greatest(0, k.capacity - (select count(*) from enrollments e where e.cohort_id = k.id and e.status = 'confirmed'))::int`.as('seatsLeft'),
    ])
    .where('k.dinas_id', 'in', dinasIds)
    .where('k.status', '=', 'open')
    .where('k.starts_on', '>', today)
    .orderBy('k.starts_on')
    .orderBy('k.id')
    .limit(100)
    .execute();
}

const targets = (cohort: { targetPositions: string[] }, position: string) => cohort.targetPositions.some((t) => normalizePosition(t) === normalizePosition(position));

/** The coverage page: the tables, and for each target position its invitation list and the cohort to nominate it to. */
export async function getCoverage(db: Kysely<Database>, actor: Actor | null): Promise<Coverage> {
  const { dinasIds, today } = await coverageScope(db, actor);
  const { targets: positions } = await positionChoices(db, dinasIds, today);
  const [rows, cohorts, holders] = await Promise.all([
    coverageRows(db, dinasIds, positions, today),
    upcomingOpenCohorts(db, dinasIds, today),
    Promise.all(positions.map((p) => uncoveredHolders(db, dinasIds, p, today).select(sql<number>`count(distinct sp.person_id)::int`.as('n')).executeTakeFirstOrThrow())),
  ]);
  const invitations = positions.map((position, i) => {
    const cohort = cohorts.find((c) => targets(c, position));
    return {
      position,
      uncovered: rows.total.total - rows.total.covered[i]!,
      holders: holders[i]!.n,
      cohort: cohort ? { id: cohort.id, name: cohort.name, programTitle: cohort.programTitle, startsOn: cohort.startsOn, timeZone: cohort.timeZone, seatsLeft: cohort.seatsLeft } : null,
    };
  });
  return { today, lastFiscalYear: lastFiscalYearOf(today), positions, ...rows, invitations };
}

/**
 * "One click to nominate": the current holders of `position` in the cooperatives that have
 * no certified holder of it are added to an open, upcoming cohort of a program targeting
 * that position — through the enrollment area's `addParticipants` (the coordinator's door),
 * so its rules hold: seats and the per-cooperative quota under the cohort's lock, the
 * waitlist beyond them, nobody twice, the audit and the e-mails.
 */
export async function nominateUncoveredHolders(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; position: string; now?: Date },
): Promise<PlacementSummary> {
  if (!isUuid(input.cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db
    .selectFrom('cohorts as k')
    .innerJoin('programs as p', 'p.id', 'k.program_id')
    .innerJoin('institutions as d', 'd.id', 'k.dinas_id')
    .select(['k.id', 'k.dinas_id as dinasId', 'k.status', 'k.starts_on as startsOn', 'p.target_positions as targetPositions', 'd.time_zone as timeZone'])
    .where('k.id', '=', input.cohortId)
    .executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'dashboard:view', { dinasId: cohort.dinasId });
  const today = todayIn(cohort.timeZone, input.now);
  if (cohort.status !== 'open' || cohort.startsOn <= today) throw new ConflictError('coverage:nominate.cohortNotOpen');
  if (!input.position.trim() || !targets(cohort, input.position)) throw new ConflictError('coverage:nominate.notTargeted');
  const people = await uncoveredHolders(db, [cohort.dinasId], input.position, today).select('sp.person_id').distinct().execute();
  if (people.length === 0) throw new ConflictError('coverage:nominate.nobody');
  return addParticipants(db, actor, { cohortId: cohort.id, personIds: people.map((p) => p.person_id), now: input.now });
}

/** A share in percent with one decimal (null when there is nothing to share). */
export function sharePercent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

export type ExportFormat = 'csv' | 'xlsx';

/**
 * The coverage tables as one sheet, CSV (formulas defused by `writeCsv`) or XLSX: the total,
 * then one line per type and per kecamatan; per position the cooperatives with a certified
 * holder and their share; the cooperatives without last year's RAT. Headers in Indonesian,
 * as the registry's exports.
 */
export async function exportCoverage(db: Kysely<Database>, actor: Actor | null, format: ExportFormat) {
  const coverage = await getCoverage(db, actor);
  const headers = [
    'Kelompok',
    'Nama',
    'Koperasi aktif',
    ...coverage.positions.flatMap((p) => [`${p}: bersertifikat`, `${p}: %`]),
    `Tanpa RAT ${coverage.lastFiscalYear}`,
  ];
  const line = (kind: string, r: CoverageRow, name: string | null): (string | number | null)[] => [
    kind,
    name,
    r.total,
    ...r.covered.flatMap((n) => [n, sharePercent(n, r.total)]),
    r.noRat,
  ];
  const rows = [
    line('Total', coverage.total, null),
    ...coverage.byType.map((r) => line('Jenis', r, r.group)),
    ...coverage.byDistrict.map((r) => line('Kecamatan', r, r.group ?? '(tanpa kecamatan)')),
  ];
  const fileName = `cakupan-koperasi-${coverage.today}`;
  if (format === 'csv') return { fileName: `${fileName}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsv(headers, rows) };
  const body = await writeXlsx('Cakupan', headers.map((header, i) => ({ header, width: i < 2 ? 24 : Math.max(12, Math.min(40, header.length + 2)) })), rows);
  return { fileName: `${fileName}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}
