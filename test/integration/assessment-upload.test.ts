import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import type { Actor } from '~/lib/permissions';
import { finalizeExamResults } from '~/domain/assessment/finalize.server';
import { saveExamResults } from '~/domain/assessment/grid.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { confirmExamUpload, previewExamUpload, unitResultOf, type ExamUploadPreview } from '~/domain/assessment/upload.server';
import { createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { examCohort, row } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
let app: TestApp;
let assessor: Actor;
let admin: Actor;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  assessor = await actorFor(handle.db, 'asesor1@kompeten.test');
  admin = await actorFor(handle.db, 'lsp@kompeten.test');
  const otherBody = (await handle.db.insertInto('institutions').values({ kind: 'certification_body', name: 'LSP Lain Unggah' }).returning('id').executeTakeFirstOrThrow()).id;
  await createUser(handle.db, { email: 'asesor@lsp-unggah.test', roles: [{ role: 'assessor', institutionId: otherBody, registrationNumber: 'MET.000.000002 2020' }] });
});
afterAll(() => handle.close());

const cookieOf = async (email: string) => app.sessionCookie((await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);

async function assessmentsOf(cohortId: string) {
  return handle.db
    .selectFrom('assessments as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .select(['x.enrollment_id', 'x.recommendation', 'x.assessor_user_id', 'x.assessed_on', 'x.exam_venue', 'x.notes', 'x.correction_reason'])
    .where('e.cohort_id', '=', cohortId)
    .orderBy('e.arrival_seq')
    .execute();
}

async function auditRows(action: string, entityId?: string) {
  let query = handle.db.selectFrom('audit_log').select(['actor_user_id', 'entity_id', 'after']).where('action', '=', action);
  if (entityId) query = query.where('entity_id', '=', entityId);
  return query.execute();
}

async function templateOf(cohortId: string, cookie: string, format: 'xlsx' | 'csv' = 'xlsx') {
  const response = await app.request(`/cohorts/${cohortId}/exam/template?format=${format}`, { cookie });
  expect(response.status).toBe(200);
  return response;
}

async function workbookOf(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
  return workbook.worksheets[0]!;
}

/** Row `n` of a sheet as plain values (exceljs keeps index 0 empty). */
const valuesOf = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

async function bytesOf(sheet: ExcelJS.Worksheet) {
  return new Uint8Array(await sheet.workbook.xlsx.writeBuffer());
}

async function preview(cohortId: string, data: Uint8Array, actor = assessor, correctionReason?: string): Promise<ExamUploadPreview> {
  const result = await previewExamUpload(handle.db, actor, { cohortId, fileName: 'hasil.xlsx', data, correctionReason, locale: 'id' });
  if ('problem' in result) throw new Error(`problem: ${result.problem}`);
  return result.preview;
}

describe('the template', () => {
  it("holds the cohort's confirmed participants (by registration id, no NIK), one column per unit, the exam's defaults; CSV too", async () => {
    const c = await examCohort(handle.db, ids, { participants: 3 });
    const sheet = await workbookOf(await templateOf(c.cohortId, await cookieOf('asesor1@kompeten.test')));
    const units = await handle.db.selectFrom('competency_units').select('code').where('program_id', '=', ids.programId).orderBy('position').execute();
    const headers = valuesOf(sheet, 1);
    expect(headers).toEqual(['No', 'ID Peserta', 'Nama', 'Koperasi', 'Syarat kehadiran', ...units.map((u) => u.code), 'Tidak hadir', 'Asesor (e-mail atau No. Reg.)', 'Tanggal uji (DD-MM-YYYY)', 'TUK', 'Catatan']);
    expect(sheet.actualRowCount).toBe(4);
    const idColumn = 2;
    const listed = [2, 3, 4].map((n) => String(sheet.getRow(n).getCell(idColumn).value));
    expect(new Set(listed)).toEqual(new Set(c.enrollmentIds));
    const people = await handle.db.selectFrom('people').select(['nik', 'full_name']).where('id', 'in', c.personIds).execute();
    const text = JSON.stringify([2, 3, 4].map((n) => valuesOf(sheet, n)));
    for (const p of people) {
      expect(text).toContain(p.full_name);
      expect(text).not.toContain(p.nik);
    }
    const ineligibleRow = [2, 3, 4].find((n) => sheet.getRow(n).getCell(idColumn).value === c.ineligibleId)!;
    expect(sheet.getRow(ineligibleRow).getCell(5).value).toBe('tidak memenuhi');
    // The venue of the cohort is the default TUK.
    expect(sheet.getRow(2).getCell(headers.length - 1).value).toBe('Hotel Ujian');

    const csv = await (await templateOf(c.cohortId, await cookieOf('asesor1@kompeten.test'), 'csv')).text();
    expect(csv.split('\r\n')[0]).toContain('ID Peserta');
    expect(csv).toContain(c.enrollmentIds[0]!);
  });

  it('answers 404 to another body and to a participant, 403 to the coordinator (who does not enter results)', async () => {
    const c = await examCohort(handle.db, ids, { participants: 1 });
    expect((await app.request(`/cohorts/${c.cohortId}/exam/template`, { cookie: await cookieOf('asesor@lsp-unggah.test') })).status).toBe(404);
    expect((await app.request(`/cohorts/${c.cohortId}/exam/template`, { cookie: await cookieOf('peserta@kompeten.test') })).status).toBe(404);
    expect((await app.request(`/cohorts/${c.cohortId}/exam/upload`, { cookie: await cookieOf('asesor@lsp-unggah.test') })).status).toBe(404);
    expect((await app.request(`/cohorts/${c.cohortId}/exam/template`, { cookie: await cookieOf('koordinator@kompeten.test') })).status).toBe(403);
  });
});

describe('uploading the filled template', () => {
  it('reads K/BK in the spellings people type', () => {
    expect(['K', 'k', ' Kompeten ', 'BK', 'bk', 'Belum Kompeten', 'belum kompeten', '', null, '-'].map((v) => unitResultOf(v))).toEqual(['K', 'K', 'K', 'BK', 'BK', 'BK', 'BK', null, null, null]);
    expect(unitResultOf('L')).toBeUndefined();
    expect(unitResultOf(1)).toBeUndefined();
  });

  it('previews errors by file row and column, writes nothing; the fixed file is confirmed and saved through the grid operation, audited', async () => {
    const c = await examCohort(handle.db, ids, { participants: 4 });
    const cookie = await cookieOf('asesor1@kompeten.test');
    const sheet = await workbookOf(await templateOf(c.cohortId, cookie));
    const headers = valuesOf(sheet, 1) as string[];
    const col = (name: string) => headers.indexOf(name) + 1;
    const unitCols = headers.map((h, i) => (h.startsWith('K.') ? i + 1 : 0)).filter(Boolean);
    const rowOf = (enrollmentId: string) => [2, 3, 4, 5].find((n) => sheet.getRow(n).getCell(2).value === enrollmentId)!;
    const [a, b, d] = c.enrollmentIds;
    const fill = (enrollmentId: string, results: string[]) => unitCols.forEach((k, j) => (sheet.getRow(rowOf(enrollmentId)).getCell(k).value = results[j % results.length]!));
    fill(a!, ['K']);
    fill(b!, ['k', 'Belum Kompeten', 'kompeten']);
    fill(d!, ['L']); // not K/BK
    fill(c.ineligibleId, ['K']); // not eligible by attendance
    sheet.getRow(rowOf(a!)).getCell(col('Asesor (e-mail atau No. Reg.)')).value = 'MET.000.004515 2019';
    sheet.getRow(rowOf(b!)).getCell(col('Asesor (e-mail atau No. Reg.)')).value = 'asesor2@kompeten.test';
    sheet.getRow(rowOf(b!)).getCell(col('Tanggal uji (DD-MM-YYYY)')).value = '31-02-2026'; // no such day
    const unknownRow = sheet.addRow([]);
    unknownRow.getCell(2).value = '00000000-0000-4000-8000-00000000beef';
    unknownRow.getCell(unitCols[0]!).value = 'K';
    sheet.getRow(1).getCell(headers.length + 1).value = 'K.99XXX00.001.1'; // a unit not in the program

    const first = await preview(c.cohortId, await bytesOf(sheet));
    expect(first.payload).toBeNull();
    const issues = first.issues.map((i) => [i.row, i.column, i.message.split('|')[0]]);
    expect(issues).toEqual(
      expect.arrayContaining([
        [1, 'K.99XXX00.001.1', 'assessment:upload.errors.unknownColumn'],
        [rowOf(d!), headers[unitCols[0]! - 1], 'assessment:upload.errors.result'],
        [rowOf(b!), 'Tanggal uji (DD-MM-YYYY)', 'assessment:upload.errors.examDate'],
        [unknownRow.number, 'ID Peserta', 'assessment:upload.errors.unknownParticipant'],
        [rowOf(c.ineligibleId), 'ID Peserta', 'assessment:errors.notEligible'],
      ]),
    );
    expect(await assessmentsOf(c.cohortId)).toEqual([]);

    // The page shows them too (posted without JavaScript), with the row numbers; nothing written.
    const body = new FormData();
    body.append('file', new File([await bytesOf(sheet)], 'hasil.xlsx', { type: XLSX }));
    const page = await app.request(`/cohorts/${c.cohortId}/exam/upload`, { method: 'POST', body, cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('bukan K atau BK');
    expect(html).toContain(`<td>${unknownRow.number}</td><td>ID Peserta</td>`);
    expect(await assessmentsOf(c.cohortId)).toEqual([]);

    // Fixed: the extra column and row gone, D left blank, B's date right, the ineligible one absent.
    sheet.getRow(1).getCell(headers.length + 1).value = null;
    sheet.spliceRows(unknownRow.number, 1);
    unitCols.forEach((k) => (sheet.getRow(rowOf(d!)).getCell(k).value = null));
    unitCols.forEach((k) => (sheet.getRow(rowOf(c.ineligibleId)).getCell(k).value = null));
    sheet.getRow(rowOf(c.ineligibleId)).getCell(col('Tidak hadir')).value = 'ya';
    sheet.getRow(rowOf(b!)).getCell(col('Tanggal uji (DD-MM-YYYY)')).value = new Date('2026-11-12T00:00:00Z');
    const fixed = await bytesOf(sheet);
    const second = await preview(c.cohortId, fixed);
    expect(second.issues).toEqual([]);
    expect(second.skipped).toBe(1);
    expect(second.changes.map((x) => [x.row, x.outcome])).toEqual(
      expect.arrayContaining([
        [rowOf(a!), 'competent'],
        [rowOf(b!), 'not_yet_competent'],
        [rowOf(c.ineligibleId), 'did_not_attend'],
      ]),
    );
    expect(await assessmentsOf(c.cohortId)).toEqual([]);

    // Confirm through the page: one post of the checked rows.
    const before = (await auditRows('assessment.saved')).length;
    const saved = await app.postForm(`/cohorts/${c.cohortId}/exam/upload`, { payload: second.payload! }, cookie);
    expect(saved.status).toBe(302);
    expect(saved.headers.get('Location')).toBe(`/cohorts/${c.cohortId}/exam`);
    const rows = await assessmentsOf(c.cohortId);
    const byId = new Map(rows.map((r) => [r.enrollment_id, r]));
    expect(byId.get(a!)).toMatchObject({ recommendation: 'competent', assessor_user_id: assessor.userId, exam_venue: 'Hotel Ujian' });
    expect(byId.get(b!)).toMatchObject({ recommendation: 'not_yet_competent', assessor_user_id: ids.assessorIds[1], assessed_on: '2026-11-12' });
    expect(byId.get(c.ineligibleId)?.recommendation).toBe('did_not_attend');
    expect(byId.has(d!)).toBe(false);
    const audits = await auditRows('assessment.saved');
    expect(audits.length).toBe(before + 3);
    const after = audits.at(-1)!.after;
    expect((typeof after === 'string' ? JSON.parse(after) : after) as { source: string }).toMatchObject({ source: 'upload' });

    // Uploading the same file again changes nothing.
    const again = await preview(c.cohortId, fixed);
    expect([again.changes.length, again.unchanged, again.payload]).toEqual([0, 3, null]);
  });

  it('checks again on confirm: what changed since the preview is refused by file row, nothing written', async () => {
    const c = await examCohort(handle.db, ids, { participants: 2 });
    const cookie = await cookieOf('asesor1@kompeten.test');
    const sheet = await workbookOf(await templateOf(c.cohortId, cookie));
    const headers = valuesOf(sheet, 1) as string[];
    const unitCols = headers.map((h, i) => (h.startsWith('K.') ? i + 1 : 0)).filter(Boolean);
    for (const n of [2, 3]) if (sheet.getRow(n).getCell(2).value === c.enrollmentIds[0]) unitCols.forEach((k) => (sheet.getRow(n).getCell(k).value = 'K'));
    const checked = await preview(c.cohortId, await bytesOf(sheet));
    expect(checked.payload).not.toBeNull();
    // The participant's attendance changes after the preview: now short of the minimum.
    const mark = await handle.db.selectFrom('attendance').select('id').where('enrollment_id', '=', c.enrollmentIds[0]!).executeTakeFirstOrThrow();
    await handle.db.updateTable('attendance').set({ status: 'absent' }).where('id', '=', mark.id).execute();
    const result = await confirmExamUpload(handle.db, assessor, { cohortId: c.cohortId, payload: checked.payload! });
    expect(result).toEqual({ issues: [{ row: checked.changes[0]!.row, column: 'ID Peserta', message: 'assessment:errors.notEligible' }] });
    expect(await assessmentsOf(c.cohortId)).toEqual([]);
    // A tampered payload is refused as unreadable.
    expect(await confirmExamUpload(handle.db, assessor, { cohortId: c.cohortId, payload: '{"rows":"x"}' })).toEqual({ issues: [{ row: null, column: null, message: 'assessment:upload.errors.payload' }] });
  });

  it('after finalization: the admin must give a reason (preview says so), the assessor is refused; a corrected upload is audited as a correction', async () => {
    const c = await examCohort(handle.db, ids, { participants: 2 });
    const [a] = c.enrollmentIds;
    const details = { assessorUserId: assessor.userId, examDate: '12-11-2026' };
    await saveExamResults(handle.db, assessor, { cohortId: c.cohortId, ...ResultGridSchema.parse({ rows: [row(a!, c.unitIds, 'BK', details), { enrollmentId: c.ineligibleId, absent: true }] }) });
    await finalizeExamResults(handle.db, admin, { cohortId: c.cohortId });
    const sheet = await workbookOf(await templateOf(c.cohortId, await cookieOf('lsp@kompeten.test')));
    const headers = valuesOf(sheet, 1) as string[];
    const unitCols = headers.map((h, i) => (h.startsWith('K.') ? i + 1 : 0)).filter(Boolean);
    // The template holds the stored results.
    const rowA = [2, 3].find((n) => sheet.getRow(n).getCell(2).value === a)!;
    expect(unitCols.map((k) => sheet.getRow(rowA).getCell(k).value)).toEqual(unitCols.map(() => 'BK'));
    unitCols.forEach((k) => (sheet.getRow(rowA).getCell(k).value = 'K'));
    const data = await bytesOf(sheet);

    const refused = await previewExamUpload(handle.db, assessor, { cohortId: c.cohortId, fileName: 'x.xlsx', data, locale: 'id' });
    expect(refused).toEqual({ problem: 'assessment:errors.finalizedLocked' });
    const noReason = await preview(c.cohortId, data, admin);
    expect(noReason.issues).toEqual([{ row: null, column: null, message: 'assessment:errors.reasonRequired' }]);
    expect(noReason.payload).toBeNull();
    const withReason = await preview(c.cohortId, data, admin, 'Salah ketik di berkas');
    expect(withReason.issues).toEqual([]);
    expect(await confirmExamUpload(handle.db, admin, { cohortId: c.cohortId, payload: withReason.payload! })).toEqual({ saved: 0, corrected: 1, reissue: 0 });
    expect((await assessmentsOf(c.cohortId)).find((r) => r.enrollment_id === a)).toMatchObject({ recommendation: 'competent', correction_reason: 'Salah ketik di berkas' });
  });

  it('refuses a file that is not a spreadsheet and a file without the participant column', async () => {
    const c = await examCohort(handle.db, ids, { participants: 1 });
    const legacy = await previewExamUpload(handle.db, assessor, { cohortId: c.cohortId, fileName: 'x.xls', data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), locale: 'id' });
    expect(legacy).toEqual({ problem: expect.stringContaining('cooperatives:import.file.legacyExcel') });
    const noKey = await preview(c.cohortId, new TextEncoder().encode('Nama;K.64KSP00.010.1;Catatan\nSiapa;K;\n'));
    expect(noKey.issues.map((i) => i.message.split('|')[0])).toEqual(['assessment:upload.errors.noParticipantColumn']);
  });
});

describe('the BNSP export', () => {
  it('lists every candidate in BNSP shape (NIK as text, place and date of birth, employer, scheme, K/BK, assessor, exam), formula-escaped, and audits each download', async () => {
    const c = await examCohort(handle.db, ids, { participants: 3 });
    const [a, b] = c.enrollmentIds;
    const details = { assessorUserId: assessor.userId, examDate: '12-11-2026', venue: '=HYPERLINK("http://jahat.test")' };
    await saveExamResults(handle.db, assessor, {
      cohortId: c.cohortId,
      ...ResultGridSchema.parse({ rows: [row(a!, c.unitIds, 'K', details), row(b!, c.unitIds, c.unitIds.map((_, j) => (j ? 'K' : 'BK')), details), { enrollmentId: c.ineligibleId, absent: true }] }),
    });
    await handle.db.updateTable('people').set({ birth_place: 'Pekalongan', birth_date: '1990-05-17', sex: 'F', education: 'SMA' }).where('id', '=', c.personIds[0]!).execute();
    const coordinatorCookie = await cookieOf('koordinator@kompeten.test');
    const response = await app.request(`/cohorts/${c.cohortId}/exam/bnsp.xlsx`, { cookie: coordinatorCookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(XLSX);
    const sheet = await workbookOf(response);
    expect(valuesOf(sheet, 1)).toEqual(['No', 'Nama', 'NIK', 'Tempat Lahir', 'Tanggal Lahir', 'Jenis Kelamin', 'Pendidikan', 'Koperasi', 'Alamat Koperasi', 'Skema', 'Nomor Skema', 'Rekomendasi', 'Asesor', 'No. Reg. Asesor', 'Tanggal Uji', 'TUK']);
    expect(sheet.actualRowCount).toBe(4);
    const person = await handle.db.selectFrom('people').select(['nik', 'full_name']).where('id', '=', c.personIds[0]!).executeTakeFirstOrThrow();
    const line = [2, 3, 4].map((n) => valuesOf(sheet, n)).find((v) => v[1] === person.full_name)!;
    expect(line.slice(2, 7)).toEqual([person.nik, 'Pekalongan', '17-05-1990', 'P', 'SMA/SMK']);
    expect(line[11]).toBe('K');
    expect(line.slice(13)).toEqual(['MET.000.004515 2019', '12-11-2026', `'=HYPERLINK("http://jahat.test")`]);
    const outcomes = [2, 3, 4].map((n) => valuesOf(sheet, n)[11]).sort();
    expect(outcomes).toEqual(['BK', 'K', 'Tidak hadir']);
    const audits = await auditRows('assessment.bnspExported', c.cohortId);
    expect(audits).toHaveLength(1);
    // The body downloads it too.
    expect((await app.request(`/cohorts/${c.cohortId}/exam/bnsp.xlsx`, { cookie: await cookieOf('asesor2@kompeten.test') })).status).toBe(200);
    expect((await app.request(`/cohorts/${c.cohortId}/exam/bnsp.xlsx`, { cookie: await cookieOf('lsp@kompeten.test') })).status).toBe(200);
    expect(await auditRows('assessment.bnspExported', c.cohortId)).toHaveLength(3);
  });

  it('answers 404 to everyone else: another body, the training institute, a cooperative admin, a participant', async () => {
    const c = await examCohort(handle.db, ids, { participants: 1 });
    for (const email of ['asesor@lsp-unggah.test', 'lembaga@kompeten.test', 'koperasi@kompeten.test', 'peserta@kompeten.test']) {
      expect((await app.request(`/cohorts/${c.cohortId}/exam/bnsp.xlsx`, { cookie: await cookieOf(email) })).status, email).toBe(404);
    }
    expect(await auditRows('assessment.bnspExported', c.cohortId)).toHaveLength(0);
  });

  it('is linked from the grid and, for the coordinator, from the cohort page once results are entered', async () => {
    const grid = await (await app.request(`/cohorts/${ids.completedCohortId}/exam`, { cookie: await cookieOf('asesor1@kompeten.test') })).text();
    expect(grid).toContain(`/cohorts/${ids.completedCohortId}/exam/bnsp.xlsx`);
    const manage = await (await app.request(`/cohorts/${ids.completedCohortId}/manage`, { cookie: await cookieOf('koordinator@kompeten.test') })).text();
    expect(manage).toContain(`/cohorts/${ids.completedCohortId}/exam/bnsp.xlsx`);
  });
});
