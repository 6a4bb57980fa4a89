/**
 * Dashboard benchmark against PostgreSQL (not part of `npm test`: it builds big volumes).
 *
 *   npm run bench:dashboard        (builds the app first, then runs this file with tsx)
 *
 * Creates a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads the demo data, then
 * generates by SQL: 50,000 cooperatives, 250,000 people on their rosters, 2,222 past
 * cohorts over four years (25 participants each, three training days and an exam, with
 * attendance, final results and about 100,000 certificates) and 50 upcoming cohorts.
 * It times the dashboard for this year, last year and the whole four years — the domain
 * call, and the page rendered by the built app (loader + React) — goal under 300 ms each
 * (median of 7). Prints the figures; exits 1 when one is over. Drops the database at the end.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import type { Actor } from '~/lib/permissions';
import { loadDashboard } from '~/domain/dashboard/dashboard.server';
import { loadProvinceView, PROVINCE_SORT_KEYS } from '~/domain/dashboard/province.server';
import { parseListParams } from '~/lib/list-params';
import { openPostgres } from '~/lib/db.server';
import { addDays, dateInZone } from '~/lib/dates';
import { loadApp } from '../support/app';
import { repoRoot } from '../support/server-process';
import { dropWhenIdle } from './bench-database';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COOPERATIVES = 50_000;
const PEOPLE = 250_000;
const PAST_COHORTS = 2_222;
const UPCOMING_COHORTS = 50;
const PER_COHORT = 25;
const YEARS_BACK = 4;
const LIMIT_MS = 300;
const RUNS = 7;

const results: { what: string; ms: number; limit: number }[] = [];
function record(what: string, ms: number, limit: number) {
  results.push({ what, ms, limit });
  console.log(`${ms <= limit ? 'ok  ' : 'SLOW'} ${ms.toFixed(1).padStart(9)} ms  (limit ${limit} ms)  ${what}`);
}

async function time<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  const name = `kompeten_bench_dash_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString());
  const db = handle.db;
  try {
    console.log(`database ${name} on ${url.host}`);
    await migrateToLatest(db);
    const today = dateInZone(new Date(), 'Asia/Jakarta');
    await seedDemoData(db, { today });
    const coordinator = await db
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select(['u.id', 'u.email', 'u.display_name', 'r.institution_id'])
      .where('u.email', '=', 'koordinator@kompeten.test')
      .executeTakeFirstOrThrow();
    const dinasId = coordinator.institution_id!;
    const actor: Actor = {
      userId: coordinator.id,
      email: coordinator.email,
      displayName: coordinator.display_name,
      personId: null,
      locale: 'id',
      roles: [{ role: 'coordinator', institutionId: dinasId, cooperativeId: null }],
      ip: '127.0.0.1',
    };
    const program = await db.selectFrom('programs').select('id').where('dinas_id', '=', dinasId).orderBy('created_at').executeTakeFirstOrThrow();
    const partners = await db.selectFrom('cohorts').select(['training_institute_id', 'certification_body_id']).where('dinas_id', '=', dinasId).executeTakeFirstOrThrow();
    const firstDay = addDays(today, -365 * YEARS_BACK);

    const generate = await time(async () => {
      await sql`insert into cooperatives (dinas_id, name, slug, type, cooperative_number, district, status)
        select ${dinasId}::uuid, 'KSP Bench ' || g, 'bench-' || g, 'KSP', '3398' || lpad(g::text, 12, '0'),
          'Kecamatan ' || (g % 20), case when g % 23 = 0 then 'inactive' else 'active' end
        from generate_series(1, ${COOPERATIVES}::int) g`.execute(db);
      await sql`insert into people (nik, full_name) select '3499' || lpad(g::text, 12, '0'), 'Peserta Bench ' || g from generate_series(1, ${PEOPLE}::int) g`.execute(db);
      await sql`insert into staff_positions (person_id, cooperative_id, position)
        select p.id, k.id, (array['Ketua', 'Manajer', 'Kabag Pembiayaan', 'Kasir', 'Account Officer'])[1 + g % 5]
        from generate_series(1, ${PEOPLE}::int) g
        join people p on p.nik = '3499' || lpad(g::text, 12, '0')
        join cooperatives k on k.slug = 'bench-' || (1 + g % ${COOPERATIVES}::int)`.execute(db);
      // Past cohorts spread over four years, completed; then upcoming open ones.
      await sql`insert into cohorts (program_id, dinas_id, name, status, capacity, starts_on, ends_on, training_institute_id, certification_body_id, venue_name)
        select ${program.id}::uuid, ${dinasId}::uuid, 'Bench ' || g, 'completed', ${PER_COHORT}::int,
          ${firstDay}::date + (g * ${365 * YEARS_BACK - 10}::int / ${PAST_COHORTS}::int),
          ${firstDay}::date + (g * ${365 * YEARS_BACK - 10}::int / ${PAST_COHORTS}::int) + 3,
          ${partners.training_institute_id}::uuid, ${partners.certification_body_id}::uuid, 'Hotel Bench'
        from generate_series(1, ${PAST_COHORTS}::int) g`.execute(db);
      await sql`insert into cohorts (program_id, dinas_id, name, status, capacity, starts_on, ends_on, training_institute_id, certification_body_id, venue_name)
        select ${program.id}::uuid, ${dinasId}::uuid, 'Bench mendatang ' || g, 'open', ${PER_COHORT}::int,
          ${today}::date + 7 + g * 3, ${today}::date + 10 + g * 3, ${partners.training_institute_id}::uuid, ${partners.certification_body_id}::uuid, 'Hotel Bench'
        from generate_series(1, ${UPCOMING_COHORTS}::int) g`.execute(db);
      await sql`insert into cohort_sessions (cohort_id, position, kind, title, starts_at, ends_at)
        select c.id, d, case when d = 4 then 'exam' else 'training' end, 'Hari ' || d,
          ((c.starts_on + d - 1) + time '01:00') at time zone 'UTC', ((c.starts_on + d - 1) + time '09:00') at time zone 'UTC'
        from cohorts c cross join generate_series(1, 4) d where c.name like 'Bench %'`.execute(db);
      // 25 confirmed participants per cohort (the upcoming ones about half full), people taken in turn.
      await sql`insert into enrollments (cohort_id, person_id, cooperative_id, status, source)
        select c.id, sp.person_id, sp.cooperative_id, 'confirmed', 'coordinator'
        from (select id, row_number() over (order by name) as n, status from cohorts where name like 'Bench %') c
        cross join generate_series(1, ${PER_COHORT}::int) s
        join people p on p.nik = '3499' || lpad((1 + ((c.n * ${PER_COHORT}::int + s) % ${PEOPLE}::int))::text, 12, '0')
        join staff_positions sp on sp.person_id = p.id
        where c.status = 'completed' or s % 2 = 0`.execute(db);
      await sql`insert into attendance (enrollment_id, session_id, status)
        select e.id, s.id, case when hashtext(e.id::text || s.id::text) % 20 = 0 then 'absent'
          when hashtext(e.id::text || s.id::text) % 20 = 1 then 'late'
          when hashtext(e.id::text || s.id::text) % 20 = 2 then 'excused' else 'present' end
        from enrollments e join cohorts c on c.id = e.cohort_id and c.status = 'completed' and c.name like 'Bench %'
        join cohort_sessions s on s.cohort_id = c.id and s.kind = 'training'`.execute(db);
      await sql`insert into assessments (enrollment_id, status, recommendation, finalized_at)
        select e.id, 'final', case when abs(hashtext(e.id::text)) % 20 < 16 then 'competent'
          when abs(hashtext(e.id::text)) % 20 < 19 then 'not_yet_competent' else 'did_not_attend' end, now()
        from enrollments e join cohorts c on c.id = e.cohort_id and c.status = 'completed' and c.name like 'Bench %'`.execute(db);
      await sql`insert into certificates (kind, enrollment_id, person_id, cooperative_id, number, verification_code, issued_at, valid_until, snapshot, template_version)
        select k.kind, e.id, e.person_id, e.cooperative_id, 'BENCH/' || k.kind || '/' || e.id, 'B' || replace(e.id::text, '-', '') || left(k.kind, 1),
          (c.ends_on + 1)::timestamp at time zone 'UTC', c.ends_on + interval '3 years', '{}', '2026.1'
        from enrollments e
        join cohorts c on c.id = e.cohort_id and c.status = 'completed' and c.name like 'Bench %'
        join assessments a on a.enrollment_id = e.id
        cross join (values ('training'), ('competency')) k(kind)
        where k.kind = 'training' or a.recommendation = 'competent'`.execute(db);
      await sql`analyze`.execute(db);
    });
    const count = async (table: 'cooperatives' | 'people' | 'cohorts' | 'enrollments' | 'attendance' | 'certificates') =>
      (await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    console.log(
      `  generated in ${(generate.ms / 1000).toFixed(1)} s: ${await count('cooperatives')} cooperatives, ${await count('people')} people, ` +
        `${await count('cohorts')} cohorts, ${await count('enrollments')} registrations, ${await count('attendance')} attendance marks, ` +
        `${await count('certificates')} certificates`,
    );

    if (process.env.BENCH_GENERATE_ONLY) return;
    const periods: [string, string][] = [
      ['this year', 'period=this-year'],
      ['last year', 'period=last-year'],
      [`${YEARS_BACK} years (custom)`, `period=custom&from=${firstDay}&to=${today}`],
    ];
    for (const [label, query] of periods) {
      const params = new URLSearchParams(query);
      const warm = await loadDashboard(db, actor, params);
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push((await time(() => loadDashboard(db, actor, params))).ms);
      const t = warm.figures.totals;
      record(
        `dashboard figures, ${label}: ${t.cohorts} cohorts, ${t.participants} participants, attendance ${t.attendanceRate} %, competent ${t.competentRate} %, ` +
          `${t.competencyCertificates + t.trainingCertificates} certificates; ${warm.upcoming.length} upcoming, ${warm.expiring.total} expiring (median of ${RUNS})`,
        median(runs),
        LIMIT_MS,
      );
    }

    // The platform operator's province view: every Dinas side by side (one statement grouped by Dinas).
    const operatorUser = await db.selectFrom('users').select(['id', 'email', 'display_name']).where('email', '=', 'operator@kompeten.test').executeTakeFirstOrThrow();
    const operator: Actor = {
      userId: operatorUser.id, email: operatorUser.email, displayName: operatorUser.display_name, personId: null, locale: 'id',
      roles: [{ role: 'platform_admin', institutionId: null, cooperativeId: null }], ip: '127.0.0.1',
    };
    for (const [label, query] of periods) {
      const params = new URLSearchParams(query);
      const list = parseListParams(params, { sortKeys: PROVINCE_SORT_KEYS, defaultSort: 'name' });
      const warm = await loadProvinceView(db, operator, { params, list });
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push((await time(() => loadProvinceView(db, operator, { params, list }))).ms);
      record(`province view, ${label}: ${warm.page.total} Dinas, ${warm.total.cohorts} cohorts, ${warm.total.participants} participants (median of ${RUNS})`, median(runs), LIMIT_MS);
    }

    // The page itself, through the built app: loader, React render, HTML.
    if (existsSync(path.join(repoRoot, 'build/index.js'))) {
      const app = await loadApp(handle);
      const cookie = await app.sessionCookie(coordinator.id);
      for (const [, query] of periods) {
        const first = await app.request(`/dashboard?${query}`, { cookie });
        if (first.status !== 200) throw new Error(`/dashboard?${query} answered ${first.status}`);
        const bytes = (await first.text()).length;
        const runs: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          runs.push((await time(async () => (await app.request(`/dashboard?${query}`, { cookie })).text())).ms);
        }
        record(`GET /dashboard?${query} — ${(bytes / 1024).toFixed(0)} KB of HTML (median of ${RUNS})`, median(runs), LIMIT_MS);
      }
    } else {
      console.log('  (no build: run `npm run build` to time the page as well)');
    }
  } finally {
    await handle.close();
    // BENCH_KEEP_DATABASE=1 keeps the generated database to study query plans (drop it by hand).
    if (process.env.BENCH_KEEP_DATABASE) console.log(`kept database ${name}`);
    else await dropWhenIdle(admin, name);
    await admin.end();
  }
  const slow = results.filter((r) => r.ms > r.limit);
  console.log(slow.length ? `\n${slow.length} measurement(s) over their limit` : '\nall measurements within their limits');
  process.exitCode = slow.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
