import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authCookie } from '~/lib/auth-cookie.server';
import { parseConfig, setConfig } from '~/lib/config.server';
import { openPostgres, type DatabaseHandle } from '~/lib/db.server';
import { createAuthSession } from '~/lib/sessions.server';
import { examCohort } from '../support/assessment-fixtures';
import { cooperativeWithStaff, demoIds, openCohort, participantFor, type DemoIds } from '../support/cohorts-fixtures';
import { usingPostgres } from '../support/database';
import { underStartLock } from '~/server/start';
import { repoRoot, startServer, type RunningServer } from '../support/server-process';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

/**
 * Several portal processes on one PostgreSQL database, as a province runs them behind a
 * load balancer: three start at the same moment on an empty database (one migrates and
 * seeds, the others wait for it); two then serve behind a round-robin proxy — a session
 * made on one works on the other, a registration race split across both confirms exactly
 * the seats, the mail both queue is delivered exactly once by the workers of both,
 * certificates issued on both at once never share a number, and one of the two stopped
 * while requests flow behind a health-checking, retrying proxy fails no request.
 */

/** A small round-robin HTTP proxy in front of `targets`; counts what each one answered. */
async function roundRobinProxy(targets: string[]) {
  let next = 0;
  const served = targets.map(() => 0);
  const server = http.createServer((req, res) => {
    const index = next++ % targets.length;
    served[index]! += 1;
    const target = new URL(targets[index]!);
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, served, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A proxy as an operator configures one (README "Behind a proxy"): round robin over the
 * instances it finds healthy (`/healthz` polled, as Caddy's health_uri), and a request
 * whose connection an instance refused — never taken, so safe to send again, even a POST —
 * retried on the next one for up to `tryDurationMs` (Caddy's lb_try_duration, nginx's
 * proxy_next_upstream error). Any other upstream failure is answered 502, not retried.
 */
async function retryingProxy(targets: string[], tryDurationMs = 5_000) {
  const healthy = targets.map(() => true);
  const served = targets.map(() => 0);
  let retries = 0;
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const checks = setInterval(() => {
    targets.forEach((target, i) => {
      const check = http.get(`${target}/healthz`, { agent: false, timeout: 2_000 }, (answer) => {
        answer.resume();
        healthy[i] = answer.statusCode === 200;
      });
      check.on('error', () => (healthy[i] = false));
      check.on('timeout', () => check.destroy(new Error('health check timed out')));
    });
  }, 100);
  const pick = () => {
    for (let n = 0; n < targets.length; n++) {
      const i = next++ % targets.length;
      if (healthy[i]) return i;
    }
    return next++ % targets.length;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const giveUpAt = Date.now() + tryDurationMs;
      const attempt = () => {
        const index = pick();
        const target = new URL(targets[index]!);
        const upstream = http.request(
          { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
          (answer) => {
            served[index]! += 1;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          const notTaken = error.code === 'ECONNREFUSED' || (!upstream.reusedSocket && error.code === 'ECONNRESET');
          if (notTaken && Date.now() < giveUpAt) {
            healthy[index] = false;
            retries++;
            setTimeout(attempt, 20);
            return;
          }
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`upstream ${target.port}: ${error.code ?? ''} ${error.message}`);
        });
        upstream.end(body);
      };
      attempt();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    retries: () => retries,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(checks);
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!usingPostgres())('several instances on one PostgreSQL (PostgreSQL only)', () => {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `kompeten_i_${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(32).toString('hex');
  let url: string;
  let smtp: TestSmtpServer;
  let servers: RunningServer[] = [];
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
  let handle: DatabaseHandle;
  let ids: DemoIds;

  const cookieFor = async (userId: string) => (await authCookie().serialize((await createAuthSession(handle.db, userId, { ip: '127.0.0.1', userAgent: 'vitest' })).id)).split(';')[0]!;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    smtp = await startSmtpServer();
    // The test signs sessions the way the servers do: the same secret.
    setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', SESSION_SECRET: secret, DATABASE_URL: url, DATA_DIR: path.join(repoRoot, '.cache/test-data') }));
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await handle?.close();
    await smtp?.close();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }, 60_000);

  it('the start lock: migrations and seeding of two processes run one after the other, never interleaved', async () => {
    const [one, two] = [await openPostgres(url), await openPostgres(url)];
    const steps: string[] = [];
    const work = (who: string) => async () => {
      steps.push(`${who} in`);
      await new Promise((r) => setTimeout(r, 300));
      steps.push(`${who} out`);
    };
    await Promise.all([underStartLock(one, work('a')), underStartLock(two, work('b'))]);
    await Promise.all([one.close(), two.close()]);
    expect([steps.slice(0, 2), steps.slice(2)].map((pair) => pair.map((s) => s.split(' ')[1]))).toEqual([
      ['in', 'out'],
      ['in', 'out'],
    ]);
  }, 30_000);

  it('three instances started at the same moment on an empty database all come up; one migrated and seeded it', async () => {
    const env = { DATABASE_URL: url, SESSION_SECRET: secret, SMTP_URL: smtp.url, SEED: 'demo' };
    servers = await Promise.all([startServer(env), startServer(env), startServer(env)]);
    for (const server of servers) {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(server.output()).not.toMatch(/cannot start|duplicate key/i);
    }
    const loaded = servers.filter((s) => s.output().includes('demo data loaded'));
    expect(loaded).toHaveLength(1);
    const migrated = servers.filter((s) => s.output().includes('migrations applied'));
    expect(migrated).toHaveLength(1);

    handle = await openPostgres(url);
    const dinas = await handle.db.selectFrom('institutions').select('name').where('kind', '=', 'dinas').execute();
    expect(dinas).toHaveLength(2);
    const coordinators = await handle.db.selectFrom('users').select('id').where('email', '=', 'koordinator@kompeten.test').execute();
    expect(coordinators).toHaveLength(1);
    ids = await demoIds(handle.db);

    // Two serve on, behind the proxy.
    await servers.pop()!.stop();
    proxy = await roundRobinProxy(servers.map((s) => s.url));
  }, 240_000);

  it('a session made through one instance works on the other', async () => {
    const signIn = await fetch(`${proxy.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: proxy.url },
      body: new URLSearchParams({ email: 'koordinator@kompeten.test', password: 'Kompeten2026!', redirectTo: '/cohorts' }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(302);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('kompeten_session='));
    expect(cookie).toBeDefined();
    for (const server of servers) {
      const page = await fetch(`${server.url}/cohorts`, { headers: { cookie: cookie! }, redirect: 'manual' });
      expect(page.status, server.url).toBe(200);
      expect(await page.text()).toContain('Angkatan');
    }
  }, 60_000);

  it('200 registrations at once through the proxy, split across both: exactly the 25 seats confirmed, each mail delivered once', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 25, quota: 2 });
    const cookies: string[] = [];
    for (let c = 0; c < 40; c++) {
      const coop = await cooperativeWithStaff(handle.db, ids.dinasId, Array(5).fill('Kepala Bagian Pembiayaan'));
      for (const personId of coop.personIds) cookies.push(await cookieFor((await participantFor(handle.db, personId)).userId));
    }
    const servedBefore = [...proxy.served];
    const answers = await Promise.all(
      cookies.map((cookie) =>
        fetch(`${proxy.url}/cohorts/${cohortId}/register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: proxy.url, cookie },
          body: new URLSearchParams({ redirectTo: `/cohorts/${cohortId}` }),
          redirect: 'manual',
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(cookies.map(() => 302));
    // Both instances took a share of the race.
    for (const [i, count] of proxy.served.entries()) expect(count - servedBefore[i]!, servers[i]!.url).toBeGreaterThanOrEqual(90);

    const rows = await handle.db.selectFrom('enrollments').select(['status', 'person_id']).where('cohort_id', '=', cohortId).execute();
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.person_id)).size).toBe(200);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(25);
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(175);

    // The workers of both instances drain the outbox; every message reaches the server once.
    const recipients = await handle.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('template', 'in', ['enrollment-confirmed', 'enrollment-waitlisted'])
      .execute();
    expect(recipients).toHaveLength(200);
    const deadline = Date.now() + 90_000;
    for (;;) {
      const pending = await handle.db
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '!=', 'sent')
        .executeTakeFirstOrThrow();
      if (Number(pending.n) === 0) break;
      if (Date.now() > deadline) throw new Error(`${pending.n} messages still not sent after 90 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // A little longer: a second delivery of the same message would arrive now.
    await new Promise((r) => setTimeout(r, 1000));
    for (const { to_address } of recipients) expect(smtp.messagesTo(to_address), to_address).toHaveLength(1);
    const sent = await handle.db.selectFrom('mail_outbox').select('message_id').where('status', '=', 'sent').execute();
    const received = smtp.messages.map((m) => m.parsed.messageId);
    expect(received).toHaveLength(sent.length);
    expect(new Set(received).size).toBe(received.length);
  }, 300_000);

  it('certificates issued on both instances at once never share a number', async () => {
    const cohorts = [
      (await examCohort(handle.db, ids, { participants: 16 })).cohortId,
      (await examCohort(handle.db, ids, { participants: 16 })).cohortId,
    ];
    const coordinator = await cookieFor((await handle.db.selectFrom('users').select('id').where('email', '=', 'koordinator@kompeten.test').executeTakeFirstOrThrow()).id);
    // Each cohort issued from both instances at the same moment.
    const answers = await Promise.all(
      cohorts.flatMap((cohortId) =>
        servers.map((server) =>
          fetch(`${server.url}/cohorts/${cohortId}/certificates`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, cookie: coordinator },
            body: new URLSearchParams({}),
            redirect: 'manual',
          }),
        ),
      ),
    );
    expect(answers.every((a) => a.status === 302 || a.status === 303)).toBe(true);

    // Issuing may finish after the answer (a large cohort runs on): wait for the 30.
    const issuedFor = () =>
      handle.db
        .selectFrom('certificates as x')
        .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
        .select(['x.enrollment_id', 'x.kind'])
        .where('e.cohort_id', 'in', cohorts)
        .execute();
    const deadline = Date.now() + 60_000;
    while ((await issuedFor()).length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const rows = await issuedFor();
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => `${r.enrollment_id}:${r.kind}`)).size).toBe(30);

    const all = await handle.db
      .selectFrom('certificates')
      .select(['sequence', 'sequence_year', 'number'])
      .where('sequence', 'is not', null)
      .orderBy('sequence_year')
      .orderBy('sequence')
      .execute();
    const byYear = new Map<number, number[]>();
    for (const r of all) byYear.set(r.sequence_year!, [...(byYear.get(r.sequence_year!) ?? []), r.sequence!]);
    for (const seqs of byYear.values()) expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
    expect(new Set(all.map((r) => r.number)).size).toBe(all.length);
    const { n } = await sql<{ n: number }>`select count(distinct number)::int as n from certificates`.execute(handle.db).then((r) => r.rows[0]!);
    expect(n).toBe(all.length);
  }, 180_000);

  it('one of two instances stopped while requests flow through a retrying proxy: no request fails', async () => {
    const retrying = await retryingProxy(servers.map((s) => s.url));
    const coordinator = await cookieFor((await handle.db.selectFrom('users').select('id').where('email', '=', 'koordinator@kompeten.test').executeTakeFirstOrThrow()).id);
    const pages = ['/healthz', '/cohorts', '/cooperatives', '/programs'];
    const clientAgent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    const outcomes: { status: number; error?: string; at: number }[] = [];
    let stopAfter = Infinity;
    const client = async (index: number) => {
      for (let i = index; Date.now() < stopAfter; i++) {
        const pathname = pages[i % pages.length]!;
        const outcome = await new Promise<{ status: number; error?: string; at: number }>((resolve) => {
          const req = http.get(`${retrying.url}${pathname}`, { agent: clientAgent, headers: { cookie: coordinator, 'accept-language': 'id' } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, error: (res.statusCode ?? 0) >= 500 ? `${pathname}: ${text.slice(0, 200)}` : undefined, at: Date.now() }));
          });
          req.on('error', (error) => resolve({ status: 0, error: `${pathname}: ${error.message}`, at: Date.now() }));
        });
        outcomes.push(outcome);
      }
    };
    const clients = Array.from({ length: 10 }, (_, i) => client(i));
    try {
      // Steady traffic on both before the stop.
      const servedBefore = [...retrying.served];
      const warmUntil = Date.now() + 60_000;
      while (Date.now() < warmUntil && retrying.served.some((n, i) => n - servedBefore[i]! < 20)) await new Promise((r) => setTimeout(r, 50));
      const stopping = servers.shift()!;
      const signalAt = Date.now();
      stopping.process.kill('SIGTERM');
      expect(await stopping.exited, stopping.output()).toBe(0);
      const stoppedAt = Date.now();
      // And on, through the one left, until a good number more has been answered.
      const answeredAtStop = outcomes.length;
      const settleUntil = Date.now() + 60_000;
      while (outcomes.length < answeredAtStop + 100 && Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 50));
      stopAfter = 0;
      await Promise.all(clients);

      const failures = outcomes.filter((o) => o.status === 0 || o.status >= 500).map((o) => o.error);
      console.log(
        `[instances test] stop under load: ${JSON.stringify({
          answered: outcomes.length,
          duringDrain: outcomes.filter((o) => o.at >= signalAt && o.at <= stoppedAt).length,
          afterStop: outcomes.filter((o) => o.at > stoppedAt).length,
          retriedOnRefusal: retrying.retries(),
          drainMs: stoppedAt - signalAt,
          failures: failures.length,
        })}`,
      );
      expect(failures.slice(0, 10)).toEqual([]);
      expect(outcomes.filter((o) => o.at > stoppedAt).length).toBeGreaterThanOrEqual(100);
      expect(outcomes.every((o) => o.status === 200)).toBe(true);
      expect(stopping.output()).toContain('SIGTERM received');
    } finally {
      stopAfter = 0;
      await Promise.all(clients);
      clientAgent.destroy();
      await retrying.close();
    }
  }, 240_000);
});
