import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { openPostgres, type DatabaseHandle } from '~/lib/db.server';
import { createDinasWithCoordinator, useTestMailTemplates } from '../support/mail-fixtures';
import { repoRoot } from '../support/server-process';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp';

/**
 * Two delivery workers (`npm run mail:worker`, as separate processes) share the outbox on
 * PostgreSQL; one is killed with SIGKILL in the middle of a delivery — the receiver has the
 * message, the worker never hears the answer. Its claimed messages are taken over by the
 * other once their lease (MAIL_LEASE_SECONDS, 3 s here) runs out: every message arrives, none
 * is lost, and the one that arrives twice carries the same Message-ID both times, so the
 * receiver can tell it is a repeat. PostgreSQL only: the embedded database is one process's.
 */

const adminUrl = process.env.TEST_DATABASE_URL;
const MESSAGES = 30;
const LEASE_SECONDS = 3;
const KILL_AFTER = 3;
const FROM_A = 'pekerja-a@kompeten.test';
const FROM_B = 'pekerja-b@kompeten.test';

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let databaseUrl: string;
let databaseName: string;
let handle: DatabaseHandle;
let smtp: TestSmtpServer;
let templates: ReturnType<typeof useTestMailTemplates>;
let dataDir: string;
const workers: Worker[] = [];
let workerA: Worker | null = null;
let killedDuring: ReceivedMail | null = null;

/** A fresh database cloned from the run's migrated template, with its URL (the workers need it). */
async function createDatabase(): Promise<void> {
  const template = inject('templateDatabase');
  if (!template) throw new Error('The integration global setup did not prepare a PostgreSQL template.');
  databaseName = `kompeten_crash_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName} template ${template}`);
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  handle = await openPostgres(databaseUrl);
}

function startWorker(from: string): Worker {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/mail-worker.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      MAIL_FROM: `Kompeten <${from}>`,
      MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const worker = { child, output: () => output, exited };
  workers.push(worker);
  return worker;
}

async function statuses(): Promise<Record<string, number>> {
  const rows = await handle.db.selectFrom('mail_outbox').select('status').execute();
  const count: Record<string, number> = {};
  for (const r of rows) count[r.status] = (count[r.status] ?? 0) + 1;
  return count;
}

describe.skipIf(!adminUrl)('a mail worker killed with kill -9 mid-delivery, two workers on PostgreSQL', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-mail-crash-'));
    templates = useTestMailTemplates();
    await createDatabase();
    let deliveredByA = 0;
    smtp = await startSmtpServer({
      // Each DATA is answered 200 ms after the message is in: a kill in that window is a
      // worker that delivered but never learnt it did.
      dataDelayMs: 200,
      onMessage(mail) {
        if (mail.envelopeFrom !== FROM_A || !workerA || killedDuring) return;
        if (++deliveredByA === KILL_AFTER) {
          killedDuring = mail;
          workerA.child.kill('SIGKILL');
        }
      },
    });
    const dinas = await createDinasWithCoordinator(handle.db, 'Dinas Koperasi Kota Uji', 'koordinator@uji.test');
    await handle.db.transaction().execute(async (trx) => {
      for (let i = 1; i <= MESSAGES; i++) {
        const to = `penerima${String(i).padStart(2, '0')}@koperasi.test`;
        await enqueueMail(trx, { to, template: 'notice', locale: 'id', data: { title: `Pesan ${i}`, message: 'Jadwal baru.' }, dinasId: dinas.dinasId });
      }
    });
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await smtp?.close();
    templates?.restore();
    await handle?.close();
    if (databaseName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every message at least once, a repeat with the same Message-ID, and every row ends sent', async () => {
    workerA = startWorker(FROM_A);
    const workerB = startWorker(FROM_B);

    // A is killed on its third delivery, while the receiver holds the answer to DATA.
    const killed = await workerA.exited;
    expect(killed.signal, workerA.output()).toBe('SIGKILL');
    expect(killedDuring).not.toBeNull();

    await expect
      .poll(statuses, { timeout: 60_000, interval: 250 })
      .toEqual({ sent: MESSAGES });

    const rows = await handle.db.selectFrom('mail_outbox').select(['to_address', 'message_id', 'attempts']).execute();
    const byRecipient = new Map<string, ReceivedMail[]>();
    for (const mail of smtp.messages) {
      for (const to of mail.envelopeTo) byRecipient.set(to, [...(byRecipient.get(to) ?? []), mail]);
    }
    const lost = rows.filter((r) => !byRecipient.has(r.to_address)).map((r) => r.to_address);
    expect(lost).toEqual([]);
    const repeats: string[] = [];
    for (const row of rows) {
      const deliveries = byRecipient.get(row.to_address)!;
      // Every delivery of a message, the first and any repeat, carries the row's one Message-ID.
      expect(deliveries.map((d) => d.parsed.messageId), row.to_address).toEqual(deliveries.map(() => row.message_id));
      if (deliveries.length > 1) repeats.push(row.to_address);
    }
    // The message A was sending when it died arrived again, from B, as the same message.
    const inFlight = killedDuring!.envelopeTo[0]!;
    expect(repeats).toContain(inFlight);
    const again = byRecipient.get(inFlight)!;
    expect(again.map((d) => d.envelopeFrom)).toEqual([FROM_A, FROM_B]);
    expect(again[1]!.parsed.messageId).toBe(again[0]!.parsed.messageId);
    // Nothing but the in-flight message was sent twice: A's other claims were never sent by A.
    expect(repeats).toEqual([inFlight]);

    console.log(
      `mail worker crash: ${MESSAGES} queued, 2 workers, one killed (SIGKILL) on its delivery no. ${KILL_AFTER}; ` +
        `${smtp.messages.length} deliveries, ${repeats.length} repeat(s) with the same Message-ID, ${lost.length} lost, all ${rows.length} rows 'sent'`,
    );
    workerB.child.kill('SIGTERM');
    expect((await workerB.exited).code, workerB.output()).toBe(0);
  }, 120_000);
});
