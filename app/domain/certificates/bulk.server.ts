import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { ZipFile } from 'yazl';
import type { Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { cohortColumns, cohortScope, type CohortRow } from '~/domain/cohorts/access.server';
import { todayIn } from '~/lib/dates';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, type Actor } from '~/lib/permissions';
import { certificatePdf, certificatesDrawnAhead, printedCertificatesPdf } from './pdf-renderer.server';
import type { PrintedCertificate } from './render.server';
import type { CertificateSnapshot } from './snapshot';

/**
 * A cohort's valid certificates in one download, for the coordinator who issued them:
 * a ZIP with one PDF per certificate (streamed: each PDF is rendered when the archive
 * nears it, so only a few are in memory at a time), or one PDF with all of them for
 * printing. Anyone else is told the cohort does not exist; every download is audited.
 * With no valid certificate there is nothing to download: null (the route goes back to
 * the cohort's page and says so).
 */
export interface CertificateFile {
  fileName: string;
  contentType: string;
}

interface Listed {
  id: string;
  number: string;
  holder: string;
}

async function cohortForDownload(db: Kysely<Database>, actor: Actor | null, cohortId: string): Promise<CohortRow> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', cohortId).executeTakeFirst();
  if (!cohort || !can(actor, 'certificate:manage', cohortScope(cohort))) throw new NotFoundError('common:error.notFoundBody');
  return cohort;
}

/** The cohort's valid certificates (not revoked, not superseded), training first, by number. */
async function listed(db: Kysely<Database>, cohortId: string): Promise<Listed[]> {
  return db
    .selectFrom('certificates as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .innerJoin('people as p', 'p.id', 'x.person_id')
    .select(['x.id', 'x.number', 'p.full_name as holder'])
    .where('e.cohort_id', '=', cohortId)
    .where('x.status', '=', 'valid')
    .orderBy('x.kind', 'desc')
    .orderBy('x.sequence_year')
    .orderBy('x.sequence')
    .execute();
}

async function snapshotOf(db: Kysely<Database>, id: string): Promise<PrintedCertificate> {
  return printedOf(await db.selectFrom('certificates').select(['snapshot', 'template_version']).where('id', '=', id).executeTakeFirstOrThrow());
}

/** A certificate's row as it is drawn: its snapshot and the template version it was issued with. */
const printedOf = (row: { snapshot: unknown; template_version: string }): PrintedCertificate => ({
  snapshot: row.snapshot as CertificateSnapshot,
  templateVersion: row.template_version,
});

const slug = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'x';

const baseName = (cohort: CohortRow, now: Date) => `sertifikat-${slug(cohort.name).toLowerCase()}-${todayIn(cohort.timeZone, now)}`;

async function audit(db: Kysely<Database>, actor: Actor | null, cohort: CohortRow, format: 'zip' | 'pdf', count: number) {
  await db.transaction().execute((trx) =>
    recordAudit(trx, {
      actor,
      action: 'certificate.downloaded',
      entityType: 'cohort',
      entityId: cohort.id,
      dinasId: cohort.dinasId,
      after: { format, certificates: count },
    }),
  );
}

/** The ZIP, as a stream: one `<number>-<holder>.pdf` per certificate. */
export async function cohortCertificatesZip(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; publicUrl: string },
  now = new Date(),
): Promise<(CertificateFile & { body: ReadableStream<Uint8Array> }) | null> {
  const cohort = await cohortForDownload(db, actor, input.cohortId);
  const certificates = await listed(db, cohort.id);
  if (certificates.length === 0) return null;
  await audit(db, actor, cohort, 'zip', certificates.length);

  // Each PDF is drawn when the archive reaches it, with the next few when the process has
  // PDF workers to draw them side by side: memory holds only those few.
  const ahead = aheadOfArchive(certificates.length, certificatesDrawnAhead(), (index) =>
    snapshotOf(db, certificates[index]!.id).then(({ snapshot, templateVersion }) => certificatePdf(snapshot, templateVersion, { publicUrl: input.publicUrl })),
  );
  const zip = new ZipFile();
  const mtime = new Date(now);
  certificates.forEach((c, index) => {
    // PDFs are compressed already: stored as they are.
    zip.addReadStreamLazy(`${slug(c.number)}-${slug(c.holder)}.pdf`, { compress: false, mtime }, (callback) => {
      ahead(index).then(
        (bytes) => callback(null, Readable.from([bytes])),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), undefined as unknown as Readable),
      );
    });
  });
  zip.end();
  const output = zip.outputStream as Readable;
  return {
    fileName: `${baseName(cohort, now)}.zip`,
    contentType: 'application/zip',
    body: Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>,
  };
}

/**
 * The work for item `index` of `count`, started with the `window - 1` items after it (each
 * started once); what was started is handed over once and forgotten. Items started ahead
 * of a download that stops are dropped, their failures with them.
 */
export function aheadOfArchive<T>(count: number, window: number, start: (index: number) => Promise<T>): (index: number) => Promise<T> {
  const started = new Map<number, Promise<T>>();
  let next = 0;
  return (index) => {
    next = Math.max(next, index);
    for (; next < Math.min(count, index + Math.max(1, window)); next++) {
      const work = start(next);
      work.catch(() => undefined);
      started.set(next, work);
    }
    const work = started.get(index) ?? start(index);
    started.delete(index);
    return work;
  };
}

/**
 * All certificates in one PDF (A4 landscape, one after another) for printing, drawn by a
 * PDF worker when the process has them (a thousand take seconds of CPU), the snapshots
 * read 50 to a statement as the drawing reaches them.
 */
export async function cohortCertificatesPdf(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; publicUrl: string },
  now = new Date(),
): Promise<(CertificateFile & { body: Buffer }) | null> {
  const cohort = await cohortForDownload(db, actor, input.cohortId);
  const certificates = await listed(db, cohort.id);
  if (certificates.length === 0) return null;
  await audit(db, actor, cohort, 'pdf', certificates.length);

  const body = await printedCertificatesPdf(snapshotsInBatches(db, certificates), {
    title: `Sertifikat — ${cohort.name}`,
    createdAt: now,
    publicUrl: input.publicUrl,
  });
  return { fileName: `${baseName(cohort, now)}.pdf`, contentType: 'application/pdf', body };
}

const PRINT_BATCH = 50;

/** The certificates' snapshots in the list's order, read 50 to a statement as the printing reaches them. */
async function* snapshotsInBatches(db: Kysely<Database>, certificates: readonly Listed[]): AsyncGenerator<PrintedCertificate> {
  for (let start = 0; start < certificates.length; start += PRINT_BATCH) {
    const ids = certificates.slice(start, start + PRINT_BATCH).map((c) => c.id);
    const rows = await db.selectFrom('certificates').select(['id', 'snapshot', 'template_version']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) throw new Error(`certificate ${id} is gone`);
      yield printedOf(row);
    }
  }
}
