import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBodySize, refuseCrossOriginWrites } from '~/server/request-guards';

let server: Server;
let base: string;
const logged: string[] = [];

beforeAll(async () => {
  const app = express();
  const log = (line: string) => logged.push(line);
  app.use(refuseCrossOriginWrites(log));
  app.use(limitBodySize({ defaultBytes: 1024, uploadBytes: 8 * 1024, uploadPaths: ['/upload'] }, log));
  app.all('*', (req, res) => {
    let size = 0;
    req.on('data', (c: Buffer) => (size += c.length));
    req.on('end', () => res.json({ size }));
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const form = (bytes: number) => new URLSearchParams({ name: 'x'.repeat(bytes) }).toString();

describe('request guards', () => {
  it('a cross-origin POST answers a plain 403 with one log line', async () => {
    logged.length = 0;
    const res = await fetch(`${base}/cohorts/x/register`, { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'intent=register' });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toMatch(/at .*\(/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('cross-origin POST /cohorts/x/register');
  });

  it('a same-origin POST and a POST without Origin go through', async () => {
    const host = new URL(base).host;
    expect((await fetch(`${base}/a`, { method: 'POST', headers: { Origin: `http://${host}` }, body: 'a=1' })).status).toBe(200);
    expect((await fetch(`${base}/a`, { method: 'POST', body: 'a=1' })).status).toBe(200);
  });

  it('GET is never refused for its Origin', async () => {
    expect((await fetch(`${base}/a`, { headers: { Origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('a body over the limit answers 413 before it is read', async () => {
    const res = await fetch(`${base}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(4000) });
    expect(res.status).toBe(413);
    expect((await fetch(`${base}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(500) })).status).toBe(200);
  });

  it('uploads to an upload path may be larger, other paths may not', async () => {
    const body = new FormData();
    body.append('file', new Blob(['x'.repeat(4000)]), 'a.csv');
    expect((await fetch(`${base}/upload`, { method: 'POST', body })).status).toBe(200);
    const again = new FormData();
    again.append('file', new Blob(['x'.repeat(4000)]), 'a.csv');
    expect((await fetch(`${base}/login`, { method: 'POST', body: again })).status).toBe(413);
  });
});
