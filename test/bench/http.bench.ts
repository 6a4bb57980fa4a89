/**
 * HTTP benchmark (not part of `npm test`):
 *
 *   npm run bench:http [-- --duration 10 --connections 10 --rounds 3 --only healthz,roster --profile]
 *   npm run bench:http -- --database <url from bench:seed> --one-user 30
 *   npm run bench:http -- --memory 300 [--snapshots] [--node-flags="…"]
 *
 * Measures pages as a user gets them: it makes a fresh PostgreSQL database (from
 * BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), starts the
 * built server on it (`NODE_ENV=production`, demo data, its own process) and, in the same
 * run, a bare `express` + `pg` peer answering `select 1` — the floor of this stack — then
 * drives each with `autocannon` (10 connections, one page after another, a short warm-up
 * first) and prints a table of requests/s, p50/p99 latency and each page's ratio to the
 * peer, with the server's resident memory before and after. Needs `npm run build`.
 *
 * `--memory N` drives a mix of the pages for N seconds instead and samples the server's
 * resident memory as it goes; a heap snapshot at rest and one after the load (each
 * taken after a full collection) tell retained objects from a lazy collector. The server
 * runs with the Node flags of `npm start` (package.json) unless `--node-flags` says others.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { startNodeFlags } from '../support/server-process';

const root = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    /** The peer and the pages are driven in turn this many times (see main). */
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Writes the server's CPU profile to .cache/profiles/ (open it in Chrome's DevTools). */
    profile: { type: 'boolean', default: false },
    /** An existing database (e.g. from `npm run bench:seed`) instead of a fresh demo one; kept. */
    database: { type: 'string' },
    /**
     * One user instead of many: N requests one after another per page (list and detail
     * pages, the registry search, the public pages), printing p50/p95 ms.
     */
    'one-user': { type: 'string' },
    /** Seconds of mixed load, sampling memory (see above). */
    memory: { type: 'string' },
    /** Node flags for the server instead of those `npm start` uses. */
    'node-flags': { type: 'string' },
    /** With --memory: heap snapshots before and after the load (retained or lazily collected?). */
    snapshots: { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitFor(url: string, child: ChildProcess, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/**
 * CPU time (user + system) a process has used so far, in ms. Per request it is the cost
 * of a page that other work on the machine (a build beside the bench) does not blur as
 * much as requests per second.
 */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

/** The floor: express + pg answering `select 1`, in its own process like the server. */
const BARE_PEER = `
const express = require('express');
const pg = require('pg');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = express();
app.get('/', async (_req, res) => { const r = await pool.query('select 1 as one'); res.json(r.rows[0]); });
app.listen(Number(process.env.PORT), '127.0.0.1');
`;

interface Target {
  key: string;
  label: string;
  url: string;
  cookie?: string;
  /**
   * Each request from another visitor's address (X-Forwarded-For, trusted from loopback):
   * the public pages limit each address to a few requests a minute.
   */
  manyVisitors?: boolean;
}

let visitor = 0;
const nextVisitorIp = () => {
  visitor += 1;
  return `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
};

interface Result {
  target: Target;
  rps: number;
  requests: number;
  /** The serving process's CPU time per request (ms), measured over the run. */
  cpuMsPerRequest?: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function drive(target: Target, seconds: number): Promise<Result> {
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: target.cookie ? { cookie: target.cookie } : {},
    requests: target.manyVisitors
      ? [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': nextVisitorIp() } }) }]
      : undefined,
  });
  return {
    target,
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main() {
  if (!existsSync(path.join(root, 'build/index.js')) || !existsSync(path.join(root, 'build/server/main.js'))) throw new Error('No build: run `npm run build` first.');
  const name = `kompeten_bench_http_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!args.database) await admin.query(`create database ${name}`);
  const url = args.database ?? databaseUrl(name);
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    if (!args.keep && !args.database) await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  };

  try {
    const [appPort, barePort] = [await freePort(), await freePort()];
    const profiling = args.profile ? ['--cpu-prof', '--cpu-prof-dir=.cache/profiles'] : [];
    const snapshots = args.snapshots ? ['--heapsnapshot-signal=SIGWINCH', `--diagnostic-dir=${snapshotDir}`] : [];
    // The server's log goes to a file, as it would to journald: a line per request is part of
    // what a request costs, a terminal drawing it is not.
    mkdirSync(path.join(root, '.cache'), { recursive: true });
    const logFile = path.join(root, '.cache', 'bench-http-server.log');
    const log = openSync(logFile, 'w');
    const app = spawn(process.execPath, [...startFlags(), ...profiling, ...snapshots, 'build/server/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PORT: String(appPort),
        PUBLIC_URL: `http://127.0.0.1:${appPort}`,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        METRICS_TOKEN: metricsToken,
        SEED: 'demo',
        SMTP_URL: undefined,
      },
      stdio: ['ignore', log, log],
    });
    children.push(app);
    const bare = spawn(process.execPath, ['-e', BARE_PEER], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PORT: String(barePort) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(bare);
    await waitFor(`http://127.0.0.1:${appPort}/healthz`, app, 180);
    await waitFor(`http://127.0.0.1:${barePort}/`, bare, 30);

    // The pages' subjects, read from the demo data; a coordinator's session made as the
    // server makes one (a row in auth_sessions, its id in the signed cookie).
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const one = async (query: string): Promise<string> => {
      const row = (await db.query(query)).rows[0] as Record<string, string> | undefined;
      if (!row) throw new Error(`no demo row for: ${query}`);
      return Object.values(row)[0]!;
    };
    const slug = await one(`select slug from cooperatives where slug is not null order by name limit 1`);
    const cohortId = await one(
      `select c.id from cohorts c where (select count(*) from enrollments e where e.cohort_id = c.id) >= 25 order by c.starts_on limit 1`,
    );
    const code = await one(`select verification_code from certificates where status = 'valid' order by number limit 1`);
    const demoDinas = `(select r.institution_id from user_roles r join users u on u.id = r.user_id where u.email = 'koordinator@kompeten.test' and r.role = 'coordinator')`;
    const cooperativeId = await one(
      `select c.id from cooperatives c where c.dinas_id = ${demoDinas} order by (select count(*) from staff_positions s where s.cooperative_id = c.id) desc, c.name limit 1`,
    );
    await db.end();
    const cookie = await signIn(`http://127.0.0.1:${appPort}`, 'koordinator@kompeten.test');

    const base = `http://127.0.0.1:${appPort}`;
    const targets: Target[] = [
      { key: 'bare', label: 'bare `express` + `pg` `select 1`', url: `http://127.0.0.1:${barePort}/` },
      { key: 'healthz', label: 'Kompeten `/healthz`', url: `${base}/healthz` },
      { key: 'roster', label: '`/koperasi/<slug>` (public roster)', url: `${base}/koperasi/${slug}`, manyVisitors: true },
      { key: 'verify', label: '`/verify/<code>` (public)', url: `${base}/verify/${code}`, manyVisitors: true },
      { key: 'registry', label: '`/cooperatives?q=jasa`', url: `${base}/cooperatives?q=jasa`, cookie },
      { key: 'cohort', label: '`/cohorts/<id>`', url: `${base}/cohorts/${cohortId}`, cookie },
      { key: 'participants', label: '`/cohorts/<id>/participants` (25 rows)', url: `${base}/cohorts/${cohortId}/participants`, cookie },
    ];
    if (args.memory) {
      await memoryUnderMixedLoad(app, Number(args.memory), [
        ...targets.filter((t) => t.key !== 'bare' && t.key !== 'healthz'),
        { key: 'certificates', label: '`/certificates`', url: `${base}/certificates`, cookie },
        { key: 'dashboard', label: '`/dashboard`', url: `${base}/dashboard`, cookie },
        { key: 'coop-roster', label: '`/cooperatives/<id>/roster`', url: `${base}/cooperatives/${cooperativeId}/roster`, cookie },
      ]);
      return;
    }
    if (args['one-user']) {
      await oneUser(Number(args['one-user']), [
        ...targets.filter((t) => t.key !== 'bare'),
        { key: 'registry-list', label: '`/cooperatives`', url: `${base}/cooperatives`, cookie },
        { key: 'cooperative', label: '`/cooperatives/<id>`', url: `${base}/cooperatives/${cooperativeId}`, cookie },
        { key: 'coop-roster', label: '`/cooperatives/<id>/roster`', url: `${base}/cooperatives/${cooperativeId}/roster`, cookie },
        { key: 'cohorts', label: '`/cohorts`', url: `${base}/cohorts`, cookie },
        { key: 'certificates', label: '`/certificates`', url: `${base}/certificates`, cookie },
        { key: 'users', label: '`/users`', url: `${base}/users`, cookie },
        { key: 'audit', label: '`/audit`', url: `${base}/audit`, cookie },
        { key: 'programs', label: '`/programs`', url: `${base}/programs`, cookie },
        { key: 'dashboard', label: '`/dashboard` (this year)', url: `${base}/dashboard`, cookie },
        { key: 'dashboard-last', label: '`/dashboard?period=last-year`', url: `${base}/dashboard?period=last-year`, cookie },
        { key: 'coverage', label: '`/dashboard/coverage`', url: `${base}/dashboard/coverage`, cookie },
      ]);
      return;
    }
    const only = args.only?.split(',');
    const chosen = targets.filter((t) => t.key === 'bare' || !only || only.includes(t.key));

    for (const target of chosen) {
      const res = await fetch(target.url, { headers: target.cookie ? { cookie: target.cookie } : {}, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`${target.url} answers ${res.status}, not 200`);
    }

    // The peer and the pages are driven in turn, ROUNDS times: each page's ratio is taken to
    // the peer of its own round, and the table gives the median round. A machine shared with
    // others changes speed by tens of percent within minutes (the peer alone gave 3,500 to
    // 5,500 requests/s in runs minutes apart here), so one peer figure at the start of a
    // five-minute run could not stand for the whole run.
    const rssBefore = rssMb(app.pid);
    const rounds: Result[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results: Result[] = [];
      for (const target of chosen) {
        if (round === 0 && WARMUP > 0) await drive(target, WARMUP);
        const pid = target.key === 'bare' ? bare.pid : app.pid;
        const cpuBefore = cpuMs(pid);
        const result = await drive(target, DURATION);
        result.cpuMsPerRequest = (cpuMs(pid) - cpuBefore) / result.requests;
        results.push(result);
        process.stderr.write(`  round ${round + 1}/${ROUNDS} ${target.key}: ${result.rps.toFixed(0)} req/s\n`);
      }
      rounds.push(results);
    }
    const rssAfter = rssMb(app.pid);

    console.log(`\n${CONNECTIONS} connections, ${DURATION} s per page (after ${WARMUP} s warm-up), ${ROUNDS} rounds, PostgreSQL, NODE_ENV=production`);
    console.log('Each cell is the median of the rounds; the ratio is to the peer of the same round (lowest–highest in brackets).\n');
    console.log('| what | requests/s | p50 / p99 ms | × bare peer | server CPU ms/request | errors |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    const results = rounds.flat();
    chosen.forEach((target, i) => {
      const runs = rounds.map((round) => round[i]!);
      const ratios = rounds.map((round) => round[i]!.rps / round[0]!.rps);
      const ratio = target.key === 'bare' ? '1' : `${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`;
      const errors = runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
      console.log(
        `| ${target.label} | ${median(runs.map((r) => r.rps)).toFixed(0)} | ${median(runs.map((r) => r.p50))} / ${median(runs.map((r) => r.p99))} | ${ratio} | ${median(runs.map((r) => r.cpuMsPerRequest!)).toFixed(2)} | ${errors} |`,
      );
    });
    console.log(`\nserver RSS: ${rssBefore} MB before the load, ${rssAfter} MB after`);
    const failed = results.filter((r) => r.errors + r.non2xx > 0);
    if (failed.length) {
      console.error(`errors or non-2xx answers on: ${[...new Set(failed.map((r) => r.target.key))].join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await stop();
  }
}

const snapshotDir = path.join(root, '.cache', 'heap');
const metricsToken = randomBytes(16).toString('hex');

/** The server's own view of its memory (/metrics): V8 heap in use and reserved, and memory outside it. */
async function heapFigures(base: string): Promise<string> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  const mb = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Math.round(Number(line.split(' ')[1]) / 1e6) : Number.NaN;
  };
  return `${mb('nodejs_heap_size_used_bytes')} / ${mb('nodejs_heap_size_total_bytes')} | ${mb('nodejs_external_memory_bytes')}`;
}

/** The Node flags `npm start` runs the server with (package.json), or --node-flags. */
function startFlags(): string[] {
  return args['node-flags'] !== undefined ? args['node-flags'].split(/\s+/).filter(Boolean) : startNodeFlags;
}

/** Writes a heap snapshot (SIGWINCH; V8 collects fully first) and sums its objects' sizes. */
async function heapSnapshot(app: ChildProcess): Promise<{ mb: number; objects: number }> {
  mkdirSync(snapshotDir, { recursive: true });
  const before = new Set(readdirSync(snapshotDir));
  app.kill('SIGWINCH');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const written = readdirSync(snapshotDir).filter((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (written.length) {
      const file = path.join(snapshotDir, written[0]!);
      // The server writes it while the bench waits: whole once it parses.
      type Snapshot = { snapshot: { meta: { node_fields: string[] }; node_count: number }; nodes: number[] };
      let snapshot: Snapshot | undefined;
      while (!snapshot) {
        await sleep(1000);
        try {
          snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
        } catch (error) {
          if (!(error instanceof SyntaxError) || Date.now() > deadline) throw error;
        }
      }
      const fields = snapshot.snapshot.meta.node_fields;
      const selfSize = fields.indexOf('self_size');
      let bytes = 0;
      for (let i = selfSize; i < snapshot.nodes.length; i += fields.length) bytes += snapshot.nodes[i]!;
      rmSync(file);
      return { mb: Math.round(bytes / 1e5) / 10, objects: snapshot.snapshot.node_count };
    }
    if (Date.now() > deadline) throw new Error('no heap snapshot within 120 s');
    await sleep(500);
  }
}

/**
 * A mix of pages for `seconds` (10 connections, each request the next page of the mix),
 * sampling the server's RSS and its own heap figures every 15 s, then 15 s at rest. With
 * --snapshots, heap snapshots before and after (a snapshot's own work stays in the RSS).
 */
async function memoryUnderMixedLoad(app: ChildProcess, seconds: number, targets: Target[]) {
  const flags = startFlags();
  console.log(`\nmemory: ${seconds} s of mixed load (${targets.map((t) => t.key).join(', ')}), ${CONNECTIONS} connections, node ${flags.join(' ') || '(no flags)'}\n`);
  const base = new URL(targets[0]!.url).origin;
  const sample = async (at: string) => ({ at, rss: rssMb(app.pid), heap: await heapFigures(base) });
  const samples = [await sample('0 (at rest)')];
  const atRest = args.snapshots ? await heapSnapshot(app) : undefined;
  const started = Date.now();
  const sampler = setInterval(() => void sample(String(Math.round((Date.now() - started) / 1000))).then((s) => samples.push(s)), 15_000);
  const load = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: targets.map((t) => ({
      path: new URL(t.url).pathname + new URL(t.url).search,
      setupRequest: (req: autocannon.Request) => ({
        ...req,
        headers: { ...req.headers, ...(t.cookie ? { cookie: t.cookie } : {}), ...(t.manyVisitors ? { 'x-forwarded-for': nextVisitorIp() } : {}) },
      }),
    })),
  });
  clearInterval(sampler);
  samples.push(await sample(`${seconds} (end of load)`));
  await sleep(15_000);
  samples.push(await sample(`${seconds} + 15 at rest`));
  console.log('| s | RSS MB | V8 heap used / reserved MB | outside the heap MB |');
  console.log('| --- | --- | --- | --- |');
  for (const s of samples) console.log(`| ${s.at} | ${s.rss} | ${s.heap} |`);
  console.log(`\nrequests: ${load.requests.total} (${load.requests.average.toFixed(0)}/s), errors ${load.errors + load.timeouts}, non-2xx ${load.non2xx}, p99 ${load.latency.p99} ms`);
  console.log(`peak RSS ${Math.max(...samples.map((s) => s.rss))} MB`);
  if (atRest) {
    const afterLoad = await heapSnapshot(app);
    console.log(`heap after a full collection (snapshots): ${atRest.mb} MB (${atRest.objects} objects) at rest before, ${afterLoad.mb} MB (${afterLoad.objects} objects) after the load`);
  }
  if (load.errors + load.timeouts + load.non2xx > 0) process.exitCode = 1;
}

/** One user: each page `count` times in a row (after 3 unmeasured), p50 and p95 of the whole answer. */
async function oneUser(count: number, targets: Target[]) {
  console.log(`\none user, ${count} requests per page, PostgreSQL, NODE_ENV=production\n`);
  console.log('| page | p50 ms | p95 ms | status |');
  console.log('| --- | --- | --- | --- |');
  for (const target of targets) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < count + 3; i++) {
      const headers: Record<string, string> = target.cookie ? { cookie: target.cookie } : {};
      if (target.manyVisitors) headers['x-forwarded-for'] = nextVisitorIp();
      const started = performance.now();
      const res = await fetch(target.url, { headers, redirect: 'manual' });
      await res.arrayBuffer();
      if (i >= 3) times.push(performance.now() - started);
      status = res.status;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(`| ${target.label} | ${at(0.5)} | ${at(0.95)} | ${status} |`);
  }
}

/** Signs in through the login form, as a browser without JavaScript does. */
async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email, password: 'Kompeten2026!' }),
    redirect: 'manual',
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('kompeten_session='));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return cookie;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
