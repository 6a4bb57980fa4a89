import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CohortStatus, Database, EnrollmentSource, EnrollmentStatus, TimeZone } from '~db/schema';
import { todayIn } from '~/lib/dates';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { compiledOnce } from '~/lib/compiled-query.server';
import { can, cooperativesAdministeredBy, requirePermission, type Actor } from '~/lib/permissions';
import { maskNik } from '~/domain/accounts/nik';
import type { CohortRow } from '~/domain/cohorts/access.server';
import { isCurrentPosition } from '~/domain/cooperatives/positions';
import { attendanceOnPage, standingOnPage } from '~/domain/attendance/eligibility.server';
import type { Eligibility } from '~/domain/attendance/eligibility';
import { checkEligibility, type EligibilityReason } from './eligibility';
import { registrationProblem } from './registration-window';
import { positionsOf } from './roster.server';

/** What participants, cooperative admins and coordinators read about registrations. */

async function cohortFacts(db: Kysely<Database>, cohortId: string) {
  if (!isUuid(cohortId)) return undefined;
  return db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      'c.id', 'c.dinas_id as dinasId', 'c.status', 'c.time_zone as timeZone', 'c.requires_approval as requiresApproval',
      'c.registration_opens_at as registrationOpensAt', 'c.registration_closes_at as registrationClosesAt',
      'c.training_institute_id as trainingInstituteId', 'c.certification_body_id as certificationBodyId',
      'p.target_positions as targetPositions',
      sql<Date | null>`(select min(s.starts_at) from cohort_sessions s where s.cohort_id = c.id)`.as('firstSessionStartsAt'),
    ])
    .where('c.id', '=', cohortId)
    .executeTakeFirst();
}

export interface MyRegistration {
  /** The person's registration in this cohort, if any. */
  enrollment: { id: string; status: EnrollmentStatus; waitlistPosition: number | null } | null;
  /** Registering is possible now (window open, not yet registered, on a roster of the Dinas). */
  canRegister: boolean;
  /** A registration would wait for the coordinator (position not targeted, or approval required). */
  needsApproval: boolean;
  eligibility: EligibilityReason;
  /** Why registering is not possible now (an i18n key), when it isn't. */
  problem: string | null;
  canWithdraw: boolean;
}

/** A participant's standing in a cohort, for the register button on the cohort page. */
export async function myRegistration(db: Kysely<Database>, actor: Actor | null, cohortId: string, now = new Date()): Promise<MyRegistration | null> {
  if (!actor?.personId || !can(actor, 'enrollment:self', { personId: actor.personId })) return null;
  const cohort = await cohortFacts(db, cohortId);
  if (!cohort || cohort.status === 'draft') return null;
  const personId = actor.personId;
  const [existing, positions] = await Promise.all([
    db.selectFrom('enrollments').select(['id', 'status', 'arrival_seq']).where('cohort_id', '=', cohortId).where('person_id', '=', personId).executeTakeFirst(),
    positionsOf(db, [personId]),
  ]);
  const eligibility = checkEligibility({
    targetPositions: cohort.targetPositions,
    dinasId: cohort.dinasId,
    positions: positions.get(personId) ?? [],
    today: todayIn(cohort.timeZone, now),
  });
  const active = existing && ['pending', 'confirmed', 'waitlisted'].includes(existing.status);
  let waitlistPosition: number | null = null;
  if (existing?.status === 'waitlisted') {
    const ahead = await db
      .selectFrom('enrollments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('cohort_id', '=', cohortId)
      .where('status', '=', 'waitlisted')
      .where('arrival_seq', '<', existing.arrival_seq)
      .executeTakeFirstOrThrow();
    waitlistPosition = ahead.n + 1;
  }
  const windowProblem = registrationProblem(cohort, now);
  const problem = active
    ? null
    : eligibility.reason === 'noPosition'
      ? 'cohorts:registration.noPosition'
      : windowProblem;
  return {
    enrollment: existing ? { id: existing.id, status: existing.status, waitlistPosition } : null,
    canRegister: !active && problem === null,
    needsApproval: cohort.requiresApproval || !eligibility.eligible,
    eligibility: eligibility.reason,
    problem,
    canWithdraw: !!active && ['open', 'closed'].includes(cohort.status),
  };
}

export interface MyCohort {
  enrollmentId: string;
  enrollmentStatus: EnrollmentStatus;
  cohortId: string;
  cohortName: string;
  cohortStatus: CohortStatus;
  programTitle: string;
  startsOn: string;
  endsOn: string;
  timeZone: TimeZone;
  venueName: string | null;
  nextSessionStartsAt: Date | null;
  nextSessionTitle: string | null;
  /** The place in the cohort's waitlist (1 = next to move up), while waiting. */
  waitlistPosition: number | null;
}

/** "Pelatihan saya": the participant's registrations, current ones first. */
export async function myCohorts(db: Kysely<Database>, actor: Actor | null, now = new Date()): Promise<MyCohort[]> {
  requirePermission(actor, 'enrollment:self', { personId: actor?.personId ?? null });
  const rows = await db
    .selectFrom('enrollments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      'e.id as enrollmentId', 'e.status as enrollmentStatus', 'c.id as cohortId', 'c.name as cohortName', 'c.status as cohortStatus',
      'p.title as programTitle', 'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.time_zone as timeZone', 'c.venue_name as venueName',
      sql<Date | null>`(select min(s.starts_at) from cohort_sessions s where s.cohort_id = c.id and s.ends_at > ${now})`.as('nextSessionStartsAt'),
      sql<string | null>`(select s.title from cohort_sessions s where s.cohort_id = c.id and s.ends_at > ${now} order by s.starts_at limit 1)`.as('nextSessionTitle'),
      sql<number | null>`case when e.status = 'waitlisted' then (select count(*)::int from enrollments w where w.cohort_id = e.cohort_id and w.status = 'waitlisted' and w.arrival_seq <= e.arrival_seq) end`.as(
        'waitlistPosition',
      ),
    ])
    .where('e.person_id', '=', actor!.personId!)
    .where('c.status', '<>', 'draft')
    .orderBy('c.starts_on', 'desc')
    .execute();
  // Current first: still registered and not yet over in the cohort's own zone (a stable sort keeps the dates' order).
  const current = (r: (typeof rows)[number]) =>
    ['pending', 'confirmed', 'waitlisted'].includes(r.enrollmentStatus) && r.endsOn >= todayIn(r.timeZone, now);
  return rows.sort((a, b) => Number(current(b)) - Number(current(a)));
}

export interface OpenCohort {
  id: string;
  name: string;
  programTitle: string;
  startsOn: string;
  endsOn: string;
  timeZone: TimeZone;
  venueName: string | null;
  seatsLeft: number;
  needsApproval: boolean;
}

/** Open cohorts the participant can register for now and is eligible for (target position on their roster). */
export async function openCohortsForMe(db: Kysely<Database>, actor: Actor | null, now = new Date()): Promise<OpenCohort[]> {
  requirePermission(actor, 'enrollment:self', { personId: actor?.personId ?? null });
  const personId = actor!.personId!;
  const positions = (await positionsOf(db, [personId])).get(personId) ?? [];
  const dinasIds = [...new Set(positions.map((p) => p.dinasId))];
  if (dinasIds.length === 0) return [];
  const rows = await db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      'c.id', 'c.name', 'p.title as programTitle', 'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.time_zone as timeZone',
      'c.venue_name as venueName', 'c.capacity', 'c.dinas_id as dinasId', 'c.status', 'c.requires_approval as requiresApproval',
      'c.registration_opens_at as registrationOpensAt', 'c.registration_closes_at as registrationClosesAt', 'p.target_positions as targetPositions',
      sql<Date | null>`(select min(s.starts_at) from cohort_sessions s where s.cohort_id = c.id)`.as('firstSessionStartsAt'),
      sql<number>`(select count(*)::int from enrollments e where e.cohort_id = c.id and e.status = 'confirmed')`.as('confirmed'),
    ])
    .where('c.status', '=', 'open')
    .where('c.dinas_id', 'in', dinasIds)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('enrollments as e')
            .select('e.id')
            .whereRef('e.cohort_id', '=', 'c.id')
            .where('e.person_id', '=', personId)
            .where('e.status', 'in', ['pending', 'confirmed', 'waitlisted']),
        ),
      ),
    )
    .orderBy('c.starts_on')
    .execute();
  return rows
    .filter((c) => registrationProblem(c, now) === null)
    .filter((c) => checkEligibility({ targetPositions: c.targetPositions, dinasId: c.dinasId, positions, today: todayIn(c.timeZone, now) }).eligible)
    .map((c) => ({
      id: c.id,
      name: c.name,
      programTitle: c.programTitle,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      timeZone: c.timeZone,
      venueName: c.venueName,
      seatsLeft: Math.max(0, c.capacity - c.confirmed),
      needsApproval: c.requiresApproval,
    }));
}

export const PARTICIPANT_SORTS = ['arrival', 'name', 'cooperative', 'status'] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];

export interface ParticipantRow {
  enrollmentId: string;
  personId: string;
  name: string;
  nik: string;
  cooperativeName: string | null;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  registeredAt: Date;
  /** The place in this cohort's line: 1 for its first registration (whatever the status since). */
  place: number;
  reason: string | null;
  /** The person has an e-mail address (their account's or the roster's): the mails reach them. */
  hasEmail: boolean;
  /** Their phone number on the roster, for a WhatsApp message when there is no e-mail. */
  phone: string | null;
}

/**
 * The participants page's one statement: the counts per status, the page's rows with their
 * attendance marks, and the attendance rule with the cohort's sessions (each statement is a
 * round trip to PostgreSQL). Its shape depends only on the order and on whether a status is
 * chosen, so each of those few variants is built and compiled once (and PostgreSQL plans it
 * once per connection; see `compiledOnce`).
 */
function participantsStatement(sort: ParticipantSort, dir: 'asc' | 'desc', byStatus: boolean) {
  const key = `${sort}|${dir}|${byStatus}`;
  let statement = participantsStatements.get(key);
  if (!statement) {
    statement = participantsStatementOf(sort, dir, byStatus);
    participantsStatements.set(key, statement);
  }
  return statement;
}
const participantsStatements = new Map<string, ReturnType<typeof participantsStatementOf>>();

function participantsStatementOf(sort: ParticipantSort, dir: 'asc' | 'desc', byStatus: boolean) {
  const order = sort === 'name' ? sql`p.full_name` : sort === 'cooperative' ? sql`k.name` : sort === 'status' ? sql`e.status` : sql`e.arrival_seq`;
  return compiledOnce(
    (db: Kysely<Database>, cohortId: string, programId: string, status: EnrollmentStatus | null, limit: number, offset: number) => {
      // The place in the line is counted over all of this cohort's registrations, before any filter.
      const inCohort = db
        .selectFrom('enrollments')
        .selectAll()
        .select(sql<number>`(row_number() over (order by arrival_seq))::int`.as('place'))
        .where('cohort_id', '=', cohortId)
        .as('e');
      let rows = db
        .selectFrom(inCohort)
        .innerJoin('people as p', 'p.id', 'e.person_id')
        .leftJoin('cooperatives as k', 'k.id', 'e.cooperative_id');
      if (byStatus) rows = rows.where('e.status', '=', status!);
      return db.selectNoFrom([
        jsonArrayFrom(
          db.selectFrom('enrollments').select(['status', sql<number>`count(*)::int`.as('n')]).where('cohort_id', '=', cohortId).groupBy('status'),
        ).as('counts'),
        jsonArrayFrom(
          rows
            .select([
              'e.id as enrollmentId', 'p.id as personId', 'p.full_name as name', 'p.nik', 'k.name as cooperativeName', 'e.status', 'e.source',
              'e.registered_at as registeredAt', 'e.place', 'e.reason', 'p.phone',
              sql<boolean>`(p.email is not null or exists (select 1 from users u where u.person_id = p.id and u.is_active))`.as('hasEmail'),
              attendanceOnPage.marks(db, sql.ref('e.id')),
            ])
            .orderBy(sql`${order} ${sql.raw(dir)} nulls last`)
            .orderBy('e.arrival_seq')
            .limit(limit)
            .offset(offset),
        ).as('rows'),
        ...attendanceOnPage.ruleAndSessions(db, { id: cohortId, programId }),
      ]);
    },
  );
}

/**
 * A cohort's registrations for the people who run it, with the standing of the page's
 * confirmed ones against the attendance rule. The NIK is shown in full to the Dinas
 * coordinator and masked to the institute and the certification body. No permission check
 * of the cohort: for the operation that has resolved it with `requireCohort`.
 */
export async function participantsOf(
  db: Kysely<Database>,
  actor: Actor | null,
  cohort: Pick<CohortRow, 'id' | 'dinasId' | 'programId'>,
  options: ListParams<ParticipantSort> & { status?: EnrollmentStatus | null },
  now = new Date(),
): Promise<{ page: Page<ParticipantRow>; counts: Record<EnrollmentStatus, number>; fullNik: boolean; eligibility: Map<string, Eligibility> }> {
  const fullNik = can(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
  const status = options.status ?? null;
  const [found] = await participantsStatement(options.sort, options.dir, status !== null)(
    db,
    cohort.id,
    cohort.programId,
    status,
    options.pageSize,
    options.offset,
  );
  const counts: Record<EnrollmentStatus, number> = { pending: 0, confirmed: 0, waitlisted: 0, cancelled: 0, rejected: 0 };
  for (const row of found!.counts) counts[row.status] = row.n;
  // The list's only filter is the status, and every registration has its person: the
  // counts give the list's total without counting it again.
  const total = status ? counts[status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    // JSON carries the times as text.
    page: pageOf(
      found!.rows.map(({ attendanceMarks: _marks, ...r }) => ({ ...r, registeredAt: new Date(r.registeredAt), nik: fullNik ? r.nik : maskNik(r.nik) })),
      total,
      options,
    ),
    counts,
    fullNik,
    eligibility: standingOnPage(found!, found!.rows, now),
  };
}

/** Registrations of a cohort by id, with the person's name, among those in the given statuses. */
export async function enrollmentsNamed(
  db: Kysely<Database>,
  cohortId: string,
  enrollmentIds: readonly string[],
  statuses: readonly EnrollmentStatus[],
): Promise<{ enrollmentId: string; name: string; status: EnrollmentStatus; hasEmail: boolean }[]> {
  const ids = enrollmentIds.filter(isUuid);
  if (ids.length === 0 || !isUuid(cohortId)) return [];
  return db
    .selectFrom('enrollments as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .select([
      'e.id as enrollmentId', 'p.full_name as name', 'e.status',
      sql<boolean>`(p.email is not null or exists (select 1 from users u where u.person_id = p.id and u.is_active))`.as('hasEmail'),
    ])
    .where('e.cohort_id', '=', cohortId)
    .where('e.id', 'in', ids)
    .where('e.status', 'in', [...statuses])
    .orderBy('e.arrival_seq')
    .execute();
}

export interface EnrollmentNotice {
  enrollmentId: string;
  name: string;
  phone: string | null;
  hasEmail: boolean;
  status: EnrollmentStatus;
  reason: string | null;
  /** The place in the waitlist, when waiting. */
  waitlistPosition: number | null;
  programTitle: string;
  dinasName: string;
}

/** What a coordinator needs to tell one person by letter or WhatsApp about their registration. */
export async function enrollmentNotice(db: Kysely<Database>, cohortId: string, enrollmentId: string): Promise<EnrollmentNotice | undefined> {
  if (!isUuid(enrollmentId) || !isUuid(cohortId)) return undefined;
  return db
    .selectFrom('enrollments as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programs as pr', 'pr.id', 'c.program_id')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .select([
      'e.id as enrollmentId', 'p.full_name as name', 'p.phone', 'e.status', 'e.reason', 'pr.title as programTitle', 'd.name as dinasName',
      sql<boolean>`(p.email is not null or exists (select 1 from users u where u.person_id = p.id and u.is_active))`.as('hasEmail'),
      sql<number | null>`case when e.status = 'waitlisted' then (select count(*)::int from enrollments w where w.cohort_id = e.cohort_id and w.status = 'waitlisted' and w.arrival_seq <= e.arrival_seq) end`.as(
        'waitlistPosition',
      ),
    ])
    .where('e.id', '=', enrollmentId)
    .where('e.cohort_id', '=', cohortId)
    .executeTakeFirst();
}

export interface Candidate {
  personId: string;
  name: string;
  nik: string;
  cooperativeName: string;
  position: string;
  eligible: boolean;
  enrollmentStatus: EnrollmentStatus | null;
}

/** Staff of the cooperative admin's cooperatives, for nominating them to a cohort. */
export async function nominationCandidates(db: Kysely<Database>, actor: Actor | null, cohortId: string, now = new Date()): Promise<Candidate[]> {
  const { cohort, cooperativeIds } = await requireNominatableCohort(db, actor, cohortId);
  return candidatesWhere(db, cohort, now, (q) => q.where('sp.cooperative_id', 'in', cooperativeIds), false);
}

/**
 * The cohort a cooperative admin may nominate staff for: published, and organized by the
 * Dinas that supervises one of the admin's cooperatives (its staff are the only people they
 * may name). Any other cohort answers "not found", before the form is read.
 */
export async function requireNominatableCohort(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const administered = cooperativesAdministeredBy(actor);
  requirePermission(actor, 'enrollment:nominate', { cooperativeId: administered[0] ?? null });
  const cohort = await cohortFacts(db, cohortId);
  if (!cohort || cohort.status === 'draft') throw new NotFoundError('common:error.notFoundBody');
  const supervised = await db
    .selectFrom('cooperatives')
    .select('id')
    .where('id', 'in', administered)
    .where('dinas_id', '=', cohort.dinasId)
    .execute();
  if (supervised.length === 0) throw new NotFoundError('common:error.notFoundBody');
  return { cohort, cooperativeIds: supervised.map((c) => c.id) };
}

/** How many people a coordinator's search shows at once; beyond it the page says how many more match. */
export const SEARCH_LIMIT = 30;

/**
 * People currently on the rosters of the Dinas's cooperatives matching a name, NIK,
 * cooperative or position, for the coordinator to add: the first SEARCH_LIMIT by name, and
 * how many more match (the page asks to refine the search).
 */
export async function searchPeopleForCohort(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  q: string,
  now = new Date(),
): Promise<{ people: Candidate[]; more: number }> {
  const cohort = await cohortFacts(db, cohortId);
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
  const term = q.trim();
  if (term.length < 2) return { people: [], more: 0 };
  const like = `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const today = todayIn(cohort.timeZone, now);
  const matching = (query: CandidateQuery) =>
    query
      .where('k.dinas_id', '=', cohort.dinasId)
      .where((eb) => eb.or([eb('sp.starts_on', 'is', null), eb('sp.starts_on', '<=', today)]))
      .where((eb) => eb.or([eb('sp.ends_on', 'is', null), eb('sp.ends_on', '>=', today)]))
      .where((eb) => eb.or([eb('p.full_name', 'ilike', like), eb('p.nik', 'like', like), eb('k.name', 'ilike', like), eb('sp.position', 'ilike', like)]));
  // The first SEARCH_LIMIT people by name (all their current positions), then the count of all who match.
  const first = await matching(candidateBase(db))
    .select('p.id')
    .groupBy(['p.id', 'p.full_name'])
    .orderBy('p.full_name')
    .orderBy('p.id')
    .limit(SEARCH_LIMIT)
    .execute();
  const firstIds = first.map((r) => r.id);
  if (firstIds.length === 0) return { people: [], more: 0 };
  const [people, total] = await Promise.all([
    candidatesWhere(db, cohort, now, (query) => matching(query).where('p.id', 'in', firstIds), true),
    matching(candidateBase(db)).select(sql<number>`count(distinct p.id)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { people, more: Math.max(0, total.n - people.length) };
}

type CandidateQuery = ReturnType<typeof candidateBase>;
function candidateBase(db: Kysely<Database>) {
  return db
    .selectFrom('staff_positions as sp')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .innerJoin('cooperatives as k', 'k.id', 'sp.cooperative_id');
}

async function candidatesWhere(
  db: Kysely<Database>,
  cohort: NonNullable<Awaited<ReturnType<typeof cohortFacts>>>,
  now: Date,
  filter: (q: CandidateQuery) => CandidateQuery,
  fullNik: boolean,
  limit = 500,
): Promise<Candidate[]> {
  const today = todayIn(cohort.timeZone, now);
  const rows = await filter(candidateBase(db))
    .select(['p.id as personId', 'p.full_name as name', 'p.nik', 'k.name as cooperativeName', 'k.dinas_id as dinasId', 'sp.cooperative_id as cooperativeId', 'sp.position', 'sp.starts_on as startsOn', 'sp.ends_on as endsOn'])
    .orderBy('p.full_name')
    .limit(limit)
    .execute();
  const current = rows.filter((r) => isCurrentPosition(r, today));
  const personIds = [...new Set(current.map((r) => r.personId))];
  const enrolled = personIds.length
    ? await db.selectFrom('enrollments').select(['person_id', 'status']).where('cohort_id', '=', cohort.id).where('person_id', 'in', personIds).execute()
    : [];
  const statusOf = new Map(enrolled.map((e) => [e.person_id, e.status]));
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const row of current) {
    if (seen.has(row.personId)) continue;
    seen.add(row.personId);
    const mine = current.filter((r) => r.personId === row.personId);
    const eligibility = checkEligibility({ targetPositions: cohort.targetPositions, dinasId: cohort.dinasId, positions: mine, today });
    out.push({
      personId: row.personId,
      name: row.name,
      nik: fullNik ? row.nik : maskNik(row.nik),
      cooperativeName: row.cooperativeName,
      position: mine.map((m) => m.position).join(', '),
      eligible: eligibility.eligible,
      enrollmentStatus: statusOf.get(row.personId) ?? null,
    });
  }
  return out;
}
