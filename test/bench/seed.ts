/**
 * Makes a PostgreSQL database with the demo data plus national-scale data for the speed
 * benchmarks (see national-data.ts), and prints its URL:
 *
 *   npm run bench:seed -- --scale national|small [--database postgres://…/name]
 *
 * Without --database it creates a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres). Nothing drops it: `dropdb <name>` when done.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '~db/migrate';
import { openPostgres } from '~/lib/db.server';
import { seedDemoData } from '~/server/demo-seed';
import { addNationalData, SCALES } from './national-data';

const { values: args } = parseArgs({ options: { scale: { type: 'string', default: 'small' }, database: { type: 'string' } } });
const scaleName = args.scale as keyof typeof SCALES;
if (!(scaleName in SCALES)) {
  console.error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  process.exit(2);
}

async function freshDatabase(): Promise<string> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kompeten_${scaleName}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const started = performance.now();
const url = args.database ?? (await freshDatabase());
const handle = await openPostgres(url);
try {
  await migrateToLatest(handle.db);
  await seedDemoData(handle.db);
  console.log(`${scaleName} data into ${url}`);
  await addNationalData(handle.db, SCALES[scaleName]);
  const counts = await sql<{ t: string; n: number }>`
    select 'institutions (Dinas)' as t, count(*)::int as n from institutions where kind = 'dinas'
    union all select 'cooperatives', count(*)::int from cooperatives
    union all select 'people', count(*)::int from people
    union all select 'staff positions', count(*)::int from staff_positions
    union all select 'users', count(*)::int from users
    union all select 'cohorts', count(*)::int from cohorts
    union all select 'enrollments', count(*)::int from enrollments
    union all select 'attendance', count(*)::int from attendance
    union all select 'certificates', count(*)::int from certificates
    union all select 'audit rows', count(*)::int from audit_log`.execute(handle.db);
  for (const row of counts.rows) console.log(`  ${row.t.padEnd(22)} ${row.n.toLocaleString('en').padStart(10)}`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s\nDATABASE_URL=${url}`);
} finally {
  await handle.close();
}
