import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CohortStatus, Database } from '~db/schema';
import type { Figures, GroupFigures, PeriodFigures } from './types';
import type { DashboardScope } from './access.server';
import { monthsOf, type DashboardPeriod } from './period';

export type { CohortFigures, Figures, GroupFigures, MonthFigures, PeriodFigures } from './types';

/**
 * What the training program achieved in a period, counted by the database in ONE aggregate
 * query (grouping sets): the totals, and the same figures per cohort, program, training
 * institute, certification body and month of start. No row is looped over in JavaScript.
 *
 * - a period's cohorts: the Dinas's cohorts that start in the period and have started by
 *   today, neither draft nor cancelled;
 * - participants: their confirmed registrations;
 * - attendance rate: training-session marks that count as attended (present, late, and
 *   excused where the program counts it) over confirmed participants × training sessions
 *   that have ended;
 * - competent rate: final results "competent" over final results competent or not yet
 *   competent (those absent from the exam are not examined);
 * - certificates: competency and training certificates of the period's cohorts, revoked
 *   ones included (they were issued), superseded ones not (their reissue counts instead).
 * Rates are percentages with one decimal, null when nothing is counted yet.
 */
type Dimension = 'total' | 'cohort' | 'program' | 'institute' | 'body' | 'month';

interface Row extends Figures {
  dimension: Dimension;
  key: string | null;
  month: string | null;
  name: string | null;
  programCode: string | null;
  programTitle: string | null;
  startsOn: string | null;
  endsOn: string | null;
  status: CohortStatus | null;
}

const EMPTY: Figures = {
  cohorts: 0, participants: 0, attended: 0, expected: 0, attendanceRate: null, examined: 0, competent: 0, competentRate: null,
  competencyCertificates: 0, trainingCertificates: 0,
};

/** The figures of a row that holds more (a cohort's, a Dinas's), and nothing else. */
export function figuresOf(row: Figures): Figures {
  return {
    cohorts: row.cohorts,
    participants: row.participants,
    attended: row.attended,
    expected: row.expected,
    attendanceRate: row.attendanceRate,
    examined: row.examined,
    competent: row.competent,
    competentRate: row.competentRate,
    competencyCertificates: row.competencyCertificates,
    trainingCertificates: row.trainingCertificates,
  };
}

/**
 * The counts behind every figure, per cohort, as common table expressions over a CTE named
 * `k` that holds the cohorts counted (`id`, `counts_excused`: whether the program counts
 * an excused absence as attended); the last one, `counts`, has one row per cohort of `k`:
 * `cohort_id, participants, expected, attended, examined, competent, competency, training`.
 * The dashboard (below) and the province view (`province.server.ts`) group them their way.
 *
 * The registrations of `k`'s cohorts are read once; each figure is one grouped pass over
 * them (set-based joins: the planner picks hash or index joins by the data's size, where a
 * lateral per cohort re-read each cohort's registrations five times).
 */
export function cohortCounts(now: string): RawBuilder<unknown> {
  return sql`
    e as (
      select e.id, e.cohort_id, e.status = 'confirmed' as confirmed
      from enrollments e join k on k.id = e.cohort_id
    ),
    pe as (select cohort_id, count(*)::int as n from e where confirmed group by cohort_id),
    se as (
      select s.cohort_id, count(*)::int as n
      from cohort_sessions s join k on k.id = s.cohort_id
      where s.kind = 'training' and s.ends_at <= ${now}::timestamptz
      group by s.cohort_id
    ),
    att as (
      select s.cohort_id, count(*)::int as n
      from k
      join cohort_sessions s on s.cohort_id = k.id
      join attendance a on a.session_id = s.id
      join e on e.id = a.enrollment_id and e.confirmed
      where s.kind = 'training' and s.ends_at <= ${now}::timestamptz
        and (a.status in ('present', 'late') or (a.status = 'excused' and k.counts_excused))
      group by s.cohort_id
    ),
    r as (
      select e.cohort_id,
        count(*) filter (where x.recommendation in ('competent', 'not_yet_competent'))::int as examined,
        count(*) filter (where x.recommendation = 'competent')::int as competent
      from e join assessments x on x.enrollment_id = e.id
      where e.confirmed and x.status = 'final'
      group by e.cohort_id
    ),
    x as (
      select e.cohort_id,
        count(*) filter (where x.kind = 'competency')::int as competency,
        count(*) filter (where x.kind = 'training')::int as training
      from e join certificates x on x.enrollment_id = e.id
      where x.status <> 'superseded'
      group by e.cohort_id
    ),
    counts as (
      select k.id as cohort_id,
        coalesce(pe.n, 0) as participants, coalesce(pe.n, 0) * coalesce(se.n, 0) as expected, coalesce(att.n, 0) as attended,
        coalesce(r.examined, 0) as examined, coalesce(r.competent, 0) as competent,
        coalesce(x.competency, 0) as competency, coalesce(x.training, 0) as training
      from k
      left join pe on pe.cohort_id = k.id
      left join se on se.cohort_id = k.id
      left join att on att.cohort_id = k.id
      left join r on r.cohort_id = k.id
      left join x on x.cohort_id = k.id
    )`;
}

export async function periodFigures(db: Kysely<Database>, scope: DashboardScope, period: DashboardPeriod): Promise<PeriodFigures> {
  const now = scope.now.toISOString();
  // PostgreSQL's JIT compiles this query's many small aggregates for longer than they run
  // (≈150 ms measured on 2,000 cohorts): off for this read, in its own transaction.
  const { rows } = await db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return sql<Row>`
    with k as (
      select c.id, c.program_id, c.training_institute_id, c.certification_body_id,
        to_char(c.starts_on, 'YYYY-MM') as month, p.attendance_counts_excused as counts_excused
      from cohorts c
      join programs p on p.id = c.program_id
      where c.dinas_id = ${scope.dinasId}::uuid
        and c.status not in ('draft', 'cancelled')
        and c.starts_on >= ${period.from}::date and c.starts_on <= ${period.to}::date
        and c.starts_on <= ${scope.today}::date
    ),
    ${cohortCounts(now)},
    per_cohort as (
      select k.id, k.program_id, k.training_institute_id, k.certification_body_id, k.month,
        n.participants, n.expected, n.attended, n.examined, n.competent, n.competency, n.training
      from k join counts n on n.cohort_id = k.id
    ),
    grouped as (
      select
        case
          when grouping(id) = 0 then 'cohort'
          when grouping(program_id) = 0 then 'program'
          when grouping(training_institute_id) = 0 then 'institute'
          when grouping(certification_body_id) = 0 then 'body'
          when grouping(month) = 0 then 'month'
          else 'total'
        end as dimension,
        coalesce(id, program_id, training_institute_id, certification_body_id) as key,
        month,
        count(*)::int as cohorts,
        coalesce(sum(participants), 0)::int as participants,
        coalesce(sum(attended), 0)::int as attended,
        coalesce(sum(expected), 0)::int as expected,
        coalesce(sum(examined), 0)::int as examined,
        coalesce(sum(competent), 0)::int as competent,
        coalesce(sum(competency), 0)::int as competency,
        coalesce(sum(training), 0)::int as training
      from per_cohort
      group by grouping sets ((), (id), (program_id), (training_institute_id), (certification_body_id), (month))
    )
    select g.dimension, g.key, g.month,
      case g.dimension when 'cohort' then c.name when 'program' then pr.title when 'institute' then ti.name when 'body' then cb.name end as name,
      pr.code as "programCode", pr.title as "programTitle",
      to_char(c.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') as "endsOn", c.status,
      g.cohorts, g.participants, g.attended, g.expected,
      round(100.0 * g.attended / nullif(g.expected, 0), 1)::float8 as "attendanceRate",
      g.examined, g.competent,
      round(100.0 * g.competent / nullif(g.examined, 0), 1)::float8 as "competentRate",
      g.competency as "competencyCertificates", g.training as "trainingCertificates"
    from grouped g
    left join cohorts c on g.dimension = 'cohort' and c.id = g.key
    left join programs pr on pr.id = case g.dimension when 'program' then g.key when 'cohort' then c.program_id end
    left join institutions ti on g.dimension = 'institute' and ti.id = g.key
    left join institutions cb on g.dimension = 'body' and cb.id = g.key
    order by g.dimension, c.starts_on, c.name, g.month, name nulls last
  `.execute(trx);
  });

  const of = (dimension: Dimension) => rows.filter((r) => r.dimension === dimension);
  const group = (r: Row): GroupFigures => ({ id: r.key, name: r.name, ...figuresOf(r) });
  const byMonth = new Map(of('month').map((r) => [r.month!, r]));
  const total = of('total')[0];
  return {
    totals: total ? figuresOf(total) : EMPTY,
    cohorts: of('cohort').map((r) => ({
      id: r.key!,
      name: r.name!,
      programCode: r.programCode!,
      programTitle: r.programTitle!,
      startsOn: r.startsOn!,
      endsOn: r.endsOn!,
      status: r.status!,
      ...figuresOf(r),
    })),
    programs: of('program').map(group),
    institutes: of('institute').map(group),
    bodies: of('body').map(group),
    // Every month of the period gets a bar, those without a cohort too.
    months: monthsOf(period).map((month) => {
      const r = byMonth.get(month);
      return { month, participants: r?.participants ?? 0, examined: r?.examined ?? 0, competent: r?.competent ?? 0, competentRate: r?.competentRate ?? null };
    }),
  };
}
