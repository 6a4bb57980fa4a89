import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServer } from '~/server/app-server';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves `app` on `make(app)` and reports, per request, the prototypes before express saw it. */
async function serve(make: (app: express.Express) => http.Server) {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.get('/who', (req, res) => res.json({ ip: req.ip, query: req.query, path: req.path }));
  const first: { request: boolean; response: boolean }[] = [];
  server = make(app);
  // Before express's own listener: what the HTTP server made, untouched.
  server.prependListener('request', (req, res) => {
    first.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response });
  });
  if (!server.listening) server.listen(0, '127.0.0.1');
  await new Promise((resolve) => (server!.listening ? resolve(null) : server!.once('listening', resolve)));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, first };
}

describe('the HTTP server of the portal', () => {
  it("makes each request and response with the app's prototypes, so express never changes them", async () => {
    const { base, first } = await serve((app) => createAppServer(app));
    const res = await fetch(`${base}/who?q=jasa`, { headers: { 'X-Forwarded-For': '10.1.2.3' } });
    expect(await res.json()).toEqual({ ip: '10.1.2.3', query: { q: 'jasa' }, path: '/who' });
    const next = await fetch(`${base}/nowhere`);
    expect(next.status).toBe(404);
    expect(first).toEqual([
      { request: true, response: true },
      { request: true, response: true },
    ]);
  });

  it('(what app.listen does: plain Node objects, whose prototype express then changes on every request)', async () => {
    const { base, first } = await serve((app) => app.listen(0, '127.0.0.1'));
    await (await fetch(`${base}/who`)).json();
    expect(first).toEqual([{ request: false, response: false }]);
  });
});
