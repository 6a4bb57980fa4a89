/**
 * Coverage benchmark against PostgreSQL (not part of `npm test`: it builds big volumes).
 *
 *   npx tsx test/bench/coverage.bench.ts
 *
 * Creates a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads the demo data, grows it
 * to 50,000 cooperatives, 250,000 people (five positions each cooperative, "Kepala Bagian
 * Pembiayaan" among them) and 100,000 competency certificates (most valid, some revoked or
 * expired), then times the registry's "certified holder" filter both ways, its filter
 * choices, and the coverage page's queries (target: under 300 ms) and prints the plan of
 * the coverage query. Drops the database at the end, whatever happened.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import type { Actor } from '~/lib/permissions';
import { hasCertifiedHolder } from '~/domain/cooperatives/certified-holders.server';
import { listRegistry, registryFilterChoices, type RegistryFilters } from '~/domain/cooperatives/registry.server';
import { getCoverage } from '~/domain/dashboard/coverage.server';
import { openPostgres } from '~/lib/db.server';
import { dateInZone } from '~/lib/dates';
import { dropWhenIdle } from './bench-database';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COOPERATIVES = 50_000;
const CERTIFICATES = 100_000;
const LIST_LIMIT_MS = 100;
const COVERAGE_LIMIT_MS = 300;
const DISTRICTS = ['Pekalongan Barat', 'Pekalongan Timur', 'Pekalongan Utara', 'Pekalongan Selatan', 'Wiradesa', 'Kedungwuni', 'Buaran', 'Tirto'];
const TYPES = ['KSP', 'KSPPS', 'KSU', 'KSPPS/BMT', 'Koperasi Konsumen'];
const POSITIONS = ['Ketua', 'Sekretaris', 'Bendahara', 'Manajer', 'Kepala Bagian Pembiayaan'];

const results: { what: string; ms: number; limit: number }[] = [];
function record(what: string, ms: number, limit: number) {
  results.push({ what, ms, limit });
  console.log(`${ms <= limit ? 'ok  ' : 'SLOW'} ${ms.toFixed(1).padStart(9)} ms  (limit ${limit} ms)  ${what}`);
}

async function median7<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  let value = await fn(); // warm
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    value = await fn();
    runs.push(performance.now() - start);
  }
  return { value, ms: runs.sort((a, b) => a - b)[3]! };
}

async function main() {
  const name = `kompeten_bench_${randomBytes(4).toString('hex')}`;
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
    const cohort = await db.selectFrom('cohorts').select('id').where('dinas_id', '=', dinasId).where('status', '=', 'completed').executeTakeFirstOrThrow();
    const districts = sql.raw(`array[${DISTRICTS.map((w) => `'${w}'`).join(',')}]`);
    const types = sql.raw(`array[${TYPES.map((w) => `'${w}'`).join(',')}]`);
    const positions = sql.raw(`array[${POSITIONS.map((w) => `'${w}'`).join(',')}]`);

    const start = performance.now();
    const existing = (await db.selectFrom('cooperatives').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    await sql`insert into cooperatives (dinas_id, name, slug, type, cooperative_number, district, status)
      select ${dinasId}::uuid, 'KSP Bench ' || g, 'bench-' || g, (${types})[1 + g % 5], '3398' || lpad(g::text, 12, '0'), (${districts})[1 + g % 8],
        case when g % 23 = 0 then 'inactive' else 'active' end
      from generate_series(1, ${COOPERATIVES - existing}::int) g`.execute(db);
    // Five people per cooperative, one per position; every 10th past holder has left.
    await sql`insert into people (nik, full_name)
      select '3397' || lpad(g::text, 12, '0'), 'Orang Bench ' || g from generate_series(1, ${(COOPERATIVES - existing) * 5}::int) g`.execute(db);
    await sql`insert into staff_positions (person_id, cooperative_id, position, starts_on, ends_on)
      select p.id, c.id, (${positions})[1 + (n - 1) % 5], date '2020-01-02', case when n % 50 = 0 then date '2024-12-31' end
      from (select id, row_number() over (order by nik) as n from people where nik like '3397%') p
      join (select id, row_number() over (order by slug) as k from cooperatives where slug like 'bench-%') c on c.k = (p.n - 1) / 5 + 1`.execute(db);
    // 100,000 competency certificates on the people of the bench cooperatives, spread over positions.
    await sql`insert into enrollments (cohort_id, person_id, status, source)
      select ${cohort.id}::uuid, p.id, 'confirmed', 'coordinator' from people p where p.nik like '3397%' and (substring(p.nik, 16, 1)::int) % 5 in (0, 2) limit ${CERTIFICATES}`.execute(db);
    await sql`insert into certificates (kind, enrollment_id, person_id, number, verification_code, valid_until, status, revoked_at, revoke_reason, snapshot, template_version)
      select 'competency', e.id, e.person_id, 'BENCH-' || row_number() over (), 'BENCH' || lpad((row_number() over ())::text, 10, '0'),
        case when row_number() over () % 9 = 0 then date '2024-01-01' else date '2029-01-01' end,
        case when row_number() over () % 13 = 0 then 'revoked' else 'valid' end,
        case when row_number() over () % 13 = 0 then now() end, case when row_number() over () % 13 = 0 then 'bench' end,
        '{}'::jsonb, '2026.1'
      from enrollments e join people p on p.id = e.person_id where p.nik like '3397%'`.execute(db);
    await sql`analyze`.execute(db);
    const counts = await sql<{ c: number; p: number; s: number }>`select (select count(*) from cooperatives)::int c, (select count(*) from people)::int p, (select count(*) from certificates)::int s`.execute(db);
    console.log(`  grown to ${JSON.stringify(counts.rows[0])} in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    const page = { page: 1, pageSize: 25, sort: 'name' as const, dir: 'asc' as const, offset: 0 };
    const cases: { what: string; filters: RegistryFilters }[] = [
      { what: 'registry: has a certified Kepala Bagian Pembiayaan', filters: { certified: 'Kepala Bagian Pembiayaan', certifiedHas: true } },
      { what: 'registry: has NOT a certified Kepala Bagian Pembiayaan', filters: { certified: 'Kepala Bagian Pembiayaan', certifiedHas: false } },
      { what: 'registry: has not + active + kecamatan search', filters: { certified: 'kepala bagian pembiayaan', certifiedHas: false, status: 'active', q: 'kedungwuni' } },
    ];
    for (const c of cases) {
      const run = await median7(() => listRegistry(db, actor, c.filters, page, today));
      record(`${c.what} — ${run.value.total} found (median of 7)`, run.ms, LIST_LIMIT_MS);
    }
    const choices = await median7(() => registryFilterChoices(db, actor, today));
    record(`registry filter choices (${choices.value.positions.length} positions)`, choices.ms, LIST_LIMIT_MS);
    const coverage = await median7(() => getCoverage(db, actor));
    record(
      `coverage page (${coverage.value.positions.length} target positions, ${coverage.value.byDistrict.length} kecamatan; covered ${coverage.value.total.covered.join('/')} of ${coverage.value.total.total})`,
      coverage.ms,
      COVERAGE_LIMIT_MS,
    );
    const compiled = db
      .selectFrom('cooperatives as c')
      .select([sql<number>`count(*)::int`.as('n'), sql<number>`(count(*) filter (where ${hasCertifiedHolder('Kepala Bagian Pembiayaan', today, [dinasId])}))::int`.as('covered')])
      .where('c.dinas_id', '=', dinasId)
      .where('c.status', '=', 'active')
      .groupBy(sql`grouping sets ((c.type), (c.district), ())`)
      .compile();
    const plan = await handle.db.executeQuery({ ...compiled, sql: `explain (analyze, buffers off) ${compiled.sql}` } as typeof compiled);
    console.log((plan.rows as unknown as { 'QUERY PLAN': string }[]).map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
  } finally {
    await handle.close();
    await dropWhenIdle(admin, name);
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
