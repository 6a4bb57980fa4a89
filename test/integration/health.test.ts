import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { healthEndpoint } from '~/server/health';
import { createTestDatabase } from '../support/database';
import { expectConsoleError } from '../support/fail-on-console-error';

/** `/healthz` as the server mounts it: in front of the page stack, on the process's database. */
async function serve(handle: DatabaseHandle): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.get('/healthz', healthEndpoint(handle));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/healthz`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('/healthz', () => {
  it('answers 200 with the database kind while the database answers', async () => {
    const server = await serve(handle);
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ status: 'ok', database: handle.kind });
    } finally {
      await server.close();
    }
  });

  it('answers 503 once the database is gone', async () => {
    const lost = await createTestDatabase();
    const server = await serve(lost);
    try {
      expect((await fetch(server.url)).status).toBe(200);
      await lost.close();
      const response = await fetch(server.url);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'error', database: lost.kind });
      expectConsoleError(1); // the failed check is logged, for the operator
    } finally {
      await server.close();
    }
  });
});
