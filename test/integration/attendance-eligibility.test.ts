import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceStatus } from '~db/schema';
import type { DatabaseHandle } from '~/lib/db.server';
import { NotFoundError } from '~/lib/errors';
import { cohortEligibility, eligibilityOfEnrollment, enrollmentEligibility } from '~/domain/attendance/eligibility.server';
import { createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { actorFor, cooperativeWithStaff, demoDatabase, openCohort, type DemoIds } from '../support/cohorts-fixtures';

/**
 * Issue #12, parts 4 and 6: who meets the attendance rule, shown on the cohort's pages, and
 * the participants × sessions matrix on screen and as CSV/XLSX. Marks are inserted directly
 * (the roll call that makes them is another part of the issue).
 */

let handle: DatabaseHandle;
let app: TestApp;
let ids: DemoIds;
const cookies: Record<string, string> = {};
let cohortId: string;
let sessions: { id: string; kind: string }[];
const enrollment: Record<string, string> = {};

async function userId(email: string) {
  return (await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

const NAMES = ['Ani Lestari', 'Budi Santoso', 'Citra Dewi', 'Dedi Kurniawan', '=SUM(A1:A9) Eko', 'Fajar Waitlist'] as const;
// Day 1, day 2, day 3 (training), exam. Ani: all attended (one late); Budi: excused on day 2;
// Citra: absent on day 2; Dedi: day 3 not recorded; Eko: absent everywhere; Fajar is waitlisted.
const MARKS: Record<string, (AttendanceStatus | null)[]> = {
  'Ani Lestari': ['present', 'late', 'present', 'absent'],
  'Budi Santoso': ['present', 'excused', 'present', 'present'],
  'Citra Dewi': ['present', 'absent', 'present', 'present'],
  'Dedi Kurniawan': ['present', 'present', null, null],
  '=SUM(A1:A9) Eko': ['absent', 'absent', 'absent', null],
  'Fajar Waitlist': ['present', 'present', 'present', null],
};

async function setRule(minPercent: number, countsExcused: boolean) {
  await handle.db.updateTable('programs').set({ attendance_min_percent: minPercent, attendance_counts_excused: countsExcused }).where('id', '=', ids.programId).execute();
}

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  for (const email of ['koordinator@kompeten.test', 'lembaga@kompeten.test', 'peserta@kompeten.test']) cookies[email] = await app.sessionCookie(await userId(email));
  const dinas = await handle.db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Koperasi Kabupaten Seberang' }).returning('id').executeTakeFirstOrThrow();
  await createUser(handle.db, { email: 'koordinator@seberang.test', roles: [{ role: 'coordinator', institutionId: dinas.id }] });
  cookies.other = await app.sessionCookie(await userId('koordinator@seberang.test'));

  // A cohort that ran ten days ago: three training days and an exam, all ended.
  cohortId = await openCohort(handle.db, ids, { capacity: 10, startsInDays: -10 });
  await handle.db.updateTable('cohorts').set({ status: 'in_progress' }).where('id', '=', cohortId).execute();
  sessions = await handle.db.selectFrom('cohort_sessions').select(['id', 'kind']).where('cohort_id', '=', cohortId).orderBy('starts_at').execute();
  const { cooperativeId, personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, NAMES.map(() => 'Kepala Bagian Pembiayaan'));
  for (const [index, name] of NAMES.entries()) {
    await handle.db.updateTable('people').set({ full_name: name }).where('id', '=', personIds[index]!).execute();
    const row = await handle.db
      .insertInto('enrollments')
      .values({ cohort_id: cohortId, person_id: personIds[index]!, cooperative_id: cooperativeId, status: name.includes('Waitlist') ? 'waitlisted' : 'confirmed', source: 'coordinator' })
      .returning('id')
      .executeTakeFirstOrThrow();
    enrollment[name] = row.id;
    const marks = MARKS[name]!;
    for (const [day, status] of marks.entries()) {
      if (status) await handle.db.insertInto('attendance').values({ enrollment_id: row.id, session_id: sessions[day]!.id, status }).execute();
    }
  }
  await setRule(90, false);
});
afterAll(() => handle.close());

const coordinator = () => cookies['koordinator@kompeten.test']!;
const page = async (path: string, cookie?: string) => {
  const response = await app.request(path, { cookie });
  return { status: response.status, html: await response.text() };
};

describe('the attendance rule over a cohort', () => {
  it('counts training sessions only, per confirmed participant, against the program', async () => {
    const coordinatorActor = await actorFor(handle.db, 'koordinator@kompeten.test');
    const result = await cohortEligibility(handle.db, coordinatorActor, cohortId);
    const byName = Object.fromEntries(result.participants.map((p) => [p.name, p.eligibility]));
    expect(Object.keys(byName).sort()).toEqual(NAMES.filter((n) => !n.includes('Waitlist')).sort());
    expect(byName['Ani Lestari']).toMatchObject({ state: 'eligible', attended: 3, total: 3, percent: 100 });
    expect(byName['Budi Santoso']).toMatchObject({ state: 'notEligible', attended: 2, percent: 66 });
    expect(byName['Citra Dewi']).toMatchObject({ state: 'notEligible', attended: 2 });
    // Day 3 ended without a mark: counted as absent in the rate, still provisional at 90 % (1 session could still be recorded present).
    expect(byName['Dedi Kurniawan']).toMatchObject({ state: 'provisional', attended: 2, unrecorded: 1, counted: 3, percent: 66 });
    expect(byName['=SUM(A1:A9) Eko']).toMatchObject({ state: 'notEligible', attended: 0, percent: 0 });
    expect(result.summary).toEqual({ eligible: 1, notEligible: 3, provisional: 1, total: 5 });
  });

  it('an excused absence counts once the program says so', async () => {
    await setRule(90, true);
    try {
      const result = await cohortEligibility(handle.db, await actorFor(handle.db, 'koordinator@kompeten.test'), cohortId);
      expect(result.participants.find((p) => p.name === 'Budi Santoso')!.eligibility).toMatchObject({ state: 'eligible', attended: 3 });
      expect(result.summary.eligible).toBe(2);
    } finally {
      await setRule(90, false);
    }
  });

  it('answers for one registration: the exam and the certificate ask this way', async () => {
    const staff = await actorFor(handle.db, 'lembaga@kompeten.test');
    expect(await enrollmentEligibility(handle.db, staff, enrollment['Ani Lestari']!)).toMatchObject({ state: 'eligible' });
    expect(await eligibilityOfEnrollment(handle.db, enrollment['Citra Dewi']!)).toMatchObject({ state: 'notEligible' });
    // A waitlisted registration is not a participant: no answer.
    expect(await eligibilityOfEnrollment(handle.db, enrollment['Fajar Waitlist']!)).toBeNull();
    const stranger = await actorFor(handle.db, 'koordinator@seberang.test');
    await expect(enrollmentEligibility(handle.db, stranger, enrollment['Ani Lestari']!)).rejects.toBeInstanceOf(NotFoundError);
    await expect(cohortEligibility(handle.db, stranger, cohortId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(enrollmentEligibility(handle.db, staff, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the cohort's pages", () => {
  it('the participants table shows each confirmed participant against the rule', async () => {
    const { status, html } = await page(`/cohorts/${cohortId}/participants`, coordinator());
    expect(status).toBe(200);
    expect(html).toContain('3/3 · 100%');
    expect(html).toContain('Memenuhi syarat');
    expect(html).toContain('Tidak memenuhi syarat');
    expect(html).toContain('1 sesi belum dicatat');
    expect(html).toContain(`href="/cohorts/${cohortId}/attendance"`);
  });

  it('the manage page sums it up and links the matrix', async () => {
    const { status, html } = await page(`/cohorts/${cohortId}/manage`, coordinator());
    expect(status).toBe(200);
    expect(html).toContain('1 dari 5 peserta memenuhi syarat kehadiran.');
    expect(html).toContain('Minimal 90% sesi pelatihan dihadiri; izin tidak dihitung hadir.');
    expect(html).toContain(`href="/cohorts/${cohortId}/attendance"`);
  });

  it('the matrix shows a symbol and a word per cell, sorts by rate and pages', async () => {
    const { status, html } = await page(`/cohorts/${cohortId}/attendance?sort=rate&dir=desc`, cookies['lembaga@kompeten.test']);
    expect(status).toBe(200);
    expect(html).toContain('Matriks kehadiran');
    expect(html).toMatch(/<span aria-hidden="true">T<\/span><span class="visually-hidden">Terlambat<\/span>/);
    expect(html).toContain('<span class="visually-hidden">Belum dicatat</span>');
    // Times in the cohort's zone in the column headers.
    expect(html).toMatch(/\d{2}\.00 WIB · Hari 1/);
    const order = NAMES.map((n) => [n, html.indexOf(n.replace('&', '&amp;'))] as const).filter(([, at]) => at >= 0).sort((a, b) => a[1] - b[1]).map(([n]) => n);
    expect(order[0]).toBe('Ani Lestari');
    expect(order.at(-1)).toBe('=SUM(A1:A9) Eko');
    expect(html).not.toContain('Fajar Waitlist');
    expect(html).toContain('scope="row"');

    const paged = await page(`/cohorts/${cohortId}/attendance?sort=name&size=2&page=2`, coordinator());
    expect(paged.html).toContain('Budi Santoso');
    expect(paged.html).toContain('Citra Dewi');
    expect(paged.html).not.toContain('Ani Lestari');
    expect(paged.html).toContain('Halaman 2 dari 3');
  });

  it("another Dinas's coordinator gets 404 for the matrix, its export and the participants page", async () => {
    for (const path of [`/cohorts/${cohortId}/attendance`, `/cohorts/${cohortId}/attendance/export?format=csv`, `/cohorts/${cohortId}/attendance/export?format=xlsx`]) {
      expect((await app.request(path, { cookie: cookies.other })).status, path).toBe(404);
    }
    expect((await app.request(`/cohorts/${cohortId}/attendance`, { redirect: 'manual' })).status).toBe(302);
  });
});

describe('the matrix as a file', () => {
  const headerStart = ['No', 'Nama', 'Koperasi'];
  const tail = ['Hadir (sesi pelatihan)', 'Persentase', 'Syarat kehadiran'];

  it('CSV: a column per session in the cohort zone, the rule at the end, formulas defused', async () => {
    const response = await app.request(`/cohorts/${cohortId}/attendance/export?format=csv`, { cookie: coordinator() });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    expect(response.headers.get('Content-Disposition')).toMatch(/attachment; filename="kehadiran-/);
    const rows = parse(await response.text(), { bom: true }) as string[][];
    const [header, ...body] = rows;
    expect(header!.slice(0, 3)).toEqual(headerStart);
    expect(header!.slice(-3)).toEqual(tail);
    expect(header).toHaveLength(3 + sessions.length + 3);
    expect(header![3]).toMatch(/^\d{1,2} \S+ \d{4}, \d{2}\.00 WIB · Hari 1$/);
    expect(header![6]).toMatch(/Uji kompetensi \(uji\)$/);
    expect(body).toHaveLength(5);
    const ani = body.find((r) => r[1] === 'Ani Lestari')!;
    expect(ani.slice(3)).toEqual(['H', 'T', 'H', 'A', '3/3', '100', 'Memenuhi syarat']);
    const dedi = body.find((r) => r[1] === 'Dedi Kurniawan')!;
    expect(dedi.slice(3)).toEqual(['H', 'H', '', '', '2/3', '66', 'Sementara']);
    // A name that starts like a formula is written as text.
    expect(body.some((r) => r[1] === "'=SUM(A1:A9) Eko")).toBe(true);
    expect(body.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('XLSX: the same table, read back with exceljs', async () => {
    const response = await app.request(`/cohorts/${cohortId}/attendance/export?format=xlsx&sort=rate&dir=desc`, { cookie: coordinator() });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Kehadiran');
    const values = (rowNumber: number) => (sheet.getRow(rowNumber).values as unknown[]).slice(1);
    expect(values(1).slice(0, 3)).toEqual(headerStart);
    expect(values(1).slice(-3)).toEqual(tail);
    expect(values(2)).toEqual([1, 'Ani Lestari', expect.stringMatching(/^KSP Uji/), 'H', 'T', 'H', 'A', '3/3', 100, 'Memenuhi syarat']);
    expect(values(6).slice(0, 2)).toEqual([5, '=SUM(A1:A9) Eko']);
    expect(sheet.getRow(6).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.actualRowCount).toBe(6);
  });

  it('in English when the user reads English', async () => {
    const response = await app.request(`/cohorts/${cohortId}/attendance/export?format=csv&lng=en`, { cookie: coordinator() });
    const [header, ...body] = parse(await response.text(), { bom: true }) as string[][];
    expect(header!.slice(0, 3)).toEqual(['No', 'Name', 'Cooperative']);
    expect(body.find((r) => r[1] === 'Ani Lestari')!.slice(3)).toEqual(['P', 'L', 'P', 'A', '3/3', '100', 'Eligible']);
  });
});

describe('the program form carries the attendance knobs', () => {
  const programForm = (over: Record<string, string> = {}) => ({
    code: 'HADIR-1',
    title: 'Pelatihan dengan aturan kehadiran',
    'units[0].code': 'H.1',
    'units[0].title': 'Unit hadir',
    'days[0].kind': 'training',
    'days[0].title': 'Hari 1',
    'days[0].startsAtTime': '08:00',
    'days[0].endsAtTime': '16:00',
    attendanceMinPercent: '80',
    attendanceCountsExcused: 'on',
    lateGraceMinutes: '10',
    checkInOpensMinutes: '30',
    attendanceCorrectionHours: '48',
    ...over,
  });
  const saved = (code: string) =>
    handle.db
      .selectFrom('programs')
      .select(['id', 'attendance_min_percent', 'attendance_counts_excused', 'late_grace_minutes', 'check_in_opens_minutes', 'attendance_correction_hours'])
      .where('code', '=', code)
      .executeTakeFirst();

  it('refuses values outside the bounds, field by field, and writes nothing', async () => {
    const response = await app.postForm('/programs/new', programForm({ lateGraceMinutes: '241', checkInOpensMinutes: '-1', attendanceCorrectionHours: '2161.5' }), coordinator());
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Isi jumlah menit 0–240.');
    expect(html).toContain('Isi jumlah menit 0–720.');
    expect(html).toContain('Isi jumlah jam 0–2160.');
    expect(await saved('HADIR-1')).toBeUndefined();
  });

  it('saves them, shows them, and audits a change with before and after', async () => {
    expect((await app.postForm('/programs/new', programForm(), coordinator())).status).toBe(302);
    const created = (await saved('HADIR-1'))!;
    expect(created).toMatchObject({ attendance_min_percent: 80, attendance_counts_excused: true, late_grace_minutes: 10, check_in_opens_minutes: 30, attendance_correction_hours: 48 });

    const view = await page(`/programs/${created.id}`, coordinator());
    expect(view.html).toContain('izin dihitung hadir');
    expect(view.html).toContain('dibuka 30 menit sebelum sesi; terlambat setelah 10 menit');
    expect(view.html).toContain('sampai 48 jam setelah sesi selesai');
    const edit = await page(`/programs/${created.id}/edit`, coordinator());
    expect(edit.html).toMatch(/<input[^>]*name="attendanceCountsExcused"[^>]*checked/);
    expect(edit.html).toMatch(/<input[^>]*name="attendanceCorrectionHours"[^>]*value="48"/);

    // Unticking the box (a browser sends nothing for it) and changing the window.
    const { attendanceCountsExcused: _unticked, ...rest } = programForm({ attendanceCorrectionHours: '0' });
    expect((await app.postForm(`/programs/${created.id}/edit`, rest, coordinator())).status).toBe(302);
    expect(await saved('HADIR-1')).toMatchObject({ attendance_counts_excused: false, attendance_correction_hours: 0 });
    const audit = await handle.db.selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', created.id).where('action', '=', 'program.updated').executeTakeFirstOrThrow();
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
    expect(json(audit.before)).toMatchObject({ attendanceCountsExcused: true, attendanceCorrectionHours: 48 });
    expect(json(audit.after)).toMatchObject({ attendanceCountsExcused: false, attendanceCorrectionHours: 0 });
  });
});
