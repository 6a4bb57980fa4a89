import { createEvent } from 'ics';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '~/lib/permissions';
import { registerCertificateAttachments } from '~/domain/certificates/attachment.server';
import { resendMail } from '~/domain/mail/outgoing.server';
import { enqueueMail, type OutgoingMail } from '~/domain/mail/outbox.server';
import { MAIL_QUEUED_CHANNEL } from '~/domain/mail/signals.server';
import { createMailWorker, type MailWorker, type MailWorkerOptions } from '~/domain/mail/worker.server';
import { parseConfig, setConfig } from '~/lib/config.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { createSmtpMailer } from '~/lib/mailer.server';
import { listenForNotifications } from '~/lib/pg-notify.server';
import { createTestDatabase, usingPostgres } from '../support/database';
import { createDinasWithCoordinator, statusOf, useTestMailTemplates } from '../support/mail-fixtures';
import { addressesOf, startSmtpServer, type TestSmtpServer } from '../support/smtp';

const MAIL_FROM = 'Kompeten Pekalongan <no-reply@kompeten.test>';

let handle: DatabaseHandle;
let smtp: TestSmtpServer;
let templates: ReturnType<typeof useTestMailTemplates>;
let dinas: { dinasId: string; userId: string };
let otherDinas: { dinasId: string; userId: string };
const workers: MailWorker[] = [];

const quietLog = { info: () => {}, warn: () => {}, error: (m: string, e: unknown) => console.error(m, e) };

function worker(options: Partial<MailWorkerOptions> = {}): MailWorker {
  const w = createMailWorker(handle.db, {
    mailer: createSmtpMailer({ url: smtp.url, from: MAIL_FROM, timeoutMs: 5_000 }),
    maxAttempts: 3,
    pollIntervalMs: 50,
    retry: { baseDelayMs: 100, maxDelayMs: 400 },
    log: quietLog,
    ...options,
  });
  workers.push(w);
  return w;
}

function coordinator(of: { dinasId: string; userId: string }): Actor {
  return {
    userId: of.userId,
    email: 'coordinator@test',
    displayName: 'Koordinator',
    personId: null,
    locale: 'id',
    roles: [{ role: 'coordinator', institutionId: of.dinasId, cooperativeId: null }],
    ip: '127.0.0.1',
  };
}

function notice(to: string, extra: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to,
    toName: 'Siti Rahmawati',
    template: 'notice',
    locale: 'id',
    data: { title: 'Jadwal angkatan berubah', message: 'Sesi hari kedua dimulai pukul 09.00 WIB.' },
    dinasId: dinas.dinasId,
    ...extra,
  };
}

const queue = (mail: OutgoingMail) => handle.db.transaction().execute((trx) => enqueueMail(trx, mail));

beforeAll(async () => {
  handle = await createTestDatabase();
  setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', PUBLIC_URL: 'https://kompeten.example.go.id' }));
  templates = useTestMailTemplates();
  registerCertificateAttachments();
  smtp = await startSmtpServer();
  dinas = await createDinasWithCoordinator(handle.db, 'Dinas Koperasi dan UKM Kota Pekalongan', 'koordinator@pekalongan.test');
  otherDinas = await createDinasWithCoordinator(handle.db, 'Dinas Koperasi Kota Batang', 'koordinator@batang.test');
});

beforeEach(async () => {
  await handle.db.deleteFrom('mail_outbox').execute();
  smtp.messages.length = 0;
  await smtp.start();
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
});

afterAll(async () => {
  await smtp?.close();
  templates?.restore();
  await handle?.close();
});

describe('delivering queued mail over SMTP', () => {
  it('delivers a committed message with recipient, subject, both bodies, attachments and its stable Message-ID', async () => {
    const calendar = createEvent({
      uid: 'cohort-2@kompeten.example.go.id',
      title: 'Uji kompetensi Kabag Pembiayaan',
      start: [2026, 12, 3, 8, 0],
      startInputType: 'local',
      startOutputType: 'utc',
      duration: { hours: 7 },
      location: 'Hotel Santika Pekalongan',
    });
    expect(calendar.error).toBeFalsy();
    const pdfBytes = Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
    const { id } = await queue(
      notice('Siti.R@Koperasi.test', {
        attachments: [
          { filename: 'jadwal.ics', contentType: 'text/calendar; method=PUBLISH', contentBase64: Buffer.from(calendar.value!).toString('base64') },
          { filename: 'surat-undangan.pdf', contentType: 'application/pdf', contentBase64: pdfBytes.toString('base64') },
        ],
      }),
    );
    const row = await handle.db.selectFrom('mail_outbox').select(['message_id', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');

    const result = await worker().drain();
    expect(result).toMatchObject({ claimed: 1, sent: 1, failed: 0, retrying: 0 });

    const mail = await smtp.requireEmail('siti.r@koperasi.test');
    expect(mail.envelopeTo).toEqual(['siti.r@koperasi.test']);
    expect(mail.envelopeFrom).toBe('no-reply@kompeten.test');
    expect(addressesOf(mail.parsed.to)).toEqual(['siti.r@koperasi.test']);
    expect(mail.parsed.from?.value).toEqual([{ name: 'Kompeten Pekalongan', address: 'no-reply@kompeten.test' }]);
    expect((mail.parsed.to as { value: { name: string }[] }).value[0]!.name).toBe('Siti Rahmawati');
    expect(mail.parsed.subject).toBe('Pemberitahuan: Jadwal angkatan berubah');
    expect(mail.parsed.messageId).toBe(row.message_id);
    expect(row.message_id).toMatch(/^<[0-9a-f-]{36}@kompeten\.example\.go\.id>$/);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // Both bodies, wrapped in the layout with the Dinas's name.
    expect(mail.parsed.text).toContain('Yth. Siti Rahmawati,');
    expect(mail.parsed.text).toContain('Sesi hari kedua dimulai pukul 09.00 WIB.');
    expect(mail.parsed.text).toContain('Dinas Koperasi dan UKM Kota Pekalongan');
    expect(mail.parsed.html).toContain('<p>Sesi hari kedua dimulai pukul 09.00 WIB.</p>');
    expect(mail.parsed.html).toContain('<html lang="id">');
    expect(mail.parsed.html).toContain('Dinas Koperasi dan UKM Kota Pekalongan');
    // Mustache escapes '/' as &#x2F; (same URL once the HTML is read).
    expect(mail.parsed.html).toContain('href="https:&#x2F;&#x2F;kompeten.example.go.id"');
    // Attachments arrive byte for byte.
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['jadwal.ics', 'text/calendar'],
      ['surat-undangan.pdf', 'application/pdf'],
    ]);
    const ics = mail.parsed.attachments[0]!.content.toString('utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:Uji kompetensi Kabag Pembiayaan');
    expect(ics).toContain('UID:cohort-2@kompeten.example.go.id');
    expect(mail.parsed.attachments[1]!.content.equals(pdfBytes)).toBe(true);

    const after = await statusOf(handle.db, id);
    expect(after).toMatchObject({ status: 'sent', attempts: 1, last_error: null, claim_token: null, locked_until: null });
    expect(after.sent_at).toBeInstanceOf(Date);
    // Nothing is sent twice: another round finds nothing due.
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it("writes in the recipient's language", async () => {
    await queue(notice('reviewer@koperasi.test', { locale: 'en', toName: 'Budi', data: { title: 'Schedule changed', message: 'Day two starts at 09:00.' } }));
    await worker().drain();
    const mail = await smtp.requireEmail('reviewer@koperasi.test');
    expect(mail.parsed.subject).toBe('Notice: Schedule changed');
    expect(mail.parsed.text).toContain('Dear Budi,');
    expect(mail.parsed.text).toContain('Please do not reply to it.');
    expect(mail.parsed.html).toContain('<html lang="en">');
  });

  it('keeps the subject and the plain text as written, and escapes only the HTML', async () => {
    await queue(notice('amp@koperasi.test', { toName: 'Tom & <Jerry>', data: { title: 'Jadwal & tempat', message: 'Ruang <B>, lantai 2' } }));
    await worker().drain();
    const mail = await smtp.requireEmail('amp@koperasi.test');
    expect(mail.parsed.subject).toBe('Pemberitahuan: Jadwal & tempat');
    expect(mail.parsed.text).toContain('Yth. Tom & <Jerry>,');
    expect(mail.parsed.text).toContain('Ruang <B>, lantai 2');
    expect(mail.parsed.html).toContain('<p>Ruang &lt;B&gt;, lantai 2</p>');
    expect(mail.parsed.html).toContain('<title>Pemberitahuan: Jadwal &amp; tempat</title>');
  });

  it('sends nothing for a transaction that rolled back', async () => {
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, notice('rolled-back@koperasi.test'));
        await trx.insertInto('institutions').values({ kind: 'dinas', name: '' }).execute(); // violates a CHECK
      }),
    ).rejects.toThrow(/check constraint/);
    const w = worker();
    w.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(await handle.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
    expect(smtp.messages).toEqual([]);
  });

  it('keeps a message through an SMTP outage and delivers it exactly once when the server is back', async () => {
    await smtp.stop();
    const { id } = await queue(notice('outage@koperasi.test'));
    const w = worker({ maxAttempts: 50 });
    w.start();
    // Attempts fail while the server is down; the message waits with the reason.
    let waiting = await statusOf(handle.db, id);
    await expect
      .poll(async () => {
        waiting = await statusOf(handle.db, id);
        return waiting.status === 'pending' && waiting.attempts >= 2;
      }, { timeout: 5_000 })
      .toBe(true);
    expect(waiting.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect(smtp.messages).toEqual([]);

    await smtp.start();
    const mail = await smtp.requireEmail('outage@koperasi.test', { timeoutMs: 5_000 });
    await expect.poll(async () => (await statusOf(handle.db, id)).status, { timeout: 5_000 }).toBe('sent');
    // More polls go by: still exactly one delivery.
    await new Promise((r) => setTimeout(r, 400));
    expect(smtp.messagesTo('outage@koperasi.test')).toHaveLength(1);
    expect(mail.parsed.messageId).toBe((await handle.db.selectFrom('mail_outbox').select('message_id').where('id', '=', id).executeTakeFirstOrThrow()).message_id);
    expect((await statusOf(handle.db, id)).last_error).toBeNull();
  });

  it('retries a temporary refusal with growing delays and marks the message failed with the SMTP error after the last attempt', async () => {
    smtp.rejectRecipient('busy@koperasi.test', 451, '4.3.2 Try again later');
    const { id } = await queue(notice('busy@koperasi.test'));
    const w = worker({ maxAttempts: 3, retry: { baseDelayMs: 600, maxDelayMs: 10_000 }, random: () => 0.5 });
    await w.drain();
    const first = await statusOf(handle.db, id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1 });
    expect(first.last_error).toContain('451 4.3.2 Try again later');
    const firstDelay = first.next_attempt_at.getTime() - Date.now();
    expect(firstDelay).toBeGreaterThan(300);
    expect(firstDelay).toBeLessThanOrEqual(600);

    // Not due yet: nothing happens.
    expect(await w.drain()).toMatchObject({ claimed: 0 });
    await new Promise((r) => setTimeout(r, firstDelay + 50));
    await w.drain();
    const second = await statusOf(handle.db, id);
    expect(second).toMatchObject({ status: 'pending', attempts: 2 });
    const secondDelay = second.next_attempt_at.getTime() - Date.now();
    expect(secondDelay).toBeGreaterThan(800); // 2 × base

    await new Promise((r) => setTimeout(r, secondDelay + 50));
    await w.drain();
    const last = await statusOf(handle.db, id);
    expect(last).toMatchObject({ status: 'failed', attempts: 3 });
    expect(last.last_error).toContain('451 4.3.2 Try again later');
    expect(smtp.messages).toEqual([]);
  });

  it('marks a permanent refusal (550) failed at once with the reason, and a coordinator can resend it', async () => {
    smtp.rejectRecipient('gone@koperasi.test', 550, '5.1.1 <gone@koperasi.test>: Recipient address rejected');
    const { id } = await queue(notice('gone@koperasi.test'));
    await worker({ maxAttempts: 8 }).drain();
    const failed = await statusOf(handle.db, id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, claim_token: null });
    expect(failed.last_error).toContain('550 5.1.1 <gone@koperasi.test>: Recipient address rejected');

    // Another Dinas's coordinator can't even see it; a message not failed can't be resent.
    await expect(resendMail(handle.db, coordinator(otherDinas), id)).rejects.toThrow(NotFoundError);
    smtp.acceptRecipient('gone@koperasi.test');
    const w = worker();
    w.start();
    await resendMail(handle.db, coordinator(dinas), id);
    const mail = await smtp.requireEmail('gone@koperasi.test', { timeoutMs: 5_000 });
    expect(mail.parsed.subject).toBe('Pemberitahuan: Jadwal angkatan berubah');
    await expect.poll(async () => (await statusOf(handle.db, id)).status, { timeout: 5_000 }).toBe('sent');
    expect(await statusOf(handle.db, id)).toMatchObject({ attempts: 1, last_error: null });
    await expect(resendMail(handle.db, coordinator(dinas), id)).rejects.toThrow(ConflictError);

    const audit = await handle.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'mail.resend', entity_type: 'mail_outbox', dinas_id: dinas.dinasId, actor_user_id: dinas.userId });
    expect(audit[0]!.before).toMatchObject({ status: 'failed', attempts: 1 });
    expect(String((audit[0]!.before as { lastError: string }).lastError)).toContain('550');
  });

  it('fails at once a message whose attachment refers to a certificate that does not exist, and sends nothing', async () => {
    const { id } = await queue(
      notice('certificate@koperasi.test', {
        attachments: [
          { filename: 'sertifikat.pdf', contentType: 'application/pdf', ref: { kind: 'certificate-pdf', certificateId: '6f1c1f43-3f57-4a7e-9a55-0c8f1d2a9b10' } },
        ],
      }),
    );
    await worker().drain();
    const row = await statusOf(handle.db, id);
    expect(row.status).toBe('failed');
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe('Attachment 1 (certificate-pdf) could not be rendered: certificate 6f1c1f43-3f57-4a7e-9a55-0c8f1d2a9b10 does not exist.');
    expect(smtp.messages).toEqual([]);
  });

  it('refuses a malformed inline attachment when it is queued', async () => {
    await expect(
      queue(notice('bad@koperasi.test', { attachments: [{ filename: '../etc/passwd', contentType: 'text/plain', contentBase64: 'aGVsbG8=' }] })),
    ).rejects.toThrow(/file name/);
    await expect(
      queue(notice('bad@koperasi.test', { attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: 'not base64!' }] })),
    ).rejects.toThrow(/base64/);
    expect(await handle.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
  });

  it("takes over a crashed worker's claim once its lease has run out, and not before", async () => {
    const { id } = await queue(notice('crash@koperasi.test'));
    // A worker claimed it and died: the row is 'sending' under a lease.
    await handle.db
      .updateTable('mail_outbox')
      .set({ status: 'sending', attempts: 1, claim_token: '00000000-0000-4000-8000-000000000001', locked_until: sql<Date>`now() + interval '1 minute'` })
      .where('id', '=', id)
      .execute();
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toEqual([]);

    await handle.db.updateTable('mail_outbox').set({ locked_until: sql<Date>`now() - interval '1 second'` }).where('id', '=', id).execute();
    expect(await worker().drain()).toMatchObject({ claimed: 1, sent: 1 });
    expect(smtp.messagesTo('crash@koperasi.test')).toHaveLength(1);
    expect(await statusOf(handle.db, id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails a message whose worker died during its last allowed attempt', async () => {
    const { id } = await queue(notice('poison@koperasi.test'));
    await handle.db
      .updateTable('mail_outbox')
      .set({ status: 'sending', attempts: 3, claim_token: '00000000-0000-4000-8000-000000000002', locked_until: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', id)
      .execute();
    await worker({ maxAttempts: 3 }).drain();
    const row = await statusOf(handle.db, id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('the delivery worker stopped during the last attempt');
    expect(smtp.messages).toEqual([]);
  });

  it('stops gracefully: the round in progress finishes and no claim is left behind', async () => {
    for (let i = 0; i < 15; i++) await queue(notice(`graceful-${i}@koperasi.test`));
    const w = worker({ batchSize: 5, pollIntervalMs: 60_000 });
    w.start();
    await smtp.waitForCount(1);
    await w.stop();
    expect(w.running).toBe(false);
    const rows = await handle.db.selectFrom('mail_outbox').select(['status', 'claim_token']).execute();
    expect(rows.filter((r) => r.status === 'sending' || r.claim_token !== null)).toEqual([]);
    const sent = rows.filter((r) => r.status === 'sent').length;
    expect(sent).toBe(smtp.messages.length);
    expect(sent).toBeGreaterThanOrEqual(5);
  });

  it('is woken by mail queued in this process instead of waiting for its next poll', async () => {
    const w = worker({ pollIntervalMs: 60_000 });
    w.start();
    await new Promise((r) => setTimeout(r, 100)); // the first round found nothing; now it sleeps
    const started = Date.now();
    await queue(notice('prompt@koperasi.test'));
    await smtp.requireEmail('prompt@koperasi.test', { timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe.skipIf(!usingPostgres())('on PostgreSQL (PGlite is one connection: nothing can race or listen there)', () => {
  it('a worker woken before the queuing transaction commits still sends soon after the commit', async () => {
    const w = worker({ pollIntervalMs: 60_000 });
    w.start();
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await handle.db.transaction().execute(async (trx) => {
      await enqueueMail(trx, notice('late-commit@koperasi.test'));
      // The wake-up has fired; the row becomes visible only when this commits.
      await new Promise((r) => setTimeout(r, 400));
    });
    await smtp.requireEmail('late-commit@koperasi.test', { timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('two workers racing over 100 messages deliver each exactly once', async () => {
    for (let batch = 0; batch < 4; batch++) {
      await handle.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 25; i++) await enqueueMail(trx, notice(`race-${batch * 25 + i}@koperasi.test`));
      });
    }
    const a = worker({ batchSize: 5 });
    const b = worker({ batchSize: 5 });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.sent + rb.sent).toBe(100);
    // Both took part: SKIP LOCKED let them share the queue rather than wait on each other.
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(smtp.messages).toHaveLength(100);
    const ids = smtp.messages.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(100);
    const recipients = smtp.messages.map((m) => m.envelopeTo[0]);
    expect(new Set(recipients).size).toBe(100);
    const statuses = await handle.db.selectFrom('mail_outbox').select(({ fn }) => ['status', fn.countAll<number>().as('n')]).groupBy('status').execute();
    expect(statuses).toEqual([{ status: 'sent', n: 100 }]);
  });

  it('NOTIFY announces queued mail to listeners at commit, never for a rollback', async () => {
    const { current_database } = (await sql<{ current_database: string }>`select current_database()`.execute(handle.db)).rows[0]!;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${current_database}`;
    let notified = 0;
    const listener = listenForNotifications(url.toString(), MAIL_QUEUED_CHANNEL, () => notified++);
    await expect.poll(() => notified, { timeout: 5_000 }).toBe(1); // the call on connecting
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select pg_notify('${MAIL_QUEUED_CHANNEL}', '')`);
      await new Promise((r) => setTimeout(r, 200));
      expect(notified).toBe(1);
      await client.query('rollback');
      await new Promise((r) => setTimeout(r, 200));
      expect(notified).toBe(1);
      await client.query('begin');
      await client.query(`select pg_notify('${MAIL_QUEUED_CHANNEL}', '')`);
      await client.query('commit');
      await expect.poll(() => notified, { timeout: 5_000 }).toBe(2);
    } finally {
      await client.end();
      await listener.close();
    }
  });
});
