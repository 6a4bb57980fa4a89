import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { dateInZone } from '~/lib/dates';
import { usingPostgres } from '../support/database';
import { emptyPostgresDatabase, repoRoot, startServer, type RunningServer } from '../support/server-process';

/**
 * Backups as the README tells the operator to make and restore them, with real processes:
 * the embedded database backs itself up while it serves (SIGUSR2; nightly the same way) and
 * `npm run admin -- restore-backup` makes a new data folder from the file; PostgreSQL goes
 * through `pg_dump -Fc` and `pg_restore` into a new database. Each restored copy is
 * started and must answer with the data of the original.
 */
const run = promisify(execFile);
const servers: RunningServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
}, 60_000);

async function started(env: Record<string, string>): Promise<RunningServer> {
  const server = await startServer(env);
  servers.push(server);
  return server;
}

/** Where the public look-up of the demo's first certificate leads (its verification page). */
async function firstCertificatePage(server: RunningServer): Promise<{ location: string; text: string }> {
  const number = `KABAG-PMB/PEL/${dateInZone(new Date(), 'Asia/Jakarta').slice(0, 4)}/0001`;
  const lookup = await fetch(`${server.url}/verify?q=${encodeURIComponent(number)}`, { redirect: 'manual' });
  expect(lookup.status, `look-up of ${number}`).toBeGreaterThanOrEqual(300);
  expect(lookup.status).toBeLessThan(400);
  const location = new URL(lookup.headers.get('location')!, server.url).pathname;
  const page = await fetch(`${server.url}${location}`);
  expect(page.status).toBe(200);
  return { location, text: await page.text() };
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/cli.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the embedded database', () => {
  it('a running server writes a backup on SIGUSR2; restore-backup makes a data folder a new server starts on, with the same data', async () => {
    const original = await started({ SEED: 'demo', BACKUP_HOUR: 'off' });
    const before = await firstCertificatePage(original);

    original.process.kill('SIGUSR2');
    const folder = path.join(original.dataDir, 'backups');
    const file = await waitFor('the backup file', () => {
      const done = existsSync(folder) ? readdirSync(folder).filter((f) => /^kompeten-\d{8}-\d{6}\.tar\.gz$/.test(f)) : [];
      return done.length ? path.join(folder, done[0]!) : undefined;
    });
    await waitFor('the log line', () => (original.output().includes('backup written (SIGUSR2)') ? true : undefined));
    // The server kept serving while it wrote the backup, and still does.
    expect((await fetch(`${original.url}/healthz`)).status).toBe(200);
    expect(await original.stop()).toBe(0);

    const restoredDir = mkdtempSync(path.join(tmpdir(), 'kompeten-restored-'));
    const restore = await cli(['restore-backup', file], { DATA_DIR: restoredDir });
    expect(restore.output).toContain('Restored');
    expect(restore.code).toBe(0);

    // A second restore into the same folder is refused and changes nothing.
    const again = await cli(['restore-backup', file], { DATA_DIR: restoredDir });
    expect(again.code).toBe(1);
    expect(again.output).toContain('already holds a database');

    // Not a backup: a clear refusal, no database left behind.
    const junk = path.join(restoredDir, 'junk.tar.gz');
    writeFileSync(junk, 'not a backup');
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'kompeten-junk-'));
    const bad = await cli(['restore-backup', junk], { DATA_DIR: emptyDir });
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('is not a Kompeten backup');
    expect(existsSync(path.join(emptyDir, 'pgdata')) && readdirSync(path.join(emptyDir, 'pgdata')).length > 0).toBe(false);

    const restored = await started({ DATA_DIR: restoredDir, SEED: 'none', BACKUP_HOUR: 'off' });
    const after = await firstCertificatePage(restored);
    expect(after.location).toBe(before.location);
    expect(after.text).toContain('KABAG-PMB/PEL/');
    // SEED=none on an empty database would have had no certificate at all: the data came from the backup.
  }, 360_000);
});

describe.skipIf(!usingPostgres())('PostgreSQL (PostgreSQL only)', () => {
  const databases: { url: string; drop(): Promise<void> }[] = [];

  afterAll(async () => {
    for (const database of databases) await database.drop();
  }, 60_000);

  it('pg_dump -Fc of the running portal, pg_restore into a new database, a server started on it finds the data', async () => {
    for (const prefix of ['kompeten_b', 'kompeten_r']) databases.push((await emptyPostgresDatabase(prefix))!);
    const [source, target] = databases.map((d) => d.url) as [string, string];
    const secret = randomBytes(32).toString('hex');

    const original = await started({ DATABASE_URL: source, SESSION_SECRET: secret, SEED: 'demo' });
    const before = await firstCertificatePage(original);
    const dump = path.join(mkdtempSync(path.join(tmpdir(), 'kompeten-pgdump-')), 'kompeten.dump');
    // As the README says: while the portal runs (pg_dump reads one consistent snapshot).
    await run('pg_dump', ['-Fc', '--no-owner', '-f', dump, source]);
    expect(await original.stop()).toBe(0);

    await run('pg_restore', ['--no-owner', '--exit-on-error', '-d', target, dump]);
    const restored = await started({ DATABASE_URL: target, SESSION_SECRET: secret, SEED: 'none' });
    const after = await firstCertificatePage(restored);
    expect(after.location).toBe(before.location);
    expect(after.text).toContain('KABAG-PMB/PEL/');
  }, 360_000);
});
