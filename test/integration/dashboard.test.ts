import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentOutcome, AttendanceStatus, CertificateKind, CertificateStatus, CohortStatus, Database } from '~db/schema';
import type { DatabaseHandle } from '~/lib/db.server';
import { NotFoundError } from '~/lib/errors';
import { addDays } from '~/lib/dates';
import { loadDashboard } from '~/domain/dashboard/dashboard.server';
import { createUser, seedOtherDinas } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { actorFor, demoDatabase, today, type DemoIds } from '../support/cohorts-fixtures';

/**
 * The dashboard's figures over a world of known cohorts in 2024 (the demo data has none
 * then): counts, rates, per-program and per-cohort rows, month buckets, the expiring list,
 * the scope to the coordinator's Dinas, the exports and the cohort's one-page PDF summary.
 */

let handle: DatabaseHandle;
let db: Kysely<Database>;
let app: TestApp;
let ids: DemoIds;
let other: Awaited<ReturnType<typeof seedOtherDinas>>;
let dir: string;
let serial = 0;
const cohorts: Record<string, string> = {};
const PERIOD_2024 = 'period=custom&from=01-01-2024&to=31-12-2024';
const params2024 = () => new URLSearchParams(PERIOD_2024);

interface ParticipantSpec {
  name: string;
  status?: 'confirmed' | 'cancelled';
  marks?: AttendanceStatus[];
  outcome?: AssessmentOutcome;
  certificates?: { kind: CertificateKind; status?: CertificateStatus; validUntil?: string }[];
}

async function makeCohort(spec: {
  name: string;
  dinasId: string;
  programId: string;
  instituteId?: string | null;
  bodyId?: string | null;
  startsOn: string;
  status?: CohortStatus;
  trainingSessions: number;
  capacity?: number;
  participants: ParticipantSpec[];
  cooperativeId?: string | null;
}): Promise<string> {
  const cohort = await db
    .insertInto('cohorts')
    .values({
      program_id: spec.programId,
      dinas_id: spec.dinasId,
      name: spec.name,
      status: spec.status ?? 'completed',
      capacity: spec.capacity ?? 25,
      starts_on: spec.startsOn,
      ends_on: addDays(spec.startsOn, spec.trainingSessions),
      training_institute_id: spec.instituteId ?? null,
      certification_body_id: spec.bodyId ?? null,
      venue_name: 'Hotel Santika Pekalongan',
      cancel_reason: spec.status === 'cancelled' ? 'Peserta kurang' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessionIds: string[] = [];
  for (let i = 0; i < spec.trainingSessions; i++) {
    const day = addDays(spec.startsOn, i);
    const s = await db
      .insertInto('cohort_sessions')
      .values({ cohort_id: cohort.id, position: i + 1, kind: 'training', title: `Hari ${i + 1}`, starts_at: `${day}T01:00:00Z`, ends_at: `${day}T09:00:00Z` })
      .returning('id')
      .executeTakeFirstOrThrow();
    sessionIds.push(s.id);
  }
  const examDay = addDays(spec.startsOn, spec.trainingSessions);
  await db
    .insertInto('cohort_sessions')
    .values({ cohort_id: cohort.id, position: spec.trainingSessions + 1, kind: 'exam', title: 'Uji', starts_at: `${examDay}T01:00:00Z`, ends_at: `${examDay}T09:00:00Z` })
    .execute();
  for (const p of spec.participants) {
    serial += 1;
    const person = await db
      .insertInto('people')
      .values({ nik: `3375${String(900000000000 + serial)}`, full_name: p.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const enrollment = await db
      .insertInto('enrollments')
      .values({ cohort_id: cohort.id, person_id: person.id, cooperative_id: spec.cooperativeId ?? null, status: p.status ?? 'confirmed', source: 'coordinator' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, status] of (p.marks ?? []).entries()) {
      await db.insertInto('attendance').values({ enrollment_id: enrollment.id, session_id: sessionIds[i]!, status }).execute();
    }
    if (p.outcome) {
      await db.insertInto('assessments').values({ enrollment_id: enrollment.id, status: 'final', recommendation: p.outcome, finalized_at: new Date() }).execute();
    }
    for (const c of p.certificates ?? []) {
      serial += 1;
      await db
        .insertInto('certificates')
        .values({
          kind: c.kind,
          enrollment_id: enrollment.id,
          person_id: person.id,
          cooperative_id: spec.cooperativeId ?? null,
          number: `TEST/${serial}`,
          verification_code: `TESTCODE${String(serial).padStart(8, '0')}`,
          status: c.status ?? 'valid',
          valid_until: c.validUntil ?? '2030-01-01',
          snapshot: '{}',
          template_version: '2026.1',
          ...(c.status === 'revoked' ? { revoked_at: new Date(), revoke_reason: 'Data keliru' } : {}),
        })
        .execute();
    }
  }
  return cohort.id;
}

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  db = handle.db;
  app = await loadApp(handle);
  other = await seedOtherDinas(db);
  dir = mkdtempSync(path.join(tmpdir(), 'kompeten-dashboard-'));
  const cooperative = await db.selectFrom('cooperatives').select('id').where('dinas_id', '=', ids.dinasId).orderBy('name').executeTakeFirstOrThrow();
  const secondProgram = await db
    .insertInto('programs')
    .values({ dinas_id: ids.dinasId, code: 'KASIR', title: 'Pelatihan Kasir Koperasi', target_positions: [] })
    .returning('id')
    .executeTakeFirstOrThrow();

  cohorts.a = await makeCohort({
    name: 'Angkatan A 2024',
    dinasId: ids.dinasId,
    programId: ids.programId,
    instituteId: ids.instituteId,
    bodyId: ids.lspId,
    startsOn: '2024-03-04',
    trainingSessions: 2,
    cooperativeId: cooperative.id,
    participants: [
      {
        name: 'Ani Kompeten',
        marks: ['present', 'present'],
        outcome: 'competent',
        certificates: [
          { kind: 'competency', validUntil: addDays(today(), 10) },
          { kind: 'training' },
          { kind: 'competency', status: 'superseded' },
        ],
      },
      { name: 'Budi Terlambat', marks: ['late', 'absent'], outcome: 'competent', certificates: [{ kind: 'competency', validUntil: addDays(today(), 100) }, { kind: 'training', status: 'revoked', validUntil: addDays(today(), 5) }] },
      { name: 'Citra Izin', marks: ['excused', 'present'], outcome: 'not_yet_competent', certificates: [{ kind: 'training' }] },
      { name: 'Dedi Absen', marks: ['absent', 'absent'], outcome: 'did_not_attend' },
      { name: 'Eko Batal', status: 'cancelled', marks: ['present', 'present'], outcome: 'competent' },
    ],
  });
  cohorts.b = await makeCohort({
    name: '=1+1 Angkatan B 2024',
    dinasId: ids.dinasId,
    programId: secondProgram.id,
    startsOn: '2024-05-06',
    trainingSessions: 1,
    participants: [
      { name: 'Fajar Kasir', marks: ['present'], outcome: 'competent', certificates: [{ kind: 'competency' }] },
      { name: 'Gita Kasir', marks: ['present'], outcome: 'competent', certificates: [{ kind: 'competency' }] },
    ],
  });
  // Not counted: before the period, cancelled, a draft, another Dinas's.
  await makeCohort({ name: 'Angkatan 2023', dinasId: ids.dinasId, programId: ids.programId, startsOn: '2023-11-06', trainingSessions: 1, participants: [{ name: 'Hadi Lama', marks: ['present'], outcome: 'competent' }] });
  await makeCohort({ name: 'Angkatan Batal 2024', dinasId: ids.dinasId, programId: ids.programId, startsOn: '2024-07-01', status: 'cancelled', trainingSessions: 1, participants: [{ name: 'Indah Batal', marks: ['present'] }] });
  const otherProgram = await db.insertInto('programs').values({ dinas_id: other.dinasId, code: 'BTG', title: 'Pelatihan Batang', target_positions: [] }).returning('id').executeTakeFirstOrThrow();
  cohorts.other = await makeCohort({
    name: 'Angkatan Batang 2024',
    dinasId: other.dinasId,
    programId: otherProgram.id,
    startsOn: '2024-03-11',
    trainingSessions: 1,
    participants: [{ name: 'Joko Batang', marks: ['absent'], outcome: 'not_yet_competent', certificates: [{ kind: 'training', validUntil: addDays(today(), 10) }] }],
  });
  // Upcoming: 1 confirmed and 1 waitlisted of 4 seats.
  cohorts.upcoming = await makeCohort({
    name: 'Angkatan Mendatang',
    dinasId: ids.dinasId,
    programId: secondProgram.id,
    startsOn: addDays(today(), 30),
    status: 'open',
    capacity: 4,
    trainingSessions: 1,
    participants: [{ name: 'Kiki Daftar' }, { name: 'Lala Tunggu', status: 'cancelled' }],
  });
  await db.updateTable('enrollments').set({ status: 'waitlisted' }).where('cohort_id', '=', cohorts.upcoming).where('status', '=', 'cancelled').execute();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await handle.close();
});

describe('the period figures', () => {
  it('counts the cohorts that started in the period: participants, attendance, competent rate, certificates', async () => {
    const dashboard = await loadDashboard(db, await actorFor(db, 'koordinator@kompeten.test'), params2024());
    expect(dashboard.period).toEqual({ kind: 'custom', from: '2024-01-01', to: '2024-12-31' });
    // A: 4 confirmed × 2 sessions, attended 2 + 1 (late) + 1 (excused does not count) + 0 = 4; B: 2 × 1, 2 attended.
    // Examined: A 3 (absent from the exam is not examined), 2 competent; B 2 of 2.
    // Certificates: A 2 competency (the superseded one not), 3 training (the revoked one counts); B 2 competency.
    expect(dashboard.figures.totals).toEqual({
      cohorts: 2,
      participants: 6,
      attended: 6,
      expected: 10,
      attendanceRate: 60,
      examined: 5,
      competent: 4,
      competentRate: 80,
      competencyCertificates: 4,
      trainingCertificates: 3,
    });
  });

  it('gives a row per cohort and per program, so the last two cohorts compare side by side', async () => {
    const { figures } = await loadDashboard(db, await actorFor(db, 'koordinator@kompeten.test'), params2024());
    expect(figures.cohorts.map((c) => [c.name, c.startsOn, c.participants, c.attendanceRate, c.competent, c.examined, c.competentRate])).toEqual([
      ['Angkatan A 2024', '2024-03-04', 4, 50, 2, 3, 66.7],
      ['=1+1 Angkatan B 2024', '2024-05-06', 2, 100, 2, 2, 100],
    ]);
    expect(figures.programs.map((p) => [p.name, p.cohorts, p.participants, p.competentRate, p.competencyCertificates])).toEqual([
      ['Pelatihan Kasir Koperasi', 1, 2, 100, 2],
      ['Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS', 1, 4, 66.7, 2],
    ]);
    const institute = await db.selectFrom('institutions').select('name').where('id', '=', ids.instituteId).executeTakeFirstOrThrow();
    expect(figures.institutes.map((r) => [r.name, r.cohorts, r.participants])).toEqual([
      [institute.name, 1, 4],
      [null, 1, 2],
    ]);
    expect(figures.bodies.map((r) => r.participants).sort()).toEqual([2, 4]);
  });

  it('buckets participants and the competent rate by month of start, every month of the period present', async () => {
    const { figures } = await loadDashboard(db, await actorFor(db, 'koordinator@kompeten.test'), params2024());
    expect(figures.months).toHaveLength(12);
    expect(figures.months.find((m) => m.month === '2024-03')).toEqual({ month: '2024-03', participants: 4, examined: 3, competent: 2, competentRate: 66.7 });
    expect(figures.months.find((m) => m.month === '2024-05')).toEqual({ month: '2024-05', participants: 2, examined: 2, competent: 2, competentRate: 100 });
    expect(figures.months.find((m) => m.month === '2024-07')).toEqual({ month: '2024-07', participants: 0, examined: 0, competent: 0, competentRate: null });
  });

  it('lists valid certificates expiring within 90 days and upcoming cohorts with their fill rate', async () => {
    const dashboard = await loadDashboard(db, await actorFor(db, 'koordinator@kompeten.test'), params2024());
    const ours = dashboard.expiring.items.filter((c) => c.cohort.includes('2024'));
    // Not: 100 days away, revoked, another Dinas's.
    expect(ours.map((c) => [c.holder, c.kind, c.validUntil])).toEqual([['Ani Kompeten', 'competency', addDays(today(), 10)]]);
    expect(dashboard.expiring.items.some((c) => c.holder === 'Joko Batang')).toBe(false);
    const upcoming = dashboard.upcoming.find((c) => c.id === cohorts.upcoming);
    expect(upcoming).toMatchObject({ capacity: 4, confirmed: 1, waitlisted: 1, fillRate: 25 });
  });

  it("counts only the coordinator's own Dinas", async () => {
    const dashboard = await loadDashboard(db, await actorFor(db, 'koordinator@batang.test'), params2024());
    expect(dashboard.figures.cohorts.map((c) => c.name)).toEqual(['Angkatan Batang 2024']);
    expect(dashboard.figures.totals).toMatchObject({ cohorts: 1, participants: 1, examined: 1, competent: 0, competentRate: 0, trainingCertificates: 1 });
    expect(dashboard.expiring.items.map((c) => c.holder)).toEqual(['Joko Batang']);
    expect(dashboard.upcoming).toEqual([]);
  });

  it('refuses a participant and an institute', async () => {
    const participant = await createUser(db, { email: 'peserta-dasbor@example.test', displayName: 'Peserta', roles: [{ role: 'participant' }] });
    await expect(loadDashboard(db, await actorFor(db, 'peserta-dasbor@example.test'), params2024())).rejects.toBeInstanceOf(NotFoundError);
    const cookie = await app.sessionCookie(participant);
    expect((await app.request('/dashboard', { cookie })).status).toBe(404);
    expect((await app.request(`/dashboard/export/cohorts.csv?${PERIOD_2024}`, { cookie })).status).toBe(404);
    expect((await app.request(`/cohorts/${cohorts.a}/summary.pdf`, { cookie })).status).toBe(404);
  });

  it('falls back to this year when a custom range cannot be read, and says why', async () => {
    const dashboard = await loadDashboard(db, await actorFor(db, 'koordinator@kompeten.test'), new URLSearchParams('period=custom&from=31-02-2024&to=01-01-2024'));
    expect(dashboard.period.kind).toBe('this-year');
    expect(dashboard.periodProblems).toEqual(['dashboard:period.invalidFrom']);
  });
});

describe('the dashboard page and its exports', () => {
  it('shows the figures and the charts as SVG with their tables', async () => {
    const cookie = await app.sessionCookie((await actorFor(db, 'koordinator@kompeten.test')).userId);
    const response = await app.request(`/dashboard?${PERIOD_2024}`, { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain('<title');
    expect(html).toContain('Peserta per bulan');
    expect(html).toMatch(/data-figure="competentRate"[\s\S]*?80 %/);
    expect(html).toMatch(/data-figure="attendanceRate"[\s\S]*?60 %/);
    expect(html).toContain('66,7 %');
    expect(html).toContain('Angkatan A 2024');
    expect(html).not.toContain('Angkatan Batang 2024');
    expect(html).toContain(`/dashboard/export/cohorts.xlsx?period=custom&amp;from=2024-01-01&amp;to=2024-12-31`);
    expect(html).toContain(`/cohorts/${cohorts.a}/summary.pdf`);
  });

  it('exports a table as CSV with formulas defused', async () => {
    const cookie = await app.sessionCookie((await actorFor(db, 'koordinator@kompeten.test')).userId);
    const response = await app.request(`/dashboard/export/cohorts.csv?${PERIOD_2024}`, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Angkatan,Kode program,Program,Tanggal mulai,Tanggal selesai,Peserta,Kehadiran,Diuji,Kompeten,Tingkat kompeten,Sertifikat kompetensi,Sertifikat pelatihan');
    expect(lines[1]).toBe('Angkatan A 2024,KABAG-PMB,Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS,2024-03-04,2024-03-06,4,50,3,2,66.7,2,3');
    expect(lines[2]).toBe("'=1+1 Angkatan B 2024,KASIR,Pelatihan Kasir Koperasi,2024-05-06,2024-05-07,2,100,2,2,100,2,0");
  });

  it('exports a table as XLSX with numbers as numbers and dates as text', async () => {
    const cookie = await app.sessionCookie((await actorFor(db, 'koordinator@kompeten.test')).userId);
    const response = await app.request(`/dashboard/export/programs.xlsx?${PERIOD_2024}`, { cookie });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Per program');
    expect(sheet.getRow(1).getCell(1).value).toBe('Program');
    expect(sheet.getRow(3).getCell(1).value).toBe('Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS');
    expect(sheet.getRow(3).getCell(3).value).toBe(4);
    expect(sheet.getRow(3).getCell(7).value).toBe(66.7);

    const months = await app.request(`/dashboard/export/months.xlsx?${PERIOD_2024}`, { cookie });
    const monthBook = new ExcelJS.Workbook();
    await monthBook.xlsx.load((await months.arrayBuffer()) as ExcelJS.Buffer);
    expect(monthBook.worksheets[0]!.getRow(4).values).toEqual([undefined, '2024-03', 4, 3, 2, 66.7]);
    expect((await app.request(`/dashboard/export/nothing.csv?${PERIOD_2024}`, { cookie })).status).toBe(404);
  });

  it("prints a cohort's one-page summary that qpdf accepts", async () => {
    const cookie = await app.sessionCookie((await actorFor(db, 'koordinator@kompeten.test')).userId);
    const response = await app.request(`/cohorts/${cohorts.a}/summary.pdf`, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    const file = path.join(dir, 'summary.pdf');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    execFileSync('qpdf', ['--check', file]);
    expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Pages:\s+1\n/);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString().replace(/[\s\u00a0\u202f]+/g, ' ');
    expect(text).toContain('RINGKASAN PELAKSANAAN PELATIHAN');
    expect(text).toContain('Angkatan A 2024');
    expect(text).toContain('Hotel Santika Pekalongan');
    expect(text).toContain('Peserta terkonfirmasi : 4');
    expect(text).toContain('50 % (4 dari 8)');
    expect(text).toContain('2 kompeten, 1 belum kompeten, 1 tidak hadir, 0 belum ada hasil');
    expect(text).toContain('66,7 %');
    expect(text).toContain('2 kompetensi, 3 pelatihan');
    for (const name of ['Ani Kompeten', 'Budi Terlambat', 'Citra Izin', 'Dedi Absen']) expect(text).toContain(name);
    expect(text).not.toContain('Eko Batal');

    const otherCookie = await app.sessionCookie(other.coordinatorId);
    expect((await app.request(`/cohorts/${cohorts.a}/summary.pdf`, { cookie: otherCookie })).status).toBe(404);
  });
});
