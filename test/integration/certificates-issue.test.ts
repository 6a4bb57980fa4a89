import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { ConflictError, ForbiddenError, NotFoundError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { finalizeExamResults } from '~/domain/assessment/finalize.server';
import { saveExamResults } from '~/domain/assessment/grid.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { CODE_ALPHABET, formatCertificateNumber, groupCode, normalizeCode } from '~/domain/certificates/codes';
import { addMonths, issueCohortCertificates } from '~/domain/certificates/issue.server';
import { renderCertificatePdf, verifyUrlOf } from '~/domain/certificates/render.server';
import type { CertificateSnapshot } from '~/domain/certificates/snapshot';
import { examCohort, row } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { tinyPng } from '../support/images';

/**
 * Issuing a completed cohort's certificates: who gets which, idempotence, numbers, the
 * snapshot; and the PDF read back with the tools a reviewer uses (qpdf, pdftotext,
 * pdftoppm + zbarimg for the QR code).
 */
const TOOLS = ['qpdf', 'pdftotext', 'pdftoppm', 'zbarimg'] as const;
const missing = TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0);
if (missing.length) console.warn(`certificate PDF tests skipped: ${missing.join(', ')} not installed`);

const PUBLIC_URL = 'https://kompeten.example.go.id';

let handle: DatabaseHandle;
let ids: DemoIds;
let coordinator: Actor;
let dir: string;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
  dir = mkdtempSync(path.join(tmpdir(), 'sertifikat-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await handle.close();
});

async function certificatesOf(cohortId: string) {
  return handle.db
    .selectFrom('certificates as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .select(['x.id', 'x.kind', 'x.number', 'x.enrollment_id', 'x.verification_code', 'x.snapshot', 'x.template_version', 'x.valid_until', 'x.sequence', 'x.sequence_year', 'x.status'])
    .where('e.cohort_id', '=', cohortId)
    .orderBy('x.sequence')
    .execute();
}

/** A completed cohort of `n` with final results: all K but the second (BK on unit 1); the last kept out by attendance. */
async function finishedCohort(n: number) {
  const c = await examCohort(handle.db, ids, { participants: n });
  const assessor = await actorFor(handle.db, 'asesor1@kompeten.test');
  const admin = await actorFor(handle.db, 'lsp@kompeten.test');
  const rows = c.enrollmentIds.map((id, i) =>
    id === c.ineligibleId
      ? { enrollmentId: id, absent: true }
      : row(id, c.unitIds, i === 1 ? c.unitIds.map((_u, j) => (j === 0 ? 'BK' : 'K')) : 'K', { assessorUserId: assessor.userId, examDate: '20-11-2026', venue: 'TUK Semarang' }),
  );
  await saveExamResults(handle.db, assessor, { cohortId: c.cohortId, ...ResultGridSchema.parse({ rows }) });
  await finalizeExamResults(handle.db, admin, { cohortId: c.cohortId });
  return c;
}

describe('codes and numbers', () => {
  it('formats the pattern, groups and reads back codes forgivingly', () => {
    expect(formatCertificateNumber('{seq:04}/{program}/{institution}/{year}', { programCode: 'KABAG-PMB', kind: 'competency', year: 2026, month: 11, cohort: 'Angkatan I', seq: 7, institution: 'LSP KJK Nusantara' })).toBe(
      '0007/KABAG-PMB/LSPKJKNUSANTARA/2026',
    );
    expect(formatCertificateNumber('{program}/{kind}/{year}/{seq:4}', { programCode: 'X', kind: 'training', year: 2027, month: 3, cohort: 'Angkatan II 2027', seq: 12345, institution: '' })).toBe('X/PEL/2027/12345');
    expect(formatCertificateNumber('{cohort}-{month}/{seq}', { programCode: 'X', kind: 'training', year: 2027, month: 3, cohort: 'Angkatan II', seq: 5, institution: '' })).toBe('ANGKATANII-03/5');
    expect(groupCode('7K3MQ9XD2FTBHW4N')).toBe('7K3M-Q9XD-2FTB-HW4N');
    expect(normalizeCode('7k3m-q9xd 2ftb-hw4n')).toBe('7K3MQ9XD2FTBHW4N');
    expect(normalizeCode('OIL0-0000-0000-0000')).toBe('0110000000000000');
    expect(normalizeCode('not-a-code')).toBeNull();
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-29', 36)).toBe('2029-11-29');
  });
});

describe('the demo past cohort', () => {
  it('has its certificates from the seed: training for the eligible, competency for the K', async () => {
    const certs = await certificatesOf(ids.completedCohortId);
    const training = certs.filter((c) => c.kind === 'training');
    const competency = certs.filter((c) => c.kind === 'competency');
    expect(training.length).toBeGreaterThan(20);
    expect(competency.length).toBe(training.length - 3);
    // Gapless from 1, both kinds sharing the program's counter.
    expect(certs.map((c) => c.sequence)).toEqual(certs.map((_c, i) => i + 1));
    // The README's demo lookup: the first number of the year is the first participant's training certificate.
    expect(certs[0]!.number).toBe(`KABAG-PMB/PEL/${certs[0]!.sequence_year}/0001`);
    for (const c of certs) expect(c.verification_code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});

describe('issuing', () => {
  it('issues who qualifies, with a snapshot free of personal data, audited; a re-run issues nothing more', async () => {
    const c = await finishedCohort(4);
    const before = await certificatesOf(c.cohortId);
    expect(before).toHaveLength(0);
    const first = await issueCohortCertificates(handle.db, coordinator, c.cohortId);
    // 3 eligible → 3 training; 2 K (one BK) → 2 competency.
    expect(first).toEqual({ training: 3, competency: 2, existing: 0 });
    const again = await issueCohortCertificates(handle.db, coordinator, c.cohortId);
    expect(again).toEqual({ training: 0, competency: 0, existing: 5 });
    const certs = await certificatesOf(c.cohortId);
    expect(certs).toHaveLength(5);
    expect(certs.some((x) => x.enrollment_id === c.ineligibleId)).toBe(false);
    const comp = certs.find((x) => x.kind === 'competency')!;
    const snap = comp.snapshot as unknown as CertificateSnapshot;
    expect(snap.number).toBe(comp.number);
    expect(snap.holder.position).toBe('Kepala Bagian Pembiayaan');
    expect(snap.program.units.every((u) => u.result === 'K')).toBe(true);
    expect(snap.validUntil).toBe(comp.valid_until);
    expect(snap.issuers[0]!.kind).toBe('certification_body');
    const training = certs.find((x) => x.kind === 'training')!;
    expect((training.snapshot as unknown as CertificateSnapshot).issuers.map((i) => i.kind)).toEqual(['training_institute', 'dinas']);
    const person = await handle.db.selectFrom('people').select(['nik', 'birth_date', 'phone', 'email']).where('id', '=', c.personIds[0]!).executeTakeFirstOrThrow();
    const json = JSON.stringify(certs.map((x) => x.snapshot));
    for (const secret of [person.nik, person.birth_date, person.phone, person.email]) if (secret) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/"(nik|birthDate|birth_date|phone|email)"/);
    const audits = await handle.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'certificate.issued').where('entity_id', 'in', certs.map((x) => x.id)).execute();
    expect(audits).toHaveLength(5);
  });

  it('after a crash half way, the next run finishes: the missing ones only, numbers still gapless', async () => {
    const c = await finishedCohort(3);
    await issueCohortCertificates(handle.db, coordinator, c.cohortId);
    const certs = await certificatesOf(c.cohortId);
    // As if the run had stopped after the first certificate: remove the later ones (and their numbers).
    const later = certs.slice(1);
    await handle.db.deleteFrom('certificates').where('id', 'in', later.map((x) => x.id)).execute();
    const year = certs[0]!.sequence_year!;
    await handle.db.updateTable('certificate_sequences').set({ last_seq: certs[0]!.sequence! }).where('program_id', '=', ids.programId).where('year', '=', year).execute();
    const rerun = await issueCohortCertificates(handle.db, coordinator, c.cohortId);
    expect(rerun.training + rerun.competency).toBe(later.length);
    expect(rerun.existing).toBe(1);
    const after = await certificatesOf(c.cohortId);
    expect(after.map((x) => x.sequence)).toEqual(certs.map((x) => x.sequence));
  });

  it('refuses a cohort not completed, strangers (404) and partners without the right (403)', async () => {
    const c = await examCohort(handle.db, ids, { participants: 2, status: 'in_progress' });
    await expect(issueCohortCertificates(handle.db, coordinator, c.cohortId)).rejects.toBeInstanceOf(ConflictError);
    const done = await finishedCohort(2);
    const staff = await actorFor(handle.db, 'lembaga@kompeten.test');
    await expect(issueCohortCertificates(handle.db, staff, done.cohortId)).rejects.toBeInstanceOf(ForbiddenError);
    const malang = await handle.db.selectFrom('users').select('email').where('email', 'like', 'koordinator%malang%').executeTakeFirst();
    if (malang) await expect(issueCohortCertificates(handle.db, await actorFor(handle.db, malang.email), done.cohortId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(issueCohortCertificates(handle.db, null, done.cohortId)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe.skipIf(missing.length > 0)('the PDF', () => {
  const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
  const squash = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

  it('is PDF/A-3b, renders the same bytes twice, carries holder, number, program and the QR of the verify URL', async () => {
    const certs = await certificatesOf(ids.completedCohortId);
    const comp = certs.find((x) => x.kind === 'competency')!;
    const snap = comp.snapshot as unknown as CertificateSnapshot;
    const a = await renderCertificatePdf(snap, comp.template_version, { publicUrl: PUBLIC_URL });
    const b = await renderCertificatePdf(snap, comp.template_version, { publicUrl: PUBLIC_URL });
    expect(Buffer.compare(a, b)).toBe(0);
    const file = path.join(dir, 'kompetensi.pdf');
    writeFileSync(file, a);
    expect(run('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/);
    expect(a.toString('latin1')).toMatch(/pdfaid:part>3</);
    const text = squash(run('pdftotext', ['-enc', 'UTF-8', file, '-']));
    expect(text).toContain(snap.holder.name);
    expect(text).toContain(comp.number);
    expect(text).toContain(snap.program.schemeName ?? snap.program.title);
    expect(text).toContain(groupCode(comp.verification_code));
    const page2 = squash(run('pdftotext', ['-f', '2', '-l', '2', '-enc', 'UTF-8', file, '-']));
    for (const u of snap.program.units) expect(page2).toContain(u.code);
    expect(page2).toContain('Kompeten (K)');
    run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const png = execFileSync('sh', ['-c', `ls ${dir}/page*.png | head -1`], { encoding: 'utf8' }).trim();
    expect(run('zbarimg', ['-q', '--raw', png]).trim()).toBe(verifyUrlOf(PUBLIC_URL, comp.verification_code));
    const person = await handle.db
      .selectFrom('certificates as x')
      .innerJoin('people as p', 'p.id', 'x.person_id')
      .select(['p.nik', 'p.birth_date', 'p.phone', 'p.email'])
      .where('x.id', '=', comp.id)
      .executeTakeFirstOrThrow();
    for (const secret of [person.nik, person.phone, person.email]) if (secret) expect(text).not.toContain(secret);
  });

  it('carries the issuers\' logos and signatories from the snapshot (images embedded), unchanged when the registry changes later', async () => {
    await handle.db.updateTable('institutions').set({ logo: tinyPng(), logo_type: 'image/png' }).where('id', 'in', [ids.lspId, ids.dinasId, ids.instituteId]).execute();
    await handle.db
      .insertInto('signatories')
      .values([
        { institution_id: ids.lspId, name: 'Dr. Bambang Sutrisno, M.M.', title: 'Ketua LSP', nip: null, signature_image: tinyPng(), signature_type: 'image/png', position: 1 },
        { institution_id: ids.lspId, name: 'Ir. Sri Wahyuni', title: 'Manajer Sertifikasi', nip: null, position: 2 },
        { institution_id: ids.dinasId, name: 'Hj. Ratna Dewi Kusumawati, M.Si.', title: 'Kepala Dinas', nip: '197001011990032002', signature_image: tinyPng(), signature_type: 'image/png', position: 1 },
      ])
      .execute();
    const c = await finishedCohort(2);
    await issueCohortCertificates(handle.db, coordinator, c.cohortId);
    const certs = await certificatesOf(c.cohortId);
    const comp = certs.find((x) => x.kind === 'competency')!;
    const tr = certs.find((x) => x.kind === 'training')!;
    const compSnap = comp.snapshot as unknown as CertificateSnapshot;
    expect(compSnap.signatories.map((p) => p.name)).toEqual(['Dr. Bambang Sutrisno, M.M.', 'Ir. Sri Wahyuni']);
    expect(compSnap.signatories[0]!.signature?.type).toBe('image/png');
    expect(compSnap.issuers[0]!.logo?.data).toBe(tinyPng().toString('base64'));
    const before = await renderCertificatePdf(compSnap, comp.template_version, { publicUrl: PUBLIC_URL });
    // The registry changes later: the certificate does not.
    await handle.db.updateTable('institutions').set({ logo: null, logo_type: null, name: 'LSP Berganti Nama' }).where('id', '=', ids.lspId).execute();
    const [again] = await certificatesOf(c.cohortId).then((rows) => rows.filter((x) => x.id === comp.id));
    const after = await renderCertificatePdf(again!.snapshot as unknown as CertificateSnapshot, again!.template_version, { publicUrl: PUBLIC_URL });
    expect(Buffer.compare(before, after)).toBe(0);
    const file = path.join(dir, 'ttd.pdf');
    writeFileSync(file, before);
    if (process.env.KEEP_PDF) writeFileSync(process.env.KEEP_PDF, before);
    expect(run('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/);
    const text = squash(run('pdftotext', ['-enc', 'UTF-8', file, '-']));
    expect(text).toContain('Dr. Bambang Sutrisno, M.M.');
    expect(text).toContain('Ir. Sri Wahyuni');
    // Signatures and QR fit on page 1; page 2 is the units.
    expect(run('qpdf', ['--show-npages', file]).trim()).toBe('2');
    expect(squash(run('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', file, '-']))).toContain('Ir. Sri Wahyuni');
    run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'ttd')]);
    expect(run('zbarimg', ['-q', '--raw', path.join(dir, 'ttd-1.png')]).trim()).toBe(verifyUrlOf(PUBLIC_URL, comp.verification_code));
    const trFile = path.join(dir, 'ttd-pelatihan.pdf');
    writeFileSync(trFile, await renderCertificatePdf(tr.snapshot as unknown as CertificateSnapshot, tr.template_version, { publicUrl: PUBLIC_URL }));
    const trText = squash(run('pdftotext', ['-enc', 'UTF-8', trFile, '-']));
    expect(trText).toContain('Hj. Ratna Dewi Kusumawati, M.Si.');
    expect(trText).toContain('NIP 19700101 199003 2 002');
    expect(run('qpdf', ['--show-npages', trFile]).trim()).toBe('1');
    if (process.env.KEEP_PDF) writeFileSync(`${process.env.KEEP_PDF}.training.pdf`, await renderCertificatePdf(tr.snapshot as unknown as CertificateSnapshot, tr.template_version, { publicUrl: PUBLIC_URL }));
  });

  it('a training certificate is one page with the program and dates', async () => {
    const certs = await certificatesOf(ids.completedCohortId);
    const tr = certs.find((x) => x.kind === 'training')!;
    const snap = tr.snapshot as unknown as CertificateSnapshot;
    const file = path.join(dir, 'pelatihan.pdf');
    writeFileSync(file, await renderCertificatePdf(snap, tr.template_version, { publicUrl: PUBLIC_URL }));
    expect(run('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/);
    const text = squash(run('pdftotext', ['-enc', 'UTF-8', file, '-']));
    expect(text).toContain('SERTIFIKAT PELATIHAN');
    expect(text).toContain(snap.program.title);
    expect(text).toContain(tr.number);
  });
});
