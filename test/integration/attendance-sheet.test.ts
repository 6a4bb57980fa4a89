import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { cooperativeWithStaff, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { tinyPng } from '../support/images';

/**
 * The attendance sheets ("daftar hadir") downloaded through the app and read back with the
 * tools a reviewer would use: qpdf checks the file's structure, pdffonts that the fonts are
 * embedded, pdftotext that every participant, the program, the venue and the Indonesian
 * dates are there exactly as typed (an apostrophe, a diacritic, an em dash).
 */

const TOOLS = ['qpdf', 'pdftotext', 'pdffonts', 'pdfinfo'] as const;
const missing = TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0);
if (missing.length) console.warn(`attendance-sheet tests skipped: ${missing.join(', ')} not installed (apt-get install qpdf poppler-utils)`);

let handle: DatabaseHandle;
let app: TestApp;
let ids: DemoIds;
let dir: string;
let cohortId: string;
let sessionIds: string[];
let otherCohortSessionId: string;
const cookies: Record<string, string> = {};
const names: string[] = [];
const cooperatives: string[] = [];
const excludedNames = ['Wati Menunggu Giliran', 'Yoga Batal Ikut'];

const PROGRAM_TITLE = 'Pelatihan Kepala Bagian Pembiayaan KSP/KSPPS';
const VENUE = 'Hotel Santika Premiere — Ruang Borobudur';
const SIGNATORY = 'Dr. Hj. Ratna Dewi Kusumawati, M.Si.';

const squash = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

async function download(pathname: string, cookie: string) {
  const response = await app.request(pathname, { cookie, redirect: 'manual' });
  return response;
}

async function savePdf(pathname: string, cookie: string, file: string) {
  const response = await download(pathname, cookie);
  expect(response.status, pathname).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('application/pdf');
  const bytes = Buffer.from(await response.arrayBuffer());
  const full = path.join(dir, file);
  writeFileSync(full, bytes);
  return { response, bytes, file: full };
}

const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))![1]);
const textOf = (file: string, page?: number) => run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-enc', 'UTF-8', file, '-']);

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  dir = mkdtempSync(path.join(tmpdir(), 'daftar-hadir-'));
  const db = handle.db;

  await db
    .updateTable('institutions')
    .set({ letterhead: 'PEMERINTAH KOTA PEKALONGAN\nJl. Mataram No. 1, Pekalongan 51111\nTelp. (0285) 421000', logo: tinyPng(), logo_type: 'image/png' })
    .where('id', '=', ids.dinasId)
    .execute();
  await db
    .insertInto('signatories')
    .values({ institution_id: ids.dinasId, name: SIGNATORY, title: 'Kepala Dinas', nip: '197001011990032002', signature_image: tinyPng(), signature_type: 'image/png', position: 1 })
    .execute();
  await db.updateTable('programs').set({ title: PROGRAM_TITLE }).where('id', '=', ids.programId).execute();

  // A cohort in WITA (Makassar): 08.00–16.00 WITA is 00:00–08:00 UTC; four training days and the exam.
  const cohort = await db
    .insertInto('cohorts')
    .values({
      program_id: ids.programId,
      dinas_id: ids.dinasId,
      name: 'Angkatan Daftar Hadir 2026',
      status: 'in_progress',
      venue_name: VENUE,
      time_zone: 'Asia/Makassar',
      capacity: 80,
      starts_on: '2026-12-14',
      ends_on: '2026-12-18',
      training_institute_id: ids.instituteId,
      certification_body_id: ids.lspId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  cohortId = cohort.id;
  const sessions = await db
    .insertInto('cohort_sessions')
    .values(
      [0, 1, 2, 3, 4].map((d) => ({
        cohort_id: cohortId,
        position: d + 1,
        kind: d === 4 ? ('exam' as const) : ('training' as const),
        title: d === 4 ? 'Uji kompetensi' : `Materi hari ${d + 1}`,
        starts_at: new Date(`2026-12-${14 + d}T00:00:00Z`),
        ends_at: new Date(`2026-12-${14 + d}T08:00:00Z`),
      })),
    )
    .returning(['id', 'position'])
    .execute();
  sessionIds = sessions.sort((a, b) => a.position - b.position).map((s) => s.id);
  otherCohortSessionId = (await db.selectFrom('cohort_sessions').select('id').where('cohort_id', '=', ids.openCohortId).executeTakeFirstOrThrow()).id;

  // 60 confirmed participants from 10 cooperatives, two of them with names that test the fonts.
  const special = ['Siti Nur’aini', 'Dédé Suryana Ñoman'];
  for (let c = 0; c < 10; c++) {
    const { cooperativeId, personIds } = await cooperativeWithStaff(db, ids.dinasId, Array(6).fill('Kepala Bagian Pembiayaan'));
    const cooperative = await db.updateTable('cooperatives').set({ name: `KSPPS Sejahtera Bersama ${c + 1}` }).where('id', '=', cooperativeId).returning('name').executeTakeFirstOrThrow();
    cooperatives.push(cooperative.name);
    for (const [i, personId] of personIds.entries()) {
      const name = special[c * 6 + i] ?? `Peserta Daftar ${String(c * 6 + i + 1).padStart(2, '0')}`;
      await db.updateTable('people').set({ full_name: name }).where('id', '=', personId).execute();
      names.push(name);
      await db.insertInto('enrollments').values({ cohort_id: cohortId, person_id: personId, cooperative_id: cooperativeId, status: 'confirmed', source: 'coordinator' }).execute();
    }
  }
  // Not on the sheet: a waitlisted and a cancelled registration.
  const { cooperativeId, personIds } = await cooperativeWithStaff(db, ids.dinasId, ['Kasir', 'Kasir']);
  for (const [i, status] of (['waitlisted', 'cancelled'] as const).entries()) {
    await db.updateTable('people').set({ full_name: excludedNames[i]! }).where('id', '=', personIds[i]!).execute();
    await db.insertInto('enrollments').values({ cohort_id: cohortId, person_id: personIds[i]!, cooperative_id: cooperativeId, status, source: 'coordinator' }).execute();
  }
  // Attendance already recorded on day 1: Siti excused, everyone else present.
  const enrollments = await db
    .selectFrom('enrollments as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .select(['e.id', 'p.full_name'])
    .where('e.cohort_id', '=', cohortId)
    .where('e.status', '=', 'confirmed')
    .execute();
  await db
    .insertInto('attendance')
    .values(enrollments.map((e) => ({ enrollment_id: e.id, session_id: sessionIds[0]!, status: e.full_name === 'Siti Nur’aini' ? ('excused' as const) : ('present' as const), method: 'roll_call' as const })))
    .execute();

  const userId = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  for (const email of ['koordinator@kompeten.test', 'lembaga@kompeten.test', 'asesor1@kompeten.test', 'peserta@kompeten.test', 'koordinator.malang@kompeten.test', 'lembaga.malang@kompeten.test']) {
    cookies[email] = await app.sessionCookie(await userId(email));
  }
  const otherDinas = await db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Koperasi Kabupaten Lain' }).returning('id').executeTakeFirstOrThrow();
  cookies.other = await app.sessionCookie(await createUser(db, { email: 'koordinator@lain.test', roles: [{ role: 'coordinator', institutionId: otherDinas.id }] }));
});

afterAll(async () => {
  await handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const coordinator = () => cookies['koordinator@kompeten.test']!;
const sessionSheet = (n = 0) => `/cohorts/${cohortId}/sessions/${sessionIds[n]}/sheet.pdf`;
const cohortSheet = () => `/cohorts/${cohortId}/attendance-sheet.pdf`;

describe.skipIf(missing.length > 0)('the attendance sheet of a session', () => {
  let file: string;
  let text: string;
  beforeAll(async () => {
    const saved = await savePdf(sessionSheet(0), coordinator(), 'sesi-1.pdf');
    file = saved.file;
    text = squash(textOf(file));
    const disposition = saved.response.headers.get('Content-Disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe('Daftar hadir Angkatan Daftar Hadir 2026 - Sesi 1.pdf');
  });

  it('is a valid PDF (qpdf --check) with its fonts embedded and its title and language set', () => {
    expect(() => run('qpdf', ['--check', file])).not.toThrow();
    const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const line of fonts) {
      expect(line).toMatch(/DejaVuSans/);
      expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes'); // the "emb" column
    }
    expect(run('pdfinfo', [file])).toMatch(/Title:\s+Daftar Hadir Pelatihan Kepala Bagian Pembiayaan KSP\/KSPPS — Angkatan Daftar Hadir 2026, Sesi 1/);
    expect(run('pdfinfo', [file])).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const catalog = run('qpdf', ['--json', '--json-key=qpdf', file]);
    expect(catalog).toContain('"/Lang": "u:id-ID"');
  });

  it('lists every confirmed participant with cooperative, exactly as typed, and nobody else', () => {
    for (const name of names) expect(text, name).toContain(name);
    for (const cooperative of cooperatives) expect(text).toContain(cooperative);
    expect(text).toContain('Kepala Bagian Pembiayaan');
    for (const name of excludedNames) expect(text).not.toContain(name);
    expect(text).toContain('Siti Nur’aini');
    expect(text).toContain('Dédé Suryana Ñoman');
  });

  it('heads it with the letterhead, program, cohort, venue, and the day and hours in the cohort zone', () => {
    expect(text).toContain('PEMERINTAH KOTA PEKALONGAN');
    expect(text).toContain('Dinas Perdagangan, Koperasi, dan UKM Kota Pekalongan');
    expect(text).toContain('Jl. Mataram No. 1, Pekalongan 51111');
    expect(text).toContain('DAFTAR HADIR');
    expect(text).toContain(PROGRAM_TITLE);
    expect(text).toContain('Angkatan Daftar Hadir 2026');
    expect(text).toContain(VENUE);
    expect(text).toContain('Senin, 14 Desember 2026');
    expect(text).toContain('08.00–16.00 WITA');
    expect(text).toContain('Tanda tangan');
  });

  it('shows the recorded statuses, numbers the signature lines, and ends with the signatory', () => {
    expect(text).toContain('Izin');
    expect(text).toContain('Hadir');
    expect(text).toMatch(/\b60\./);
    expect(text).toContain('Pekalongan, 14 Desember 2026');
    expect(text).toContain('Mengetahui,');
    expect(text).toContain(SIGNATORY);
    expect(text).toContain('NIP 19700101 199003 2 002');
  });

  it('runs over pages with the header row repeated and "Halaman n dari N" on each', () => {
    const pages = pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pages; page++) {
      const pageText = squash(textOf(file, page));
      expect(pageText, `page ${page}`).toContain(`Halaman ${page} dari ${pages}`);
      if (page < pages || pageText.includes('Peserta Daftar')) {
        expect(pageText, `page ${page}`).toMatch(/No Nama Koperasi Jabatan/);
      }
    }
    expect(squash(textOf(file, 2))).toContain('Daftar hadir Angkatan Daftar Hadir 2026 (lanjutan)');
  });

  it('leaves out the status column for a session not yet recorded', () => {
    return savePdf(sessionSheet(1), coordinator(), 'sesi-2.pdf').then(({ file: second }) => {
      const secondText = squash(textOf(second));
      expect(secondText).not.toContain('Status');
      expect(secondText).toContain('Selasa, 15 Desember 2026');
      expect(secondText).toContain('Pekalongan, 15 Desember 2026');
    });
  });
});

describe.skipIf(missing.length > 0)('the attendance sheet of a cohort', () => {
  let file: string;
  let text: string;
  beforeAll(async () => {
    const saved = await savePdf(cohortSheet(), coordinator(), 'angkatan.pdf');
    file = saved.file;
    text = squash(textOf(file));
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(saved.response.headers.get('Content-Disposition')!)![1]!)).toBe('Daftar hadir Angkatan Daftar Hadir 2026.pdf');
  });

  it('is a valid landscape A4 PDF with embedded fonts', () => {
    expect(() => run('qpdf', ['--check', file])).not.toThrow();
    expect(run('pdfinfo', [file])).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    for (const line of run('pdffonts', [file]).trim().split('\n').slice(2)) expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
  });

  it('has a signature column per training day (not the exam), every participant, and the dates', () => {
    for (const name of names) expect(text, name).toContain(name);
    for (const cooperative of cooperatives) expect(text).toContain(cooperative);
    for (const n of [1, 2, 3, 4]) expect(text).toContain(`Sesi ${n}`);
    expect(text).not.toContain('Sesi 5');
    expect(text).toContain('14 Des 2026');
    expect(text).toContain('14–18 Desember 2026');
    expect(text).toContain('08.00–16.00 WITA');
    expect(text).toContain(VENUE);
    expect(text).toContain(PROGRAM_TITLE);
    expect(text).toContain('Izin');
    expect(text).toContain('Pekalongan, 18 Desember 2026');
    const pages = pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pages; page++) expect(squash(textOf(file, page))).toContain(`Halaman ${page} dari ${pages}`);
  });

  it('is made in English for a reader who chose English (dates still in the cohort zone)', async () => {
    const { file: english } = await savePdf(`${cohortSheet()}?lng=en`, coordinator(), 'english.pdf');
    const englishText = squash(textOf(english));
    expect(englishText).toContain('ATTENDANCE LIST');
    expect(englishText).toContain('Page 1 of');
    expect(englishText).toContain('14–18 December 2026');
    expect(englishText).toContain('08:00–16:00 WITA');
    expect(run('qpdf', ['--json', '--json-key=qpdf', english])).toContain('"/Lang": "u:en-GB"');
  });
});

describe('who may download the sheets', () => {
  it("the staff of the cohort's training institute may; its assessor, a participant and others may not", async () => {
    expect((await download(sessionSheet(), cookies['lembaga@kompeten.test']!)).status).toBe(200);
    expect((await download(cohortSheet(), cookies['lembaga@kompeten.test']!)).status).toBe(200);
    // The assessor sees the cohort (read-only) but takes no attendance: forbidden, not hidden.
    expect((await download(cohortSheet(), cookies['asesor1@kompeten.test']!)).status).toBe(403);
    for (const who of ['peserta@kompeten.test', 'koordinator.malang@kompeten.test', 'lembaga.malang@kompeten.test', 'other']) {
      expect((await download(cohortSheet(), cookies[who]!)).status, who).toBe(404);
      expect((await download(sessionSheet(), cookies[who]!)).status, who).toBe(404);
    }
  });

  it('a session of another cohort, or ids that are not ids, are not found; nobody signed in is sent to sign in', async () => {
    expect((await download(`/cohorts/${cohortId}/sessions/${otherCohortSessionId}/sheet.pdf`, coordinator())).status).toBe(404);
    expect((await download(`/cohorts/${cohortId}/sessions/x/sheet.pdf`, coordinator())).status).toBe(404);
    expect((await download(`/cohorts/nope/attendance-sheet.pdf`, coordinator())).status).toBe(404);
    const anonymous = await app.request(cohortSheet(), { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/);
  });

  it('the cohort page offers the sheets to those who may print them', async () => {
    const html = await (await app.request(`/cohorts/${cohortId}/manage`, { cookie: coordinator() })).text();
    expect(html).toContain(`href="/cohorts/${cohortId}/attendance-sheet.pdf"`);
    for (const id of sessionIds) expect(html).toContain(`href="/cohorts/${cohortId}/sessions/${id}/sheet.pdf"`);
    expect(html).toContain('Cetak daftar hadir');
    const assessorPage = await app.request(`/cohorts/${cohortId}/manage`, { cookie: cookies['asesor1@kompeten.test']! });
    expect(assessorPage.status).toBe(200);
    expect(await assessorPage.text()).not.toContain('attendance-sheet.pdf');
  });
});

describe.skipIf(missing.length > 0)('speed', () => {
  // A figure for the log; the bound only catches a gross regression on a busy shared machine.
  it('renders a 60-participant cohort sheet in well under a few seconds', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await download(cohortSheet(), coordinator());
      await response.arrayBuffer();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`attendance sheet, 60 participants × 4 days: median ${times[2]!.toFixed(1)} ms per download (query + PDF)`);
    expect(times[2]).toBeLessThan(3000);
  });
});
