import { sql, type Kysely } from 'kysely';
import type { CohortStatus, Database, TimeZone } from '~db/schema';
import { isUuid } from '~/lib/ids';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { cooperativesAdministeredBy, institutionsFor, type Actor } from '~/lib/permissions';
import { monthBounds } from './month-calendar';
import type { CohortPeriod } from './periods';

/**
 * The cohorts a signed-in user works with: a coordinator sees their Dinas's, an
 * institute or a certification body the ones assigned to it, a cooperative admin the
 * published ones of the Dinas supervising their cooperative (to nominate staff).
 */
export const COHORT_SORTS = ['starts', 'name', 'program', 'status', 'confirmed'] as const;
export type CohortSort = (typeof COHORT_SORTS)[number];
export { COHORT_PERIODS, type CohortPeriod } from './periods';

export interface CohortFilters {
  period: CohortPeriod;
  programId?: string | null;
  instituteId?: string | null;
  status?: CohortStatus | null;
}

export interface CohortListItem {
  id: string;
  name: string;
  status: CohortStatus;
  programCode: string;
  programTitle: string;
  instituteName: string | null;
  startsOn: string;
  endsOn: string;
  timeZone: TimeZone;
  venueName: string | null;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  pending: number;
}

/** Whether the actor sees any cohort list at all. */
export function seesCohortList(actor: Actor | null): boolean {
  return !!actor?.roles.some((r) => ['coordinator', 'institute_admin', 'institute_staff', 'assessor', 'certification_admin', 'cooperative_admin'].includes(r.role));
}

async function scoped(db: Kysely<Database>, actor: Actor | null) {
  const coordinatorOf = institutionsFor(actor, 'coordinator');
  const instituteOf = [...institutionsFor(actor, 'institute_staff'), ...institutionsFor(actor, 'institute_admin')];
  const bodyOf = [...institutionsFor(actor, 'assessor'), ...institutionsFor(actor, 'certification_admin')];
  const cooperativeIds = cooperativesAdministeredBy(actor);
  const nominatingFor = cooperativeIds.length
    ? (await db.selectFrom('cooperatives').select('dinas_id').where('id', 'in', cooperativeIds).execute()).map((c) => c.dinas_id)
    : [];
  const base = db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .leftJoin('institutions as ti', 'ti.id', 'c.training_institute_id');
  return base.where((eb) =>
    eb.or([
      ...(coordinatorOf.length ? [eb('c.dinas_id', 'in', coordinatorOf)] : []),
      ...(instituteOf.length ? [eb.and([eb('c.training_institute_id', 'in', instituteOf), eb('c.status', '<>', 'draft')])] : []),
      ...(bodyOf.length ? [eb.and([eb('c.certification_body_id', 'in', bodyOf), eb('c.status', '<>', 'draft')])] : []),
      ...(nominatingFor.length ? [eb.and([eb('c.dinas_id', 'in', nominatingFor), eb('c.status', 'in', ['open', 'closed', 'in_progress', 'completed'])])] : []),
      sql<boolean>`false`,
    ]),
  );
}

export async function listCohorts(
  db: Kysely<Database>,
  actor: Actor | null,
  filters: CohortFilters,
  params: ListParams<CohortSort>,
  today: string,
): Promise<Page<CohortListItem>> {
  let query = await scoped(db, actor);
  if (filters.period === 'upcoming') query = query.where('c.starts_on', '>', today);
  if (filters.period === 'running') query = query.where('c.starts_on', '<=', today).where('c.ends_on', '>=', today);
  if (filters.period === 'past') query = query.where('c.ends_on', '<', today);
  if (isUuid(filters.programId)) query = query.where('c.program_id', '=', filters.programId);
  if (isUuid(filters.instituteId)) query = query.where('c.training_institute_id', '=', filters.instituteId);
  if (filters.status) query = query.where('c.status', '=', filters.status);
  const total = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const countOf = (status: string) => sql<number>`(select count(*)::int from enrollments e where e.cohort_id = c.id and e.status = ${status})`;
  const order = {
    starts: sql`c.starts_on`,
    name: sql`c.name`,
    program: sql`p.code`,
    status: sql`c.status`,
    confirmed: countOf('confirmed'),
  }[params.sort];
  const rows = await query
    .select([
      'c.id', 'c.name', 'c.status', 'p.code as programCode', 'p.title as programTitle', 'ti.name as instituteName',
      'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.time_zone as timeZone', 'c.venue_name as venueName', 'c.capacity',
      countOf('confirmed').as('confirmed'), countOf('waitlisted').as('waitlisted'), countOf('pending').as('pending'),
    ])
    .orderBy(sql`${order} ${sql.raw(params.dir)}`)
    .orderBy('c.starts_on')
    .orderBy('c.name')
    .limit(params.pageSize)
    .offset(params.offset)
    .execute();
  return pageOf(rows as CohortListItem[], total.n, params);
}

export interface CalendarCohort {
  id: string;
  name: string;
  status: CohortStatus;
  programCode: string;
  startsOn: string;
  endsOn: string;
  venueName: string | null;
}

/** The actor's cohorts that run on some day of a month ('YYYY-MM'); cancelled ones left out. */
export async function cohortsInMonth(db: Kysely<Database>, actor: Actor | null, month: string): Promise<CalendarCohort[]> {
  const { first, last } = monthBounds(month);
  const rows = await (await scoped(db, actor))
    .select(['c.id', 'c.name', 'c.status', 'p.code as programCode', 'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.venue_name as venueName'])
    .where('c.starts_on', '<=', last)
    .where('c.ends_on', '>=', first)
    .where('c.status', '<>', 'cancelled')
    .orderBy('c.starts_on')
    .orderBy('c.name')
    .execute();
  return rows as CalendarCohort[];
}

/**
 * Choices for the list's filters: the programs, institutes and statuses of the cohorts the
 * actor sees. A filter is worth offering only when it has more than one value to choose
 * from (institute staff only ever see their own institute), so the page shows those.
 */
export async function cohortFilterChoices(db: Kysely<Database>, actor: Actor | null) {
  const query = await scoped(db, actor);
  const [programs, institutes, statuses] = await Promise.all([
    query.select(['p.id', 'p.code', 'p.title']).distinct().orderBy('p.code').execute(),
    query.select(['ti.id', 'ti.name']).distinct().where('ti.id', 'is not', null).orderBy('ti.name').execute(),
    query.select('c.status').distinct().execute(),
  ]);
  const seen = new Set(statuses.map((s) => s.status));
  return {
    programs: programs as { id: string; code: string; title: string }[],
    institutes: institutes as { id: string; name: string }[],
    statuses: COHORT_STATUSES.filter((s) => seen.has(s)),
  };
}

export const COHORT_STATUSES: CohortStatus[] = ['draft', 'open', 'closed', 'in_progress', 'completed', 'cancelled'];
