/**
 * The security stage of CI: Debian's sqlmap against the built server's parameterized pages,
 * anonymously and as a signed-in coordinator, with every query parameter and every id in a
 * path as an injection point. Fails on any finding. Bounded: PostgreSQL payloads only,
 * level 1 / risk 1, time-based tests with one-second delays, a time limit per target.
 *
 *   npx tsx test/security/sqlmap.ts        (needs `npm run build` and `apt-get install sqlmap`)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '~/server/demo-seed';
import { startServer } from '../support/server-process';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    redirect: 'manual',
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kompeten_session='));
  if (!cookie) throw new Error(`Could not sign in as ${email} (HTTP ${response.status})`);
  return cookie.split(';')[0]!;
}

async function firstMatch(url: string, cookie: string, pattern: RegExp): Promise<string> {
  const html = await (await fetch(url, { headers: { Cookie: cookie } })).text();
  const match = pattern.exec(html);
  if (!match) throw new Error(`Nothing matching ${pattern} on ${url}`);
  return match[1]!;
}

interface Finding {
  target: string;
  line: string;
}

/**
 * Runs sqlmap as a child process WITHOUT blocking this process: the server's log comes to us
 * through a pipe, and a blocked reader lets the pipe fill up and stalls the server's writes
 * (and with them the server) mid-run.
 */
function run(command: string, args: string[], options: { timeout: number }): Promise<{ stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, error });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, ...(signal ? { error: new Error(`killed by ${signal} (time limit)`) } : {}) });
    });
  });
}

async function runSqlmap(name: string, args: string[], outputDir: string): Promise<Finding[]> {
  const started = Date.now();
  const result = await run(
    'sqlmap',
    [
      ...args,
      '--batch',
      '--dbms=PostgreSQL',
      '--level=1',
      '--risk=1',
      '--technique=BEUST',
      '--time-sec=1',
      '--threads=2',
      '--timeout=15',
      '--retries=0',
      '--disable-coloring',
      `--output-dir=${outputDir}`,
    ],
    { timeout: 8 * 60_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) throw new Error(`sqlmap (${name}) did not finish: ${result.error.message}`);
  const tested = (output.match(/testing for SQL injection on/g) ?? []).length;
  console.log(`[sqlmap] ${name}: ${tested} parameters tested in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const findings: Finding[] = [];
  // A parameter sqlmap confirmed: the injection-point report in its output, or a row of its
  // results CSV. A boolean-blind guess that its own checks then reject ("false positive or
  // unexploitable": a search page that shows different rows for different words) is not one.
  for (const line of output.split('\n')) {
    if (/identified the following injection point/i.test(line)) findings.push({ target: name, line: line.trim() });
  }
  for (const file of readdirSync(outputDir).filter((f) => f.startsWith('results-') && f.endsWith('.csv'))) {
    const rows = readFileSync(path.join(outputDir, file), 'utf8').trim().split('\n').slice(1).filter(Boolean);
    for (const row of rows) {
      if (/false positive or unexploitable/i.test(row)) console.log(`[sqlmap] ${name}: rejected by sqlmap's own checks: ${row}`);
      else findings.push({ target: name, line: row });
    }
  }
  if (tested === 0) throw new Error(`sqlmap (${name}) tested nothing:\n${output.slice(-2000)}`);
  return findings;
}

async function main() {
  if (spawnSync('sqlmap', ['--version']).status !== 0) throw new Error('sqlmap is not installed (apt-get install sqlmap).');
  if (!existsSync('build/index.js')) throw new Error('No build: run `npm run build` first.');
  const server = await startServer({ SEED: 'demo' });
  try {
    const url = server.url;
    const coordinator = await signIn(url, 'koordinator@kompeten.test');
    const cooperativeId = await firstMatch(`${url}/cooperatives`, coordinator, new RegExp(`/cooperatives/(${UUID})`));
    const cohortId = await firstMatch(`${url}/cohorts`, coordinator, new RegExp(`/cohorts/(${UUID})`));
    const programId = await firstMatch(`${url}/programs`, coordinator, new RegExp(`/programs/(${UUID})`));
    const slug = await firstMatch(`${url}/cooperatives/${cooperativeId}`, coordinator, /\/koperasi\/([a-z0-9-]+)/);

    const anonymous = [
      `${url}/login?redirectTo=%2Fcohorts`,
      `${url}/koperasi/${slug}*`,
      `${url}/signup?q=ksp&cooperative=1`,
      `${url}/forgot-password?email=a`,
    ];
    const signedIn = [
      `${url}/cooperatives?q=jasa&type=KSP&status=active&noRat=1&sort=name&dir=asc&page=1&size=25`,
      `${url}/cooperatives/${cooperativeId}*`,
      `${url}/cooperatives/${cooperativeId}/roster?q=a`,
      `${url}/cooperatives/export?what=registry&format=csv&q=ksp&type=KSP`,
      `${url}/cohorts?q=angkatan&status=open&sort=startsOn&dir=desc&page=1`,
      `${url}/cohorts/${cohortId}*`,
      `${url}/cohorts/${cohortId}/participants?status=confirmed&q=a&sort=name&dir=asc`,
      `${url}/cohorts/calendar?month=2026-11`,
      `${url}/programs/${programId}*`,
      `${url}/programs?q=kabag&sort=code&dir=asc`,
      `${url}/users?q=a&role=assessor&sort=name&dir=asc`,
      `${url}/audit?q=a&action=cohort.create&entity=cohort&from=2026-01-01&to=2026-12-31&sort=createdAt&dir=desc`,
      `${url}/mail?status=queued&q=a&sort=createdAt&dir=desc`,
    ];
    const work = mkdtempSync(path.join(tmpdir(), 'kompeten-sqlmap-'));
    const anonymousFile = path.join(work, 'anonymous.txt');
    const signedInFile = path.join(work, 'coordinator.txt');
    writeFileSync(anonymousFile, anonymous.join('\n'));
    writeFileSync(signedInFile, signedIn.join('\n'));
    const findings = [
      ...(await runSqlmap('anonymous pages', ['-m', anonymousFile], path.join(work, 'a'))),
      ...(await runSqlmap('sign-in form', ['-u', `${url}/login`, '--data', 'email=koordinator%40kompeten.test&password=salah&redirectTo=%2F'], path.join(work, 'b'))),
      ...(await runSqlmap('coordinator pages', ['-m', signedInFile, `--cookie=${coordinator}`], path.join(work, 'c'))),
    ];
    if (findings.length) {
      console.error(`[sqlmap] ${findings.length} finding(s):`);
      for (const f of findings) console.error(`  ${f.target}: ${f.line}`);
      process.exitCode = 1;
    } else {
      console.log('[sqlmap] no injectable parameter found');
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
