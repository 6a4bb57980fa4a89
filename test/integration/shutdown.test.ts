import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyPostgresDatabase, logMessages, startServer, type RunningServer } from '../support/server-process';

/**
 * A restart under load: the portal runs as a real process (on PostgreSQL when
 * TEST_DATABASE_URL is set, on its own embedded database otherwise), 20 clients keep
 * asking for pages that read the database, and SIGTERM arrives in the middle. Every
 * request the server took must be answered properly, and the process must exit 0.
 */

const CLIENTS = 20;
const LOAD_BEFORE_SIGNAL_MS = 1_500;
const LOAD_LIMIT_MS = 30_000;
const PATHS = ['/healthz', '/', '/koperasi/tidak-ada', '/login'];

type Ending =
  | { kind: 'answered'; status: number }
  // The connection was refused: the server had stopped listening (not taken).
  | { kind: 'refused' }
  // A kept-alive connection closed under a request before any byte of an answer.
  | { kind: 'closed-unanswered' }
  // A new connection reset before any byte: the kernel had queued it when the server
  // stopped listening, and resets what the process never accepted (not taken, like refused).
  | { kind: 'reset-new' }
  | { kind: 'error'; message: string };
type Outcome = { path: string; sentAt: number; endedAt: number } & Ending;

function request(url: string, path: string, agent: http.Agent): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const end = (ending: Ending) => resolve({ ...ending, path, sentAt, endedAt: Date.now() });
    const req = http.get(`${url}${path}`, { agent, headers: { 'accept-language': 'id' } }, (res) => {
      res.resume();
      res.on('end', () => end({ kind: 'answered', status: res.statusCode ?? 0 }));
      res.on('error', (error) => end({ kind: 'error', message: `response: ${error.message}` }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') end({ kind: 'refused' });
      else if (req.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up')) end({ kind: 'closed-unanswered' });
      else if (!req.reusedSocket && error.code === 'ECONNRESET') end({ kind: 'reset-new' });
      else end({ kind: 'error', message: `${error.code ?? ''} ${error.message}` });
    });
  });
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('stopping the portal', () => {
  it('on SIGTERM under load finishes every request it took, then exits 0', async () => {
    const database = await emptyPostgresDatabase('kompeten_shutdown');
    if (database) cleanups.push(() => database.drop());
    const server: RunningServer = await startServer(database ? { DATABASE_URL: database.url } : {});
    cleanups.push(() => server.stop());
    expect(server.output()).toContain(`(database: ${database ? 'postgres' : 'pglite'})`);

    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    cleanups.push(async () => agent.destroy());
    let exited = false;
    void server.exited.then(() => (exited = true));
    const outcomes: Outcome[] = [];
    const loadUntil = Date.now() + LOAD_LIMIT_MS;

    const client = async (index: number) => {
      for (let i = index; !exited && Date.now() < loadUntil; i++) {
        const outcome = await request(server.url, PATHS[i % PATHS.length]!, agent);
        outcomes.push(outcome);
        if (outcome.kind === 'refused') await new Promise((r) => setTimeout(r, 20));
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));

    // Under way: a while of steady load (longer on a busy machine) before the signal.
    const loadStarted = Date.now();
    while (
      Date.now() - loadStarted < LOAD_BEFORE_SIGNAL_MS ||
      (outcomes.filter((o) => o.kind === 'answered').length < 2 * CLIENTS && Date.now() - loadStarted < 20_000)
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const signalAt = Date.now();
    server.process.kill('SIGTERM');
    const code = await server.exited;
    await Promise.all(clients);

    const answered = outcomes.filter((o) => o.kind === 'answered');
    // Every client sends its next request as soon as it has an answer, so none of its
    // kept-alive connections is ever idle long enough to be closed under a request
    // (the server closes only connections idle for half a second).
    const failures = [
      ...answered.filter((o) => o.status >= 500).map((o) => `${o.path}: HTTP ${o.status}`),
      ...outcomes
        .filter((o) => o.kind === 'closed-unanswered')
        .map((o) => `${o.path}: connection closed ${o.endedAt - o.sentAt} ms into the request, unanswered (sent at signal${o.sentAt >= signalAt ? '+' : ''}${o.sentAt - signalAt} ms)`),
      ...outcomes.filter((o) => o.kind === 'error').map((o) => `${o.path}: ${o.message}`),
      // Before the signal the server listens: a reset new connection there is a fault.
      ...outcomes.filter((o) => o.kind === 'reset-new' && o.endedAt < signalAt).map((o) => `${o.path}: new connection reset before the signal`),
    ];
    const summary = {
      database: database ? 'postgres' : 'pglite',
      answeredBeforeSignal: answered.filter((o) => o.endedAt < signalAt).length,
      // Requests in progress when the signal came, answered during the drain.
      inProgressAnswered: answered.filter((o) => o.sentAt < signalAt && o.endedAt >= signalAt).length,
      refused: outcomes.filter((o) => o.kind === 'refused').length,
      resetUnaccepted: outcomes.filter((o) => o.kind === 'reset-new' && o.endedAt >= signalAt).length,
      failures,
    };
    console.log(`[shutdown test] ${JSON.stringify({ ...summary, failures: failures.length })}`);

    expect(summary.answeredBeforeSignal).toBeGreaterThan(CLIENTS);
    expect(summary.inProgressAnswered).toBeGreaterThan(0);
    expect(failures.slice(0, 10), server.output()).toEqual([]);
    expect(code, server.output()).toBe(0);
    expect(server.output()).not.toContain('has already been destroyed');
    expect(logMessages(server.output())).toContain('kompeten: SIGTERM received, closing…');
  }, 240_000); // a start with the demo data, a while of load, then the drain: minutes on a busy machine
});
