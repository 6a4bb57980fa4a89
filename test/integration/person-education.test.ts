import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { getPublicRoster } from '~/domain/cooperatives/public-roster.server';
import { loadApp, type TestApp } from '../support/app';
import { examCohort } from '../support/assessment-fixtures';
import { demoDatabase, type DemoIds } from '../support/cohorts-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
let app: TestApp;
let coordinator: string;
/** A cooperative of the coordinator's Dinas with its national number (imports match on it). */
let cooperative: { id: string; number: string; slug: string };

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  coordinator = await cookieOf('koordinator@kompeten.test');
  const row = await handle.db
    .selectFrom('cooperatives')
    .select(['id', 'cooperative_number', 'slug'])
    .where('dinas_id', '=', ids.dinasId)
    .where('cooperative_number', 'is not', null)
    .orderBy('name')
    .executeTakeFirstOrThrow();
  cooperative = { id: row.id, number: row.cooperative_number!, slug: row.slug };
});
afterAll(() => handle.close());

async function cookieOf(email: string) {
  return app.sessionCookie((await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);
}

function upload(fields: Record<string, string>, file: { name: string; data: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new File([file.data], file.name));
  return app.request('/cooperatives/import', { method: 'POST', body: form, cookie: coordinator, redirect: 'manual' });
}

/** The body rows of the table with this class, as cell texts. */
function tableRows(page: string, className: string): string[][] {
  const table = new RegExp(`<table class="[^"]*\\b${className}\\b[^"]*">([\\s\\S]*?)</table>`).exec(page)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').trim()),
  );
}

/** The Pendidikan cell of the person's line in the cohort's BNSP file, as downloaded by the coordinator. */
async function bnspEducationOf(cohortId: string, fullName: string) {
  const response = await app.request(`/cohorts/${cohortId}/exam/bnsp.xlsx`, { cookie: coordinator });
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1);
  const column = headers.indexOf('Pendidikan') + 1;
  expect(column).toBe(7);
  const line = Array.from({ length: sheet.actualRowCount - 1 }, (_, i) => sheet.getRow(i + 2)).find((r) => r.getCell(2).value === fullName);
  expect(line, fullName).toBeDefined();
  return line!.getCell(column).value;
}

/** Puts the person in a completed exam cohort of the demo program (confirmed). */
async function enrolInExamCohort(personId: string) {
  const c = await examCohort(handle.db, ids, { participants: 1 });
  await handle.db.insertInto('enrollments').values({ cohort_id: c.cohortId, person_id: personId, cooperative_id: cooperative.id, status: 'confirmed', source: 'coordinator' }).execute();
  return c.cohortId;
}

describe("a person's highest education", () => {
  it('entered on the roster form (a new person, then changed on the position page) reaches the BNSP file, audited', async () => {
    const nik = '3375014506900021';
    const added = await app.postForm(
      `/cooperatives/${cooperative.id}/roster`,
      { nik, fullName: 'Rina Pendidikan', birthDate: '05-06-1990', position: 'Kasir', education: 'S1' },
      coordinator,
    );
    expect(added.status).toBe(302);
    const person = await handle.db.selectFrom('people').select(['id', 'education']).where('nik', '=', nik).executeTakeFirstOrThrow();
    expect(person.education).toBe('S1');
    const cohortId = await enrolInExamCohort(person.id);
    expect(await bnspEducationOf(cohortId, 'Rina Pendidikan')).toBe('S1');

    const position = await handle.db.selectFrom('staff_positions').select('id').where('person_id', '=', person.id).executeTakeFirstOrThrow();
    const page = await (await app.request(`/cooperatives/${cooperative.id}/roster/${position.id}`, { cookie: coordinator })).text();
    expect(page).toMatch(/<option value="S1" selected="">S1 \(Sarjana\)<\/option>/);
    const edited = await app.postForm(`/cooperatives/${cooperative.id}/roster/${position.id}`, { intent: 'edit', position: 'Kasir', education: 'SMA' }, coordinator);
    expect(edited.status).toBe(302);
    expect(await bnspEducationOf(cohortId, 'Rina Pendidikan')).toBe('SMA/SMK');
    const audit = await handle.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'person.updated').where('entity_id', '=', person.id).execute();
    expect(audit).toEqual([{ before: { fullName: 'Rina Pendidikan', education: 'S1' }, after: { fullName: 'Rina Pendidikan', education: 'SMA' } }]);

    const refused = await app.postForm(`/cooperatives/${cooperative.id}/roster/${position.id}`, { intent: 'edit', position: 'Kasir', education: 'Kursus' }, coordinator);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Pilih pendidikan terakhir dari daftar.');
  });

  it('imported through the import pages ("S-1", "D-III", "SLTA" …) reaches the BNSP file, and the roster export writes it back', async () => {
    const csv = [
      'Nomor Induk Koperasi;NIK;Nama Lengkap;Jabatan;Pendidikan Terakhir',
      `${cooperative.number};3375011207880031;Budi Impor;Teller;D-III Perbankan`,
      `${cooperative.number};3375015208920041;Sari Impor;Teller;SLTA`,
      `${cooperative.number};3375011303870051;Joko Impor;Teller;Sarjana Ekonomi`,
    ].join('\n');
    const uploaded = await upload({ kind: 'roster' }, { name: 'pengurus.csv', data: csv });
    expect(uploaded.status).toBe(302);
    const batchPath = uploaded.headers.get('Location')!;
    const preview = await (await app.request(batchPath, { cookie: coordinator })).text();
    expect(tableRows(preview, 'import-issues')).toEqual([]);
    expect(preview).toContain('Konfirmasi dan simpan 3 baris');
    expect((await app.postForm(batchPath, { intent: 'confirm' }, coordinator)).status).toBe(303);
    const people = await handle.db.selectFrom('people').select(['id', 'full_name', 'education']).where('full_name', 'like', '% Impor').orderBy('full_name').execute();
    expect(people.map((p) => [p.full_name, p.education])).toEqual([
      ['Budi Impor', 'D3'],
      ['Joko Impor', 'S1'],
      ['Sari Impor', 'SMA'],
    ]);
    const cohortId = await enrolInExamCohort(people[0]!.id);
    expect(await bnspEducationOf(cohortId, 'Budi Impor')).toBe('D3');

    // A second file changes one person's education (audited) and leaves the others.
    const again = await upload({ kind: 'roster' }, { name: 'pengurus.csv', data: `nomor_induk_koperasi,nik,nama_lengkap,jabatan,education\n${cooperative.number},3375011207880031,Budi Impor,Teller,S-1\n` });
    const againPath = again.headers.get('Location')!;
    expect(await (await app.request(againPath, { cookie: coordinator })).text()).toContain('Pendidikan terakhir');
    expect((await app.postForm(againPath, { intent: 'confirm' }, coordinator)).status).toBe(303);
    expect(await bnspEducationOf(cohortId, 'Budi Impor')).toBe('S1');
    const audit = await handle.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'person.updated').where('entity_id', '=', people[0]!.id).execute();
    expect(audit).toEqual([{ before: { fullName: 'Budi Impor', education: 'D3' }, after: { fullName: 'Budi Impor', education: 'S1', source: 'import' } }]);

    const exported = await (await app.request(`/cooperatives/${cooperative.id}/roster/export?format=csv`, { cookie: coordinator })).text();
    const lines = exported.split('\r\n');
    expect(lines[0]!.split(',').at(-1)).toBe('pendidikan');
    expect(lines.find((l) => l.includes('Sari Impor'))!.split(',').at(-1)).toBe('SMA/SMK');
  });

  it('refuses an unknown education at its row and column, and imports nothing', async () => {
    const csv = [
      'nomor_induk_koperasi,nik,nama_lengkap,jabatan,Pendidikan',
      `${cooperative.number},3375011404860061,Dewi Salah,Kasir,S1`,
      `${cooperative.number},3375011505850071,Eko Salah,Kasir,Kursus menjahit`,
    ].join('\n');
    const uploaded = await upload({ kind: 'roster' }, { name: 'salah.csv', data: csv });
    const preview = await (await app.request(uploaded.headers.get('Location')!, { cookie: coordinator })).text();
    expect(tableRows(preview, 'import-issues')).toEqual([['3', 'Pendidikan', expect.stringContaining('Pendidikan tidak dikenal'), 'Kursus menjahit']]);
    expect(preview).not.toContain('Konfirmasi dan simpan');
    expect(await handle.db.selectFrom('people').select('id').where('full_name', 'like', '% Salah').execute()).toEqual([]);
  });

  it('is never on the public roster page', async () => {
    await handle.db.updateTable('people').set({ education: 'S3' }).where('id', 'in', handle.db.selectFrom('staff_positions').select('person_id').where('cooperative_id', '=', cooperative.id)).execute();
    const roster = await getPublicRoster(handle.db, cooperative.slug);
    expect(roster!.staff.length).toBeGreaterThan(0);
    expect(JSON.stringify(roster)).not.toMatch(/education|"S3"/);
    const page = await (await app.request(`/koperasi/${cooperative.slug}`)).text();
    expect(page).not.toMatch(/S3 \(Doktor\)|Pendidikan terakhir/);
  });
});
