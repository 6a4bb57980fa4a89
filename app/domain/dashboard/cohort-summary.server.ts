import { sql, type Kysely } from 'kysely';
import type { AssessmentOutcome, CohortStatus, Database, TimeZone } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';

/**
 * What the one-page summary of a cohort prints for the Dinas's report to the Wali Kota /
 * Bupati: the cohort's facts and its figures, counted in SQL as the dashboard counts them,
 * and its confirmed participants with their attendance, result and certificates. For the
 * cohort's Dinas (`dashboard:view`); anyone else gets "not found".
 */
export interface CohortSummaryParticipant {
  name: string;
  cooperative: string | null;
  attended: number;
  outcome: AssessmentOutcome | null;
  certificates: string | null;
}

export interface CohortSummaryData {
  dinas: { name: string; letterhead: string | null; logo: Buffer | null; timeZone: TimeZone };
  cohort: {
    id: string;
    name: string;
    status: CohortStatus;
    startsOn: string;
    endsOn: string;
    timeZone: TimeZone;
    venueName: string | null;
    venueAddress: string | null;
    programCode: string;
    programTitle: string;
    institute: string | null;
    body: string | null;
  };
  figures: {
    participants: number;
    trainingSessions: number;
    attended: number;
    expected: number;
    attendanceRate: number | null;
    competent: number;
    notYetCompetent: number;
    absent: number;
    competentRate: number | null;
    competencyCertificates: number;
    trainingCertificates: number;
  };
  participants: CohortSummaryParticipant[];
}

export async function cohortSummaryData(db: Kysely<Database>, actor: Actor | null, cohortId: string, now = new Date()): Promise<CohortSummaryData> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .leftJoin('institutions as ti', 'ti.id', 'c.training_institute_id')
    .leftJoin('institutions as cb', 'cb.id', 'c.certification_body_id')
    .select([
      'c.id', 'c.name', 'c.status', 'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.time_zone as timeZone', 'c.venue_name as venueName',
      'c.venue_address as venueAddress', 'c.dinas_id as dinasId', 'p.code as programCode', 'p.title as programTitle',
      'p.attendance_counts_excused as countsExcused', 'ti.name as institute', 'cb.name as body', 'd.name as dinasName',
      'd.letterhead as dinasLetterhead', 'd.logo as dinasLogo', 'd.time_zone as dinasTimeZone',
    ])
    .where('c.id', '=', cohortId)
    .executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'dashboard:view', { dinasId: cohort.dinasId });

  const ended = now.toISOString();
  const attendedMark = sql`(a.status in ('present', 'late') or (a.status = 'excused' and ${cohort.countsExcused}))`;
  const [figures, participants] = await Promise.all([
    sql<CohortSummaryData['figures']>`
      with n as (
        select
          (select count(*)::int from enrollments e where e.cohort_id = ${cohortId}::uuid and e.status = 'confirmed') as participants,
          (select count(*)::int from cohort_sessions s where s.cohort_id = ${cohortId}::uuid and s.kind = 'training') as training_sessions,
          (select count(*)::int from cohort_sessions s where s.cohort_id = ${cohortId}::uuid and s.kind = 'training' and s.ends_at <= ${ended}::timestamptz) as ended_sessions,
          (select count(*)::int from enrollments e join attendance a on a.enrollment_id = e.id join cohort_sessions s on s.id = a.session_id
            where e.cohort_id = ${cohortId}::uuid and e.status = 'confirmed' and s.kind = 'training' and s.ends_at <= ${ended}::timestamptz and ${attendedMark}) as attended
      ), r as (
        select count(*) filter (where x.recommendation = 'competent')::int as competent,
          count(*) filter (where x.recommendation = 'not_yet_competent')::int as not_yet,
          count(*) filter (where x.recommendation = 'did_not_attend')::int as absent
        from enrollments e join assessments x on x.enrollment_id = e.id
        where e.cohort_id = ${cohortId}::uuid and e.status = 'confirmed' and x.status = 'final'
      ), k as (
        select count(*) filter (where x.kind = 'competency')::int as competency, count(*) filter (where x.kind = 'training')::int as training
        from enrollments e join certificates x on x.enrollment_id = e.id
        where e.cohort_id = ${cohortId}::uuid and x.status <> 'superseded'
      )
      select n.participants, n.training_sessions as "trainingSessions", n.attended, n.participants * n.ended_sessions as expected,
        round(100.0 * n.attended / nullif(n.participants * n.ended_sessions, 0), 1)::float8 as "attendanceRate",
        r.competent, r.not_yet as "notYetCompetent", r.absent,
        round(100.0 * r.competent / nullif(r.competent + r.not_yet, 0), 1)::float8 as "competentRate",
        k.competency as "competencyCertificates", k.training as "trainingCertificates"
      from n, r, k
    `.execute(db),
    sql<CohortSummaryParticipant>`
      select p.full_name as name, k.name as cooperative,
        (select count(*)::int from attendance a join cohort_sessions s on s.id = a.session_id
          where a.enrollment_id = e.id and s.kind = 'training' and ${attendedMark}) as attended,
        case when x.status = 'final' then x.recommendation end as outcome,
        (select string_agg(c.number, ', ' order by c.kind, c.number) from certificates c where c.enrollment_id = e.id and c.status <> 'superseded') as certificates
      from enrollments e
      join people p on p.id = e.person_id
      left join cooperatives k on k.id = e.cooperative_id
      left join assessments x on x.enrollment_id = e.id
      where e.cohort_id = ${cohortId}::uuid and e.status = 'confirmed'
      order by p.full_name, k.name
    `.execute(db),
  ]);
  return {
    dinas: { name: cohort.dinasName, letterhead: cohort.dinasLetterhead, logo: cohort.dinasLogo, timeZone: cohort.dinasTimeZone },
    cohort: {
      id: cohort.id,
      name: cohort.name,
      status: cohort.status,
      startsOn: cohort.startsOn,
      endsOn: cohort.endsOn,
      timeZone: cohort.timeZone,
      venueName: cohort.venueName,
      venueAddress: cohort.venueAddress,
      programCode: cohort.programCode,
      programTitle: cohort.programTitle,
      institute: cohort.institute,
      body: cohort.body,
    },
    figures: figures.rows[0]!,
    participants: participants.rows,
  };
}
