import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrations } from '~db/migrations/index';
import { openPGlite, openPostgres, type DatabaseHandle } from '~/lib/db.server';
import { prepareSchema } from '~/server/start';
import { createTestDatabase } from '../support/database';
import { emptyPostgresDatabase, repoRoot, runServerExpectingFailure, startServer } from '../support/server-process';

/**
 * A rolling upgrade (README "Upgrading"): migrations as a step of their own
 * (MIGRATE_ON_START=false + `npm run db:migrate`) while old instances keep serving. An
 * instance that must not migrate refuses a database that lacks its migrations, saying
 * what to run; an older instance serves on a newer schema that holds all of its own.
 */

const known = Object.keys(migrations).sort();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 60_000);

function npmRun(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function appliedMigrations(handle: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ exists: boolean }>`select to_regclass('kysely_migration') is not null as exists`.execute(handle.db);
  if (!rows[0]!.exists) return [];
  return (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db)).rows.map((r) => r.name);
}

describe('MIGRATE_ON_START=false with a real process', () => {
  it('refuses an empty database naming the step to run; after `npm run db:migrate` it starts without migrating', async () => {
    if (!existsSync(path.join(repoRoot, 'build/server/cli.js'))) throw new Error('No compiled server: run `npm run build` (npm test does it) first.');
    const database = await emptyPostgresDatabase('kompeten_upgrade');
    if (database) cleanups.push(() => database.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-upgrade-'));
    const env = { DATABASE_URL: database?.url ?? '', DATA_DIR: dataDir, MIGRATE_ON_START: 'false', SEED: 'none' };
    const open = () => (database ? openPostgres(database.url) : openPGlite({ dataDir }));

    const refused = await runServerExpectingFailure({ ...env, PORT: '39997' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Kompeten cannot start');
    expect(refused.output).toContain(`The database lacks ${known.length} migrations this version needs: ${known[0]}`);
    expect(refused.output).toContain('run `npm run db:migrate`');
    expect(refused.output).not.toMatch(/\n\s+at /);
    const untouched = await open();
    expect(await appliedMigrations(untouched)).toEqual([]);
    await untouched.close();

    // The separate step migrates whatever MIGRATE_ON_START says.
    const migrated = await npmRun('db:migrate', env);
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toContain(`Applied: ${known.join(', ')}`);

    const server = await startServer(env);
    cleanups.push(() => server.stop());
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).not.toContain('migrations applied');
    expect(await server.stop()).toBe(0);
  }, 240_000);
});

describe('the schema check at start', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle?.close());

  it('a current schema: nothing to do, with or without migrating', async () => {
    expect(await prepareSchema(handle, false, 'Kompeten')).toEqual([]);
    expect(await prepareSchema(handle, true, 'Kompeten')).toEqual([]);
  });

  it('a schema behind this version: refused without migrating, nothing changed', async () => {
    const last = known.at(-1)!;
    const row = await handle.db.selectFrom('kysely_migration' as never).selectAll().where('name' as never, '=', last as never).executeTakeFirstOrThrow();
    await sql`delete from kysely_migration where name = ${last}`.execute(handle.db);
    try {
      await expect(prepareSchema(handle, false, 'Kompeten')).rejects.toThrow(
        `The database lacks 1 migration this version needs: ${last}.\nMIGRATE_ON_START=false, so this process does not migrate: run \`npm run db:migrate\``,
      );
      expect(await appliedMigrations(handle)).toEqual(known.slice(0, -1));
    } finally {
      await handle.db.insertInto('kysely_migration' as never).values(row as never).execute();
    }
  });

  it('a newer version has migrated: an older instance serves on it without migrating, and says so', async () => {
    const newer = '2099_12_31_001_from_a_newer_version';
    await sql`insert into kysely_migration (name, timestamp) values (${newer}, ${new Date().toISOString()})`.execute(handle.db);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(await prepareSchema(handle, true, 'Kompeten')).toEqual([]);
      expect(warn).toHaveBeenCalledWith(`Kompeten: the database has newer migrations than this version (${newer}); serving on it without migrating.`);
      expect(await prepareSchema(handle, false, 'Kompeten')).toEqual([]);

      // Newer migrations and one of ours missing: another line of versions, refused.
      const last = known.at(-1)!;
      const row = await handle.db.selectFrom('kysely_migration' as never).selectAll().where('name' as never, '=', last as never).executeTakeFirstOrThrow();
      await sql`delete from kysely_migration where name = ${last}`.execute(handle.db);
      await expect(prepareSchema(handle, true, 'Kompeten')).rejects.toThrow(`it was migrated by a different version. Deploy the version that ran ${newer}`);
      await handle.db.insertInto('kysely_migration' as never).values(row as never).execute();
      expect(await appliedMigrations(handle)).toEqual([...known, newer]);
    } finally {
      warn.mockRestore();
      await sql`delete from kysely_migration where name = ${newer}`.execute(handle.db);
    }
  });
});
