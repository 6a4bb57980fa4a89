import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { NotFoundError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { cohortCertificatesPdf, cohortCertificatesZip } from '~/domain/certificates/bulk.server';
import { certificatePdf, certificatesDrawnAhead } from '~/domain/certificates/pdf-renderer.server';
import { renderCertificatePdf } from '~/domain/certificates/render.server';
import type { CertificateSnapshot } from '~/domain/certificates/snapshot';
import { startPdfWorkers } from '~/server/pdf-workers';
import { examCohort } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { expectConsoleError, logLinesOfThisTest } from '../support/fail-on-console-error';
import { unzip } from '../support/zip';

/**
 * A cohort's certificates in one download: a streamed ZIP of PDFs, each read back with
 * qpdf; one PDF to print, checked with qpdf and searched with pdftotext for every holder.
 */
const TOOLS = ['qpdf', 'pdftotext'] as const;
const missing = TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0);
if (missing.length) console.warn(`certificate bulk tests skipped: ${missing.join(', ')} not installed`);

const PUBLIC_URL = 'https://kompeten.example.go.id';

let handle: DatabaseHandle;
let ids: DemoIds;
let coordinator: Actor;
let dir: string;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
  dir = mkdtempSync(path.join(tmpdir(), 'sertifikat-bulk-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await handle.close();
});

async function validCertificates(cohortId: string) {
  return handle.db
    .selectFrom('certificates as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .innerJoin('people as p', 'p.id', 'x.person_id')
    .select(['x.id', 'x.number', 'p.full_name'])
    .where('e.cohort_id', '=', cohortId)
    .where('x.status', '=', 'valid')
    .execute();
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const qpdfCheck = (file: string) => execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });

describe.skipIf(missing.length > 0)('a cohort certificates in one download', () => {
  it('streams a ZIP with one valid PDF per valid certificate, and audits the download', async () => {
    const expected = await validCertificates(ids.completedCohortId);
    expect(expected.length).toBeGreaterThan(20);
    // A revoked one stays out.
    const revoked = expected.pop()!;
    await handle.db.updateTable('certificates').set({ status: 'revoked', revoked_at: new Date(), revoke_reason: 'Uji' }).where('id', '=', revoked.id).execute();
    try {
      const file = await cohortCertificatesZip(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL });
      expect(file).not.toBeNull();
      expect(file!.contentType).toBe('application/zip');
      expect(file!.fileName).toMatch(/^sertifikat-.+-\d{4}-\d{2}-\d{2}\.zip$/);
      const entries = await unzip(await readAll(file!.body));
      expect(entries).toHaveLength(expected.length);
      expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
      for (const [index, entry] of entries.entries()) {
        expect(entry.name).toMatch(/\.pdf$/);
        expect(entry.content.subarray(0, 5).toString()).toBe('%PDF-');
        const pdf = path.join(dir, `entry-${index}.pdf`);
        writeFileSync(pdf, entry.content);
        expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
      }
      const audit = await handle.db
        .selectFrom('audit_log')
        .select(['after'])
        .where('action', '=', 'certificate.downloaded')
        .where('entity_id', '=', ids.completedCohortId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit.after).toMatchObject({ format: 'zip', certificates: expected.length });
    } finally {
      await handle.db.updateTable('certificates').set({ status: 'valid', revoked_at: null, revoke_reason: null }).where('id', '=', revoked.id).execute();
    }
  });

  it('draws the ZIP and the printed PDF on the PDF workers, to the same bytes and in the same order as in this thread', async () => {
    const inThread = await unzip(await readAll((await cohortCertificatesZip(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL }))!.body));
    const printedAt = new Date('2026-11-30T02:00:00Z');
    const printedHere = await cohortCertificatesPdf(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL }, printedAt);
    const workers = startPdfWorkers(2);
    try {
      expect(certificatesDrawnAhead()).toBe(4);
      const entries = await unzip(await readAll((await cohortCertificatesZip(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL }))!.body));
      expect(entries.map((e) => e.name)).toEqual(inThread.map((e) => e.name));
      for (const [index, entry] of entries.entries()) expect(entry.content.equals(inThread[index]!.content), entry.name).toBe(true);
      // Every one drawn by the workers, none in this thread.
      expect(workers.drawn()).toBe(entries.length);
      // A single certificate too (downloads, /verify/<code>.pdf, mail attachments).
      const one = await handle.db.selectFrom('certificates').select(['snapshot', 'template_version']).where('status', '=', 'valid').executeTakeFirstOrThrow();
      const snapshot = one.snapshot as unknown as CertificateSnapshot;
      const drawn = await certificatePdf(snapshot, one.template_version, { publicUrl: PUBLIC_URL });
      expect(drawn.equals(await renderCertificatePdf(snapshot, one.template_version, { publicUrl: PUBLIC_URL }))).toBe(true);
      expect(workers.drawn()).toBe(entries.length + 1);
      // The cohort printed as one PDF: one task on one worker, the same bytes as in this thread.
      const printedThere = await cohortCertificatesPdf(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL }, printedAt);
      expect(workers.drawn()).toBe(entries.length + 2);
      expect(printedThere!.body.length).toBeGreaterThan(10_000);
      expect(printedThere!.body.equals(printedHere!.body)).toBe(true);
    } finally {
      await workers.stop();
    }
    // Stopped, the process draws in its own thread again.
    expect(certificatesDrawnAhead()).toBe(1);
  });

  it('draws in this thread, the waiting PDFs included, when a worker fails to start', async () => {
    const broken = path.join(dir, 'broken-worker.mjs');
    writeFileSync(broken, 'throw new Error("a worker that cannot load");\n');
    const workers = startPdfWorkers(1, { workerFile: pathToFileURL(broken).href });
    try {
      // A print asked for as the worker fails: drawn in this thread, whole.
      const printing = cohortCertificatesPdf(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL });
      const inThread = await unzip(await readAll((await cohortCertificatesZip(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL }))!.body));
      expect(inThread.length).toBeGreaterThan(20);
      const printed = path.join(dir, 'printed-here.pdf');
      writeFileSync(printed, (await printing)!.body);
      expect(qpdfCheck(printed)).toContain('No syntax or stream encoding errors');
      const text = execFileSync('pdftotext', [printed, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      for (const c of await validCertificates(ids.completedCohortId)) expect(text, c.number).toContain(c.number);
      // The renderer registered, then fell back: the ZIP still comes whole, and the log says why.
      expect(certificatesDrawnAhead()).toBe(1);
      expect(workers.drawn()).toBe(0);
      expectConsoleError(1);
      const failure = logLinesOfThisTest().filter((line) => line.level === 'error');
      expect(failure.map((line) => line.msg)).toEqual(['a PDF worker failed: certificates are drawn in the server thread from now on']);
    } finally {
      await workers.stop();
    }
  });

  it('prints all of them as one PDF that passes qpdf, every holder and number in its text', async () => {
    const expected = await validCertificates(ids.completedCohortId);
    const file = await cohortCertificatesPdf(handle.db, coordinator, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL });
    expect(file!.contentType).toBe('application/pdf');
    const pdf = path.join(dir, 'all.pdf');
    writeFileSync(pdf, file!.body);
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const c of expected) {
      expect(text, c.full_name).toContain(c.full_name);
      expect(text, c.number).toContain(c.number);
    }
    // Competency certificates have a units page: more pages than certificates.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(expected.length);
  });

  it('is the coordinator’s only: others are told the cohort does not exist; nothing issued → null', async () => {
    for (const email of ['lembaga@kompeten.test', 'lsp@kompeten.test', 'koperasi@kompeten.test']) {
      const actor = await actorFor(handle.db, email);
      await expect(cohortCertificatesZip(handle.db, actor, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL })).rejects.toBeInstanceOf(NotFoundError);
      await expect(cohortCertificatesPdf(handle.db, actor, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL })).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(cohortCertificatesPdf(handle.db, null, { cohortId: ids.completedCohortId, publicUrl: PUBLIC_URL })).rejects.toBeInstanceOf(NotFoundError);
    await expect(cohortCertificatesPdf(handle.db, coordinator, { cohortId: 'not-a-uuid', publicUrl: PUBLIC_URL })).rejects.toBeInstanceOf(NotFoundError);
    const empty = await examCohort(handle.db, ids, { participants: 1 });
    expect(await cohortCertificatesZip(handle.db, coordinator, { cohortId: empty.cohortId, publicUrl: PUBLIC_URL })).toBeNull();
    expect(await cohortCertificatesPdf(handle.db, coordinator, { cohortId: empty.cohortId, publicUrl: PUBLIC_URL })).toBeNull();
  });
});
