import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { ExpiringCertificate, UpcomingCohort } from './types';
import { addDays } from '~/lib/dates';
import type { DashboardScope } from './access.server';

/** The lists beside the period's figures: what is coming (cohorts) and what is running out (certificates). */

/** Published cohorts (open or closed for registration) that start after today, soonest first. */
export async function upcomingCohorts(db: Kysely<Database>, scope: DashboardScope, limit = 100): Promise<UpcomingCohort[]> {
  const { rows } = await sql<UpcomingCohort>`
    select c.id, c.name, p.code as "programCode", p.title as "programTitle",
      to_char(c.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') as "endsOn", c.status, c.capacity,
      n.confirmed, n.waitlisted, n.pending,
      round(100.0 * n.confirmed / nullif(c.capacity, 0), 1)::float8 as "fillRate"
    from cohorts c
    join programs p on p.id = c.program_id
    cross join lateral (
      select count(*) filter (where e.status = 'confirmed')::int as confirmed,
        count(*) filter (where e.status = 'waitlisted')::int as waitlisted,
        count(*) filter (where e.status = 'pending')::int as pending
      from enrollments e where e.cohort_id = c.id
    ) n
    where c.dinas_id = ${scope.dinasId}::uuid and c.status in ('open', 'closed') and c.starts_on > ${scope.today}::date
    order by c.starts_on, c.name
    limit ${limit}
  `.execute(db);
  return rows;
}

export const EXPIRY_WINDOW_DAYS = 90;

/**
 * Valid certificates of the Dinas's cohorts whose validity ends within the next 90 days
 * (today included), soonest first; `total` counts them all when the list is cut at `limit`.
 */
export async function expiringCertificates(db: Kysely<Database>, scope: DashboardScope, limit = 100): Promise<{ total: number; items: ExpiringCertificate[] }> {
  const until = addDays(scope.today, EXPIRY_WINDOW_DAYS);
  // The matching certificates are found first without their holders' names (one range of
  // the valid-until index), counted, and only the rows shown are joined to people and
  // cooperatives: the count over thousands does not drag their names along.
  const { rows } = await sql<ExpiringCertificate & { total: number }>`
    with m as (
      select x.id, x.number, x.kind, x.valid_until, x.person_id, x.cooperative_id, c.program_id, c.name as cohort
      from certificates x
      join enrollments e on e.id = x.enrollment_id
      join cohorts c on c.id = e.cohort_id
      where c.dinas_id = ${scope.dinasId}::uuid and x.status = 'valid'
        and x.valid_until >= ${scope.today}::date and x.valid_until <= ${until}::date
    )
    select m.id, m.number, m.kind, to_char(m.valid_until, 'YYYY-MM-DD') as "validUntil", pe.full_name as holder, k.name as cooperative,
      p.title as program, m.cohort, (select count(*) from m)::int as total
    from (select * from m order by valid_until, number limit ${limit}) m
    join programs p on p.id = m.program_id
    join people pe on pe.id = m.person_id
    left join cooperatives k on k.id = m.cooperative_id
    order by m.valid_until, m.number
  `.execute(db);
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...item }) => item) };
}
