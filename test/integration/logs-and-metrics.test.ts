import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '~/lib/db.server';
import { DEMO_PASSWORD } from '~/server/demo-seed';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { emptyPostgresDatabase, startServer, type RunningServer } from '../support/server-process';

/**
 * The portal as a process behind a proxy, through a realistic flow: its JSON log (every
 * line parsed, none carrying a demo person's e-mail, NIK or name), the client address it
 * takes from X-Forwarded-For (only from a trusted hop), and /metrics. On PostgreSQL when
 * TEST_DATABASE_URL is set, on the server's own embedded database otherwise (read here
 * after the server has stopped: one process per data folder).
 */

const METRICS_TOKEN = 'metrics-token-0123456789';
const FORWARDED = '203.0.113.7';
const REFUSED_ADDRESS = 'peserta@kompeten.test';
const SIGN_UP = { fullName: 'Larasati Wulandari', nik: '3375015508920003', email: 'larasati.w@contoh.test' };

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** Starts a server on a database of its own; `open()` reads that database once the server has stopped. */
async function serverWith(env: Record<string, string>): Promise<{ server: RunningServer; open(): Promise<DatabaseHandle> }> {
  const database = await emptyPostgresDatabase('kompeten_logs');
  if (database) cleanups.push(() => database.drop());
  const server = await startServer({ LOG_LEVEL: 'info', ...env, ...(database ? { DATABASE_URL: database.url } : {}) });
  cleanups.push(() => server.stop());
  return {
    server,
    async open() {
      const handle = await openDatabase({ databaseUrl: database?.url, dataDir: server.dataDir });
      cleanups.push(() => handle.close());
      return handle;
    },
  };
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

async function signIn(server: RunningServer, email: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${server.url}/login`, { method: 'POST', body: form({ email, password: DEMO_PASSWORD }), headers, redirect: 'manual' });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kompeten_session='));
  if (!cookie) throw new Error(`could not sign in as ${email} (${response.status})`);
  return cookie.split(';')[0]!;
}

/** One series of a Prometheus text exposition, e.g. `http_requests_total{method="GET",route="/verify",status="200"}`. */
function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** The sum of a metric's series whose labels include all of `labels` (e.g. `route="/verify"`). */
function metricSum(text: string, name: string, labels: string[]): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function scrape(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

interface LogLine {
  time?: string;
  level?: string;
  msg?: string;
  component?: string;
  reqId?: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
}

function parseLog(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`a log line that is not JSON: ${line}`);
      }
    });
}

describe('a server behind a proxy (TRUST_PROXY=1), with mail that fails and a metrics token', () => {
  let smtp: TestSmtpServer;
  let a: Awaited<ReturnType<typeof serverWith>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    smtp.rejectRecipient(REFUSED_ADDRESS, 550, `5.1.1 <${REFUSED_ADDRESS}>: Recipient address rejected`);
    a = await serverWith({ TRUST_PROXY: '1', METRICS_TOKEN, SMTP_URL: smtp.url, MAIL_MAX_ATTEMPTS: '1' });
  }, 300_000);

  it('logs JSON lines without personal data, sees the forwarded client, and counts it all in /metrics', async () => {
    const { server } = a;
    const proxied = { 'X-Forwarded-For': FORWARDED };

    // /metrics: refused without the token, counting with it.
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const before = await scrape(server);
    expect(before).toContain('process_cpu_seconds_total');
    expect(before).toContain('nodejs_heap_size_used_bytes');

    // A visitor searches the public register by a name and by a NIK (query strings stay out of the log).
    const searches = ['Sri Wahyuni', SIGN_UP.nik];
    for (const q of searches) {
      const response = await fetch(`${server.url}/verify?q=${encodeURIComponent(q)}`, { headers: { ...proxied, 'X-Request-Id': 'proxy-request-0001' } });
      await response.arrayBuffer();
      expect(response.headers.get('x-request-id')).toBe('proxy-request-0001');
    }
    // An id that does not look like one is replaced.
    const odd = await fetch(`${server.url}/verify`, { headers: { 'X-Request-Id': 'a b' } });
    await odd.arrayBuffer();
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // A wrong password, then the coordinator signs in and registers a cooperative, all through the proxy.
    const wrong = await fetch(`${server.url}/login`, { method: 'POST', body: form({ email: 'koordinator@kompeten.test', password: 'salah-sekali' }), headers: proxied, redirect: 'manual' });
    expect(wrong.status).toBe(400);
    const coordinator = await signIn(server, 'koordinator@kompeten.test', proxied);
    const created = await fetch(`${server.url}/cooperatives/new`, {
      method: 'POST',
      body: form({ name: 'KSP Jejak Proksi', type: 'KSP', cooperativeNumber: '3375019999990077' }),
      headers: { ...proxied, Cookie: coordinator },
      redirect: 'manual',
    });
    expect(created.status).toBe(302);

    // Someone signs up (for a cooperative that does not exist: refused, with their data in the form).
    const signUp = await fetch(`${server.url}/signup`, {
      method: 'POST',
      body: form({ ...SIGN_UP, birthDate: '15-08-1992', password: 'Rahasia-2026!', passwordConfirm: 'Rahasia-2026!', cooperativeId: '0f3c9a2e-1b4d-4e5f-8a6b-7c8d9e0f1a2b', position: 'Kasir' }),
      headers: proxied,
      redirect: 'manual',
    });
    expect([200, 302, 400, 404]).toContain(signUp.status);
    await signUp.arrayBuffer();

    // A password reset for an address the mail server refuses: the message fails for good.
    const reset = await fetch(`${server.url}/forgot-password`, { method: 'POST', body: form({ email: REFUSED_ADDRESS }), headers: proxied, redirect: 'manual' });
    expect(reset.status).toBe(302);

    // The worker has tried it: /metrics says so (the outbox figures are cached for a few seconds).
    let after = await scrape(server);
    const deadline = Date.now() + 90_000;
    while (
      (metricValue(after, 'kompeten_mail_outbox_messages{status="failed"}') < 1 ||
        metricValue(after, 'kompeten_mail_outbox_messages{status="pending"}') + metricValue(after, 'kompeten_mail_outbox_messages{status="sending"}') > 0) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 500));
      after = await scrape(server);
    }
    expect(metricValue(after, 'kompeten_mail_deliveries_total{outcome="failed"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(after, 'kompeten_mail_failed_messages')).toBe(metricValue(after, 'kompeten_mail_outbox_messages{status="failed"}'));
    const verify = (text: string) => metricSum(text, 'http_requests_total', ['route="/verify"']);
    expect(verify(after) - verify(before)).toBe(3);
    expect(metricValue(after, 'http_requests_total{method="POST",route="/cooperatives/new",status="302"}')).toBe(1);
    expect(metricValue(after, 'http_request_duration_seconds_count{method="POST",route="/cooperatives/new",status="302"}')).toBe(1);
    expect(metricValue(after, 'http_requests_total{method="GET",route="/metrics",status="401"}')).toBe(2);
    expect(after).not.toContain('Sri');

    // The operator's page shows the same figures as /metrics, and the error without the address.
    const operator = await signIn(server, 'operator@kompeten.test');
    const page = await (await fetch(`${server.url}/platform/mail`, { headers: { Cookie: operator } })).text();
    for (const status of ['pending', 'sending', 'sent', 'failed']) {
      const shown = new RegExp(`data-status-count="${status}">(\\d+)<`).exec(page)?.[1];
      expect(Number(shown), status).toBe(metricValue(after, `kompeten_mail_outbox_messages{status="${status}"}`));
    }
    expect(page).toContain('password-reset');
    expect(page).toContain('Recipient address rejected');
    expect(page).not.toContain(REFUSED_ADDRESS);

    expect(await server.stop()).toBe(0);
    const lines = parseLog(server.output());
    const db = (await a.open()).db;

    // The outbox as the last scrape saw it.
    const outbox = await db.selectFrom('mail_outbox').select(['status']).execute();
    for (const status of ['pending', 'sending', 'sent', 'failed'] as const) {
      expect(outbox.filter((m) => m.status === status).length, status).toBe(metricValue(after, `kompeten_mail_outbox_messages{status="${status}"}`));
    }

    // Every line: JSON with a time and a level.
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line.time, JSON.stringify(line)).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
    }
    // A request line: id, route pattern, status, duration.
    const created_ = lines.find((l) => l.msg === 'request' && l.method === 'POST' && l.route === '/cooperatives/new');
    expect(created_).toMatchObject({ status: 302, component: 'http' });
    expect(created_!.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created_!.durationMs).toBeGreaterThan(0);
    expect(lines.filter((l) => l.reqId === 'proxy-request-0001').map((l) => l.route)).toEqual(['/verify', '/verify']);
    // The failed delivery is logged, by the message's id.
    const failed = await db.selectFrom('mail_outbox').select('id').where('status', '=', 'failed').where('template', '=', 'password-reset').executeTakeFirstOrThrow();
    expect(lines.some((l) => l.level === 'warn' && l.msg?.includes(failed.id))).toBe(true);

    // No personal value of anyone in the database, nor what was typed, in any line.
    const people = await db.selectFrom('people').select(['nik', 'full_name', 'email']).execute();
    const users = await db.selectFrom('users').select(['email', 'display_name']).execute();
    const personal = new Set<string>([...searches, ...Object.values(SIGN_UP), REFUSED_ADDRESS, FORWARDED]);
    for (const p of people) for (const v of [p.nik, p.full_name, p.email]) if (v) personal.add(v);
    for (const u of users) for (const v of [u.email, u.display_name]) if (v && v.length >= 6) personal.add(v);
    expect(personal.size).toBeGreaterThan(100);
    const output = server.output().toLowerCase();
    const found = [...personal].filter((value) => output.includes(value.toLowerCase()) || output.includes(encodeURIComponent(value).toLowerCase()));
    expect(found).toEqual([]);

    // The audit log and the rate limits saw the forwarded address, one format for all.
    const audit = await db.selectFrom('audit_log').select(['ip']).where('action', 'like', 'cooperative%').where('ip', 'is not', null).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.ip).toBe(FORWARDED);
    const limits = (await db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(limits).toContain(`signIn:ip:${FORWARDED}`);
    const allIps = (await db.selectFrom('audit_log').select('ip').where('ip', 'is not', null).execute()).map((r) => r.ip!);
    expect(allIps.filter((ip) => ip.startsWith('::ffff:'))).toEqual([]);
  }, 300_000);
});

describe('a server whose proxy is elsewhere (TRUST_PROXY=10.9.9.9), on 127.0.0.1, without a metrics token', () => {
  it('ignores X-Forwarded-For from an untrusted peer, listens only where told, and has no /metrics', async () => {
    const b = await serverWith({ TRUST_PROXY: '10.9.9.9', HOST: '127.0.0.1' });
    const { server } = b;
    const port = new URL(server.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await expect(fetch(`http://[::1]:${port}/healthz`)).rejects.toThrow();

    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);

    const forged = { 'X-Forwarded-For': '203.0.113.99' };
    const wrong = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', body: form({ email: 'koordinator@kompeten.test', password: 'salah-sekali' }), headers: forged, redirect: 'manual' });
    expect(wrong.status).toBe(400);
    const coordinator = await signIn(server, 'koordinator@kompeten.test', forged);
    const created = await fetch(`http://127.0.0.1:${port}/cooperatives/new`, {
      method: 'POST',
      body: form({ name: 'KSP Jejak Palsu', type: 'KSP', cooperativeNumber: '3375019999990078' }),
      headers: { ...forged, Cookie: coordinator },
      redirect: 'manual',
    });
    expect(created.status).toBe(302);
    expect(server.output()).toContain('"host":"127.0.0.1"');

    expect(await server.stop()).toBe(0);
    const db = (await b.open()).db;
    const limits = (await db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(limits).toContain('signIn:ip:127.0.0.1');
    expect(limits.filter((k) => k.includes('203.0.113.99'))).toEqual([]);
    const audit = await db.selectFrom('audit_log').select(['ip']).where('action', 'like', 'cooperative%').where('ip', 'is not', null).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.ip).toBe('127.0.0.1');
  }, 300_000);
});
