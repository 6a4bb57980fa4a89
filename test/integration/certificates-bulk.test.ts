import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { DatabaseHandle } from '~/lib/db.server';
import { NotFoundError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { cohortCertificatesPdf, cohortCertificatesZip } from '~/domain/certificates/bulk.server';
import { examCohort } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';

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

function unzip(bytes: Buffer): Promise<{ name: string; content: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries: { name: string; content: Buffer }[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.push({ name: entry.fileName, content: Buffer.concat(chunks) });
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
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
