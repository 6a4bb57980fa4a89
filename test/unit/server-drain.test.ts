import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drainable } from '~/server/start';
import { logLinesOfThisTest } from '../support/fail-on-console-error';

/** The HTTP part of the shutdown (app/server/start.ts), on a plain server in this process. */

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

async function serve(handler: http.RequestListener, timeoutMs: number) {
  const server = http.createServer(handler);
  servers.push(server);
  // A short idle grace (the server default is its keep-alive timeout, 5 s) keeps the test quick.
  const { drain } = drainable(server, timeoutMs, 500);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, drain };
}

function get(url: string, agent: http.Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

describe('draining the HTTP server at shutdown', () => {
  it('lets a request in progress finish (telling its client to close) and is not held open by idle keep-alive connections', async () => {
    const { url, drain } = await serve((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('slow'), 300);
      else res.end('fast');
    }, 10_000);
    // A kept-alive connection, idle from now on.
    const idleAgent = new http.Agent({ keepAlive: true });
    expect(await get(`${url}/fast`, idleAgent)).toEqual({ status: 200, connection: 'keep-alive' });
    const [idleSocket] = Object.values(idleAgent.freeSockets).flat();
    const idleClosed = new Promise((resolve) => idleSocket!.once('close', resolve));

    const busyAgent = new http.Agent({ keepAlive: true });
    const slow = get(`${url}/slow`, busyAgent);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await drain();
    const took = Date.now() - started;

    expect(await slow).toEqual({ status: 200, connection: 'close' });
    await idleClosed;
    // The idle connection is closed after its grace (0.5 s), not left to hold the drain.
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2_000);
    await expect(get(`${url}/fast`, new http.Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    idleAgent.destroy();
    busyAgent.destroy();
  });

  it('cuts a request still running at the time limit', async () => {
    const { url, drain } = await serve(() => {
      // never answers
    }, 300);
    const hanging = get(`${url}/forever`, new http.Agent({ keepAlive: true }));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await drain();
    const took = Date.now() - started;

    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2_000);
    await expect(hanging).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(logLinesOfThisTest().map((l) => `${l.level}: ${l.msg}`)).toContain('warn: requests still running after 0.3 s: closing their connections');
  });
});
