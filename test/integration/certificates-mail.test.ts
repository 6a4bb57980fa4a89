import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import type { Actor } from '~/lib/permissions';
import { finalizeExamResults } from '~/domain/assessment/finalize.server';
import { saveExamResults } from '~/domain/assessment/grid.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { registerCertificateAttachments } from '~/domain/certificates/attachment.server';
import { issueCohortCertificates } from '~/domain/certificates/issue.server';
import { createMailWorker } from '~/domain/mail/worker.server';
import { config } from '~/lib/config.server';
import { createSmtpMailer } from '~/lib/mailer.server';
import { examCohort, row } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

/**
 * Issuing a certificate queues its holder's e-mail in the same transaction: the
 * verification link in the text, the PDF attached (rendered by the worker when it sends),
 * delivered through a real SMTP server in the test process.
 */
const hasQpdf = spawnSync('which', ['qpdf']).status === 0;

let handle: DatabaseHandle;
let ids: DemoIds;
let coordinator: Actor;
let smtp: TestSmtpServer;
let dir: string;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
  smtp = await startSmtpServer();
  registerCertificateAttachments();
  dir = mkdtempSync(path.join(tmpdir(), 'sertifikat-mail-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await smtp?.close();
  await handle.close();
});

describe('the holder is told of a new certificate', () => {
  it('queues one mail per issued certificate for holders with an address, and delivers the PDF attached', async () => {
    const c = await examCohort(handle.db, ids, { participants: 4 });
    const assessor = await actorFor(handle.db, 'asesor1@kompeten.test');
    const rows = c.enrollmentIds.map((id, i) =>
      id === c.ineligibleId
        ? { enrollmentId: id, absent: true }
        : row(id, c.unitIds, i === 1 ? c.unitIds.map((_u, j) => (j === 0 ? 'BK' : 'K')) : 'K', { assessorUserId: assessor.userId, examDate: '20-11-2026', venue: 'TUK Semarang' }),
    );
    await saveExamResults(handle.db, assessor, { cohortId: c.cohortId, ...ResultGridSchema.parse({ rows }) });
    await finalizeExamResults(handle.db, await actorFor(handle.db, 'lsp@kompeten.test'), { cohortId: c.cohortId });
    // The first two have an address on their record; the third (training and competency) has none.
    const [first, second, third] = c.personIds as [string, string, string];
    await handle.db.updateTable('people').set({ email: 'pemegang.satu@koperasi.test' }).where('id', '=', first).execute();
    await handle.db.updateTable('people').set({ email: 'pemegang.dua@koperasi.test' }).where('id', '=', second).execute();
    await handle.db.updateTable('people').set({ email: null }).where('id', '=', third).execute();

    const result = await issueCohortCertificates(handle.db, coordinator, c.cohortId);
    // Training: first, second, third; competency: first, third (the second has a BK; the fourth was kept out).
    expect(result).toEqual({ training: 3, competency: 2, existing: 0 });
    const certs = await handle.db
      .selectFrom('certificates')
      .select(['id', 'person_id', 'kind', 'verification_code', 'number'])
      .where('person_id', 'in', c.personIds)
      .execute();
    const queued = await handle.db
      .selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'attachments'])
      .where('template', '=', 'certificate-issued')
      .where('to_address', 'in', ['pemegang.satu@koperasi.test', 'pemegang.dua@koperasi.test'])
      .execute();
    expect(queued.map((m) => m.to_address).sort()).toEqual(['pemegang.dua@koperasi.test', 'pemegang.satu@koperasi.test', 'pemegang.satu@koperasi.test']);
    const refs = queued.flatMap((m) => (m.attachments as { ref: { certificateId: string } }[]).map((a) => a.ref.certificateId));
    expect(refs.sort()).toEqual(certs.filter((x) => x.person_id !== third).map((x) => x.id).sort());
    // A re-run issues nothing and mails nothing more.
    await issueCohortCertificates(handle.db, coordinator, c.cohortId);
    expect(await handle.db.selectFrom('mail_outbox').select('id').where('template', '=', 'certificate-issued').where('to_address', 'like', 'pemegang.%').execute()).toHaveLength(3);

    const worker = createMailWorker(handle.db, {
      mailer: createSmtpMailer({ url: smtp.url, from: 'Kompeten <no-reply@kompeten.test>', timeoutMs: 5_000 }),
      maxAttempts: 3,
      pollIntervalMs: 50,
      log: { info: () => {}, warn: () => {}, error: (m: string, e: unknown) => console.error(m, e) },
    });
    await worker.drain();
    const mail = await smtp.requireEmail('pemegang.dua@koperasi.test', { timeoutMs: 10_000 });
    const training = certs.find((x) => x.person_id === second && x.kind === 'training')!;
    expect(mail.parsed.subject).toContain('Sertifikat pelatihan diterbitkan');
    expect(mail.parsed.text).toContain(`${config().PUBLIC_URL.replace(/\/+$/, '')}/verify/${training.verification_code}`);
    expect(mail.parsed.text).toContain(training.number);
    expect(mail.parsed.attachments).toHaveLength(1);
    const attachment = mail.parsed.attachments[0]!;
    expect(attachment.contentType).toBe('application/pdf');
    expect(attachment.filename).toMatch(/^sertifikat-.+\.pdf$/);
    expect(attachment.content.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasQpdf) {
      const file = path.join(dir, 'attached.pdf');
      writeFileSync(file, attachment.content);
      expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    }
    const sent = await handle.db.selectFrom('mail_outbox').select('status').where('id', 'in', queued.map((m) => m.id)).execute();
    expect(sent.every((m) => m.status === 'sent')).toBe(true);
    await worker.stop();
  });
});
