import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportBatch } from '~/domain/cooperatives/import/batches.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { loadApp, type TestApp } from '../support/app';
import { type CooperativesWorld, demoToday, openCooperativesWorld } from '../support/cooperatives-fixtures';
import { usingPostgres } from '../support/database';
import { repoRoot } from '../support/server-process';

/**
 * An import whose worker process dies (SIGKILL) in the middle of its commit, on
 * PostgreSQL where workers are separate processes: nothing of it is saved, the page
 * offers to try again once the heartbeat has stopped, and the retry commits.
 */

const NUMBERS = ['3375050000000001', '3375050000000002', '3375050000000003'];

describe.skipIf(!usingPostgres())('an import whose worker is killed mid-commit', () => {
  let handle: DatabaseHandle;
  let app: TestApp;
  let world: CooperativesWorld;
  let workerUrl: string;
  let blocker: pg.Client;

  beforeAll(async () => {
    ({ handle, world } = await openCooperativesWorld(demoToday()));
    app = await loadApp(handle);
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    blocker = new pg.Client({ connectionString: url.toString() });
    await blocker.connect();
    url.searchParams.set('application_name', 'import-worker');
    workerUrl = url.toString();
  });
  afterAll(async () => {
    await blocker?.end();
    await handle?.close();
  });

  const workerBackends = async () => (await blocker.query(`select pid, wait_event_type from pg_stat_activity where application_name = 'import-worker'`)).rows as { pid: number; wait_event_type: string | null }[];
  const saved = async () => (await handle.db.selectFrom('cooperatives').select('name').where('cooperative_number', 'in', NUMBERS).execute()).length;
  async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('saves nothing, shows the batch as interrupted, and commits it on retry', async () => {
    const csv = ['nomor_induk_koperasi,nama_koperasi,jenis', ...NUMBERS.map((n, i) => `${n},KSP Terhenti ${i + 1},KSP`)].join('\n');
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'registri.csv', data: new TextEncoder().encode(csv) });
    const cookie = await app.sessionCookie(world.ids.coordinatorId);
    const page = `/cooperatives/import/${batch.id}`;

    // The worker's commit will stop at its first audit row: the cooperatives are written (uncommitted) by then.
    await blocker.query('begin');
    await blocker.query('lock table audit_log in exclusive mode');
    const worker = spawn(process.execPath, ['--import', 'tsx', 'test/support/import-commit-worker.ts', workerUrl, batch.id, world.ids.coordinatorId, world.dinasId], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (chunk) => (output += chunk));
    worker.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    try {
      await until('the worker to claim the batch', async () => output.includes('claimed') || worker.exitCode !== null);
      expect(output).toContain('claimed');
      await until('the commit to wait on the lock', async () => (await workerBackends()).some((b) => b.wait_event_type === 'Lock'));

      // Alive: the batch is committing, and confirming again does not take it.
      expect(await (await app.request(page, { cookie })).text()).toContain('Menyimpan 3 baris dalam satu transaksi');
      expect((await app.postForm(page, { intent: 'confirm' }, cookie)).status).toBe(302);
    } finally {
      worker.kill('SIGKILL');
      await exited;
      await blocker.query('rollback');
    }
    // Its session ends as soon as the database notices the connection is gone.
    await until('the dead worker’s database sessions to end', async () => (await workerBackends()).length === 0);
    expect(await saved()).toBe(0);
    const row = await handle.db.selectFrom('import_batches').select(['status']).where('id', '=', batch.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('committing');

    // Half a minute later (its heartbeat stopped with it): interrupted, with a retry.
    await handle.db.updateTable('import_batches').set({ heartbeat_at: new Date(Date.now() - 60_000) }).where('id', '=', batch.id).execute();
    const interrupted = await (await app.request(page, { cookie })).text();
    expect(interrupted).toContain('Penyimpanan terputus');
    expect(interrupted).toContain('Coba lagi');
    expect((await app.postForm(page, { intent: 'confirm' }, cookie)).status).toBe(303);
    expect(await (await app.request(page, { cookie })).text()).toContain('Impor selesai');
    expect(await saved()).toBe(3);
  }, 90_000);
});
