import { sql, type Kysely } from 'kysely';
import type { CohortStatus, Database, SessionKind, TimeZone } from '~db/schema';
import { isUuid } from '~/lib/ids';

/** Statuses a visitor may see; drafts and cancelled cohorts stay inside the portal. */
const PUBLIC_STATUSES: CohortStatus[] = ['open', 'closed', 'in_progress', 'completed'];

export interface CohortSummary {
  id: string;
  name: string;
  status: CohortStatus;
  programTitle: string;
  startsOn: string;
  endsOn: string;
  timeZone: TimeZone;
  venueName: string | null;
  capacity: number;
  confirmedCount: number;
  registrationClosesAt: Date | null;
}

function confirmedCount() {
  return sql<number>`(select count(*)::int from enrollments e where e.cohort_id = c.id and e.status = 'confirmed')`;
}

/** Cohorts that have not ended yet, soonest first: the home page's list. */
export async function listUpcomingCohorts(
  db: Kysely<Database>,
  options: { today: string; limit?: number },
): Promise<CohortSummary[]> {
  const rows = await db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      'c.id', 'c.name', 'c.status', 'p.title as programTitle', 'c.starts_on as startsOn', 'c.ends_on as endsOn',
      'c.time_zone as timeZone', 'c.venue_name as venueName', 'c.capacity',
      'c.registration_closes_at as registrationClosesAt', confirmedCount().as('confirmedCount'),
    ])
    .where('c.status', 'in', PUBLIC_STATUSES)
    .where('c.ends_on', '>=', options.today)
    .orderBy('c.starts_on')
    .orderBy('c.name')
    .limit(options.limit ?? 20)
    .execute();
  return rows;
}

export interface PublicCohort extends CohortSummary {
  programCode: string;
  schemeName: string | null;
  competencyStandard: string | null;
  venueAddress: string | null;
  registrationOpensAt: Date | null;
  instituteName: string | null;
  certificationBodyName: string | null;
  dinasName: string;
  units: { code: string; title: string }[];
  sessions: { id: string; kind: SessionKind; title: string; startsAt: Date; endsAt: Date }[];
}

/** What anyone may know about a published cohort; null for drafts and unknown ids. */
export async function getPublicCohort(
  db: Kysely<Database>,
  cohortId: string,
  /** Also a draft: only for a caller that has checked the actor may manage it (its coordinator's preview). */
  options: { includeDraft?: boolean } = {},
): Promise<PublicCohort | null> {
  if (!isUuid(cohortId)) return null;
  const cohort = await db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .leftJoin('institutions as ti', 'ti.id', 'c.training_institute_id')
    .leftJoin('institutions as cb', 'cb.id', 'c.certification_body_id')
    .select([
      'c.id', 'c.name', 'c.status', 'p.id as programId', 'p.title as programTitle', 'p.code as programCode',
      'p.scheme_name as schemeName', 'p.competency_standard as competencyStandard',
      'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.time_zone as timeZone', 'c.venue_name as venueName',
      'c.venue_address as venueAddress', 'c.capacity', 'c.registration_opens_at as registrationOpensAt',
      'c.registration_closes_at as registrationClosesAt', 'ti.name as instituteName',
      'cb.name as certificationBodyName', 'd.name as dinasName', confirmedCount().as('confirmedCount'),
    ])
    .where('c.id', '=', cohortId)
    .where('c.status', 'in', options.includeDraft ? [...PUBLIC_STATUSES, 'draft'] : PUBLIC_STATUSES)
    .executeTakeFirst();
  if (!cohort) return null;
  const [units, sessions] = await Promise.all([
    db
      .selectFrom('competency_units')
      .select(['code', 'title'])
      .where('program_id', '=', cohort.programId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('cohort_sessions')
      .select(['id', 'kind', 'title', 'starts_at as startsAt', 'ends_at as endsAt'])
      .where('cohort_id', '=', cohort.id)
      .orderBy('starts_at')
      .execute(),
  ]);
  const { programId: _programId, ...rest } = cohort;
  return { ...rest, units, sessions };
}
