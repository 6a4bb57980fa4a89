import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPGlite, DatabaseOpenError } from '~/lib/db.server';
import { runServerExpectingFailure, startServer, type RunningServer } from '../support/server-process';

const running: RunningServer[] = [];
afterAll(async () => {
  for (const server of running) await server.stop();
});

describe('starting the portal', () => {
  it('refuses a bad environment with one line per bad variable and no stack trace', async () => {
    const { code, output } = await runServerExpectingFailure({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', SEED: 'some' });
    expect(code).toBe(1);
    expect(output).toContain('Kompeten cannot start');
    expect(output).toMatch(/PORT: /);
    expect(output).toMatch(/DATABASE_URL: must be a postgres/);
    expect(output).toMatch(/SEED: /);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('says clearly when PostgreSQL cannot be reached', async () => {
    const { code, output } = await runServerExpectingFailure({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '39999' });
    expect(code).toBe(1);
    expect(output).toContain('Cannot connect to PostgreSQL at postgres://nobody@127.0.0.1:1/none');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('serves /healthz, and a second process on the same data folder stops with a clear message', async () => {
    // No demo data: loading it takes most of a start on a busy machine, and nothing here reads it.
    const server = await startServer({ SEED: 'none' });
    running.push(server);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    // Pages carry the security headers (/healthz is answered in front of the page stack).
    const page = await fetch(`${server.url}/login`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const second = await runServerExpectingFailure({ DATA_DIR: server.dataDir, PORT: '39998' });
    expect(second.code).toBe(1);
    expect(second.output).toContain('is in use by another Kompeten process');

    // The first one is unharmed and stops cleanly on SIGTERM.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('the embedded database holds a lock while open and frees it on close', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-lock-'));
    const first = await openPGlite({ dataDir });
    await expect(openPGlite({ dataDir })).rejects.toThrow(DatabaseOpenError);
    await first.close();
    const again = await openPGlite({ dataDir });
    await again.close();
  });
});
