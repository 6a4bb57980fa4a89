import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthSession } from '~/lib/sessions.server';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { authCookie } from '~/lib/auth-cookie.server';
import { parseConfig, setConfig } from '~/lib/config.server';
import { openPGlite } from '~/lib/db.server';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { useTestMailTemplates } from '../support/mail-fixtures';
import { logMessages, repoRoot, runServerExpectingFailure, startServer, type RunningServer } from '../support/server-process';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

/**
 * The worker as the portal runs it: inside `npm start` when SMTP_URL is set, and alone as
 * `npm run mail:worker`. The portal's embedded database is prepared here, closed, and then
 * handed to the processes under test (one process per data folder).
 */
let dataDir: string;
let smtp: TestSmtpServer;
let templates: ReturnType<typeof useTestMailTemplates>;
let cookie: string;
const servers: RunningServer[] = [];

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openPGlite>>['db']) => Promise<T>): Promise<T> {
  const handle = await openPGlite({ dataDir });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function queueNotices(recipients: string[]) {
  await withDatabase(async (db) => {
    const dinas = await db.selectFrom('institutions').select('id').where('kind', '=', 'dinas').orderBy('created_at').executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      for (const to of recipients) {
        await enqueueMail(trx, { to, template: 'notice', locale: 'id', data: { title: `Untuk ${to}`, message: 'Jadwal baru.' }, dinasId: dinas.id });
      }
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-mail-server-'));
  setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir }));
  templates = useTestMailTemplates();
  smtp = await startSmtpServer();
  await withDatabase(async (db) => {
    await migrateToLatest(db);
    await seedDemoData(db);
    const coordinator = await db.selectFrom('users').select('id').where('email', '=', 'koordinator@kompeten.test').executeTakeFirstOrThrow();
    const session = await createAuthSession(db, coordinator.id, { ip: null, userAgent: 'vitest' });
    cookie = (await authCookie().serialize(session.id)).split(';')[0]!;
  });
  await queueNotices(['satu@koperasi.test', 'dua@koperasi.test', 'tiga@koperasi.test']);
});

afterAll(async () => {
  for (const server of servers) await server.stop();
  await smtp?.close();
  templates?.restore();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function outboxPage(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/mail`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  const html = await response.text();
  return html.slice(0, html.indexOf('<script'));
}

describe('the delivery worker in the portal process and on its own', () => {
  it('keeps mail pending without SMTP_URL, and sends all of it once the portal restarts with SMTP_URL', async () => {
    const withoutSmtp = await startServer({ DATA_DIR: dataDir, SEED: 'none' });
    servers.push(withoutSmtp);
    await new Promise((r) => setTimeout(r, 1_000));
    const waiting = await outboxPage(withoutSmtp);
    expect(waiting).toContain('Server e-mail (SMTP_URL) belum diatur');
    expect(waiting.match(/badge badge-pending/g)).toHaveLength(3);
    expect(logMessages(withoutSmtp.output())).toContain('kompeten: SMTP_URL is not set: outgoing mail is kept in the outbox (/mail)');
    expect(await withoutSmtp.stop()).toBe(0);
    expect(smtp.messages).toEqual([]);

    const withSmtp = await startServer({ DATA_DIR: dataDir, SEED: 'none', SMTP_URL: smtp.url, MAIL_FROM: 'Dindagkop Pekalongan <dindagkop@kompeten.test>' });
    servers.push(withSmtp);
    for (const to of ['satu@koperasi.test', 'dua@koperasi.test', 'tiga@koperasi.test']) {
      const mail = await smtp.requireEmail(to, { timeoutMs: 20_000 });
      expect(mail.parsed.subject).toBe(`Pemberitahuan: Untuk ${to}`);
      expect(mail.envelopeFrom).toBe('dindagkop@kompeten.test');
    }
    await expect.poll(async () => (await outboxPage(withSmtp)).match(/badge badge-sent/g)?.length ?? 0, { timeout: 10_000 }).toBe(3);
    expect(await outboxPage(withSmtp)).not.toContain('SMTP_URL) belum diatur');
    expect(logMessages(withSmtp.output())).toContain(`mail: delivery worker started: sending over ${smtp.url}`);
    expect(await withSmtp.stop()).toBe(0);
    expect(logMessages(withSmtp.output())).toContain('mail: delivery worker stopped');
    expect(smtp.messages).toHaveLength(3);
  });

  it('`npm run mail:worker` sends on its own and stops cleanly on SIGTERM', async () => {
    const scripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    // The compiled worker, as production runs it (`npm run build` makes it).
    expect(scripts['mail:worker']).toMatch(/&& exec node build\/server\/mail-worker\.js$/);
    await queueNotices(['empat@koperasi.test']);
    let output = '';
    const child = spawn(process.execPath, ['build/server/mail-worker.js'], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, SMTP_URL: smtp.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const mail = await smtp.requireEmail('empat@koperasi.test', { timeoutMs: 30_000 });
      expect(mail.parsed.subject).toBe('Pemberitahuan: Untuk empat@koperasi.test');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(logMessages(output)).toContain('mail: delivery worker stopped');
    expect(smtp.messages).toHaveLength(4);
  });

  it('`npm run mail:worker` refuses to start without SMTP_URL, saying why', async () => {
    const child = spawn(process.execPath, ['build/server/mail-worker.js'], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, SMTP_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(output).toContain('SMTP_URL is not set: there is no mail server to send to');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('the portal refuses an SMTP_URL that is not one', async () => {
    const { code, output } = await runServerExpectingFailure({ DATA_DIR: dataDir, SMTP_URL: 'mail.example.com:25', PORT: '39997' });
    expect(code).toBe(1);
    expect(output).toMatch(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });
});
