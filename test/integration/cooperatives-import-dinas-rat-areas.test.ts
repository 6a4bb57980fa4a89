import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryToday } from '~/domain/cooperatives/registry.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { loadApp, type TestApp } from '../support/app';
import { type CooperativesWorld, demoToday, openCooperativesWorld } from '../support/cooperatives-fixtures';

/**
 * Issue 11, section 1, through the import pages (upload → preview → confirm): the last RAT
 * given by its year alone is recorded, a re-import that only adds it is an update, a RAT year
 * not yet possible is an error; a kecamatan/kelurahan outside the Dinas's regency (Kota
 * Pekalongan, 33.75) is an error at its file row and column, on the import and on the form;
 * a CSV's bare title line does not decide its separator; a roster's usual headings are read.
 */

let handle: DatabaseHandle;
let app: TestApp;
let world: CooperativesWorld;
let cookie = '';
let year = 0;

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld(demoToday()));
  app = await loadApp(handle);
  cookie = await app.sessionCookie(world.ids.coordinatorId);
  year = Number((await registryToday(handle.db, world.coordinator)).slice(0, 4));
});
afterAll(() => handle.close());

const html = async (path: string) => {
  const response = await app.request(path, { cookie });
  return { status: response.status, text: await response.text() };
};

function tableRows(page: string, className: string): string[][] {
  const table = new RegExp(`<table class="[^"]*\\b${className}\\b[^"]*">([\\s\\S]*?)</table>`).exec(page)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").trim()),
  );
}

async function upload(kind: 'registry' | 'roster', file: { name: string; data: Uint8Array | string }) {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new File([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], file.name));
  const response = await app.request('/cooperatives/import', { method: 'POST', body: form, cookie, redirect: 'manual' });
  expect(response.status).toBe(302);
  const path = response.headers.get('Location')!;
  return { path, preview: (await html(path)).text };
}

async function confirm(path: string) {
  const response = await app.postForm(path, { intent: 'confirm' }, cookie);
  expect(response.status).toBe(303);
  expect((await html(path)).text).toContain('Impor selesai');
}

const HEADINGS = ['No', 'Nomor Induk Koperasi', 'Nama Koperasi', 'Jenis Koperasi', 'Kelurahan/Desa', 'Kecamatan', 'RAT Terakhir'];

async function dinasXlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Koperasi');
  sheet.addRow(['DATA KOPERASI KOTA PEKALONGAN TAHUN 2025']);
  sheet.addRow(HEADINGS);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const numberOf = (base: number, i: number) => `33750499${String(base + i).padStart(8, '0')}`;

describe('the last RAT given by its year alone', () => {
  it('is recorded for 200 cooperatives whose file says RAT of last year: the "no RAT last year" filter lists none of them', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i + 1, numberOf(1000, i), `KSP Tahunan ${String(i + 1).padStart(3, '0')}`, 'KSP', 'Medono', 'Pekalongan Barat', year - 1]);
    const { path, preview } = await upload('registry', { name: 'koperasi-rat.xlsx', data: await dinasXlsx(rows) });
    expect(preview).not.toContain('Berkas ini memiliki kesalahan');
    expect(preview).toContain(`RAT tahun buku ${year - 1} dicatat untuk 200 baris tanpa tanggal`);
    await confirm(path);

    const all = await html('/cooperatives?q=KSP+Tahunan');
    expect(all.text).toContain('Jumlah: 200');
    const noRat = await html('/cooperatives?q=KSP+Tahunan&noRat=1');
    expect(noRat.text).toContain('Jumlah: 0');
    expect(noRat.text).not.toContain('>KSP Tahunan ');
    expect(all.text).toContain('>KSP Tahunan 001<');

    const meetings = await handle.db
      .selectFrom('annual_meetings as m')
      .innerJoin('cooperatives as c', 'c.id', 'm.cooperative_id')
      .select(['m.fiscal_year', 'm.held_on'])
      .where('c.name', 'like', 'KSP Tahunan %')
      .execute();
    expect(meetings).toHaveLength(200);
    expect(new Set(meetings.map((m) => `${m.fiscal_year}|${m.held_on}`))).toEqual(new Set([`${year - 1}|null`]));

    // The cooperative's page shows the year, its day unknown, and no "not recorded" flag; the export writes the year back.
    const one = await handle.db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', numberOf(1000, 0)).executeTakeFirstOrThrow();
    const page = await html(`/cooperatives/${one.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tanggal tidak diketahui');
    expect(page.text).not.toContain(`RAT tahun buku ${year - 1} belum tercatat`);
    const exported = await (await app.request('/cooperatives/export?what=registry&format=csv&q=KSP+Tahunan+001', { cookie })).text();
    expect(exported.split('\r\n')[1]).toContain(`,${year - 1},`);

    // The same file again changes nothing.
    const again = await upload('registry', { name: 'koperasi-rat.xlsx', data: await dinasXlsx(rows) });
    expect(again.preview).toContain('tidak ada yang perlu diubah');
  });

  it('a re-import whose only change is the RAT year records the meeting (an update, not "nothing to do"); a dated RAT later fills in its day', async () => {
    const rows = (rat: string | number | null) => [[1, numberOf(2000, 0), 'KSP Ulang RAT', 'KSP', 'Krapyak', 'Pekalongan Utara', rat]];
    const first = await upload('registry', { name: 'a.xlsx', data: await dinasXlsx(rows(null)) });
    await confirm(first.path);
    expect((await html('/cooperatives?q=KSP+Ulang+RAT&noRat=1')).text).toContain('>KSP Ulang RAT<');

    const second = await upload('registry', { name: 'b.xlsx', data: await dinasXlsx(rows(year - 1)) });
    expect(second.preview).not.toContain('tidak ada yang perlu diubah');
    expect(tableRows(second.preview, 'import-rows')).toEqual([['3', expect.stringContaining('KSP Ulang RAT'), expect.stringMatching(/Diperbarui.*RAT terakhir/)]]);
    await confirm(second.path);
    expect((await html('/cooperatives?q=KSP+Ulang+RAT&noRat=1')).text).not.toContain('>KSP Ulang RAT<');
    const cooperative = await handle.db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', numberOf(2000, 0)).executeTakeFirstOrThrow();
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', cooperative.id).orderBy('occurred_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['cooperative.imported', 'annual_meeting.recorded']);
    expect(audit[1]!.after).toEqual({ fiscalYear: year - 1, heldOn: null, source: 'import' });

    // A year alone never overwrites; a date for the same fiscal year fills in the day.
    const third = await upload('registry', { name: 'c.xlsx', data: await dinasXlsx(rows(`15-03-${year}`)) });
    expect(tableRows(third.preview, 'import-rows')[0]![2]).toMatch(/RAT terakhir/);
    await confirm(third.path);
    const meeting = await handle.db.selectFrom('annual_meetings').select(['fiscal_year', 'held_on']).where('cooperative_id', '=', cooperative.id).execute();
    expect(meeting).toEqual([{ fiscal_year: year - 1, held_on: `${year}-03-15` }]);
    const fourth = await upload('registry', { name: 'd.xlsx', data: await dinasXlsx(rows(year - 1)) });
    expect(fourth.preview).toContain('tidak ada yang perlu diubah');
  });

  it('a RAT year whose books have not closed (this year or later) is an error at its file row and column; nothing is written', async () => {
    const { preview } = await upload('registry', {
      name: 'rat-nanti.xlsx',
      data: await dinasXlsx([
        [1, numberOf(3000, 0), 'KSP RAT Baik', 'KSP', null, null, year - 1],
        [2, numberOf(3000, 1), 'KSP RAT Tahun Ini', 'KSP', null, null, year],
        [3, numberOf(3000, 2), 'KSP RAT Depan', 'KSP', null, null, `RAT ${year + 1}`],
      ]),
    });
    expect(preview).toContain('Berkas ini memiliki kesalahan');
    expect(preview).not.toContain('Konfirmasi dan simpan');
    expect(tableRows(preview, 'import-issues')).toEqual([
      ['4', 'RAT Terakhir', `Tahun RAT belum bisa dilaksanakan: tahun buku paling akhir ${year - 1}.`, String(year)],
      ['5', 'RAT Terakhir', `Tahun RAT belum bisa dilaksanakan: tahun buku paling akhir ${year - 1}.`, `RAT ${year + 1}`],
    ]);
    expect(await handle.db.selectFrom('cooperatives').select('id').where('name', 'like', 'KSP RAT %').execute()).toEqual([]);
  });
});

describe("kecamatan and kelurahan outside the Dinas's regency", () => {
  it('are errors at their file row and column; names match without case, spaces, punctuation or "Kec."/"Kel." prefixes', async () => {
    const { preview } = await upload('registry', {
      name: 'wilayah.xlsx',
      data: await dinasXlsx([
        [1, numberOf(4000, 0), 'KSP Wilayah Satu', 'KSP', 'Kel. Medono', 'Kec. Pekalongan Barat', null],
        [2, numberOf(4000, 1), 'KSP Wilayah Dua', 'KSP', 'KURIPAN  yosorejo', 'pekalongan-selatan', null],
        [3, numberOf(4000, 2), 'KSP Wilayah Tiga', 'KSP', 'Kauman', 'Klojen', null],
        [4, numberOf(4000, 3), 'KSP Wilayah Empat', 'KSP', 'Dinoyo', 'Pekalongan Utara', null],
        [5, numberOf(4000, 4), 'KSP Wilayah Lima', 'KSP', 'Desa Sawojajar', null, null],
      ]),
    });
    expect(preview).toContain('Berkas ini memiliki kesalahan');
    expect(tableRows(preview, 'import-issues')).toEqual([
      ['5', 'Kecamatan', 'Kecamatan ini tidak ada di Kota Pekalongan (periksa ejaannya menurut data wilayah Kemendagri)', 'Klojen'],
      ['6', 'Kelurahan/Desa', 'Kelurahan/desa ini tidak ada di Kecamatan Pekalongan Utara', 'Dinoyo'],
      ['7', 'Kelurahan/Desa', 'Kelurahan/desa ini tidak ada di Kota Pekalongan', 'Desa Sawojajar'],
    ]);
    expect(await handle.db.selectFrom('cooperatives').select('id').where('name', 'like', 'KSP Wilayah %').execute()).toEqual([]);
  });

  it('are not checked for a Dinas without a regency code', async () => {
    const code = (await handle.db.selectFrom('institutions').select('regency_code').where('id', '=', world.dinasId).executeTakeFirstOrThrow()).regency_code;
    expect(code).toBe('33.75');
    await handle.db.updateTable('institutions').set({ regency_code: null }).where('id', '=', world.dinasId).execute();
    try {
      const { path, preview } = await upload('registry', { name: 'tanpa-kode.xlsx', data: await dinasXlsx([[1, numberOf(4100, 0), 'KSP Tanpa Kode', 'KSP', 'Kauman', 'Klojen', null]]) });
      expect(preview).not.toContain('Berkas ini memiliki kesalahan');
      await confirm(path);
    } finally {
      await handle.db.updateTable('institutions').set({ regency_code: code }).where('id', '=', world.dinasId).execute();
    }
  });

  it('are refused field by field on the new and edit forms, and nothing changes', async () => {
    const values = { name: 'KSP Form Wilayah', type: 'KSP', cooperativeNumber: numberOf(4200, 0), status: 'active' };
    const bad = await app.postForm('/cooperatives/new', { ...values, district: 'Klojen', village: 'Dinoyo' }, cookie);
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Kecamatan ini tidak ada di Kota Pekalongan');
    expect(text).toContain('Kelurahan/desa ini tidak ada di Kota Pekalongan');
    expect(await handle.db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', values.cooperativeNumber).execute()).toEqual([]);

    const ok = await app.postForm('/cooperatives/new', { ...values, district: 'Kec. Pekalongan Timur', village: 'noyontaansari' }, cookie);
    expect(ok.status).toBe(302);
    const created = await handle.db.selectFrom('cooperatives').select(['id', 'village']).where('cooperative_number', '=', values.cooperativeNumber).executeTakeFirstOrThrow();

    const edit = await app.postForm(`/cooperatives/${created.id}/edit`, { ...values, district: 'Pekalongan Timur', village: 'Medono' }, cookie);
    expect(edit.status).toBe(400);
    expect(await edit.text()).toContain('Kelurahan/desa ini tidak ada di Kecamatan Pekalongan Timur');
    expect((await handle.db.selectFrom('cooperatives').select('village').where('id', '=', created.id).executeTakeFirstOrThrow()).village).toBe('noyontaansari');
  });
});

describe('CSV separators', () => {
  it('a bare title line (no separators) above a semicolon header does not decide the separator, nor does a data line with a tab', async () => {
    const csv = [
      'DATA KOPERASI KOTA PEKALONGAN TAHUN 2025',
      '',
      'No;NIK Koperasi;Nama Koperasi;Jenis;Kecamatan;RAT Terakhir',
      `1;${numberOf(5000, 0)};KSP Judul\tPolos;KSP;Pekalongan Barat;${year - 1}`,
      `2;${numberOf(5000, 1)};KSU Judul Polos;KSU;Pekalongan Utara;`,
    ].join('\r\n');
    const { path, preview } = await upload('registry', { name: 'judul-polos.csv', data: csv });
    expect(preview).not.toContain('Berkas ini memiliki kesalahan');
    expect(preview).toContain('Judul kolom dibaca dari baris 3.');
    expect(tableRows(preview, 'import-rows').map((r) => r[0])).toEqual(['4', '5']);
    await confirm(path);
    const saved = await handle.db.selectFrom('cooperatives').select(['name', 'district']).where('name', 'like', '%Judul%').orderBy('name').execute();
    expect(saved).toEqual([
      { name: 'KSP Judul\tPolos', district: 'Pekalongan Barat' },
      { name: 'KSU Judul Polos', district: 'Pekalongan Utara' },
    ]);
  });

  it('errors in such a file keep the file row numbers', async () => {
    const csv = ['DATA KOPERASI KOTA PEKALONGAN TAHUN 2025', 'No;NIK Koperasi;Nama Koperasi;Jenis;Kecamatan', `1;${numberOf(5100, 0)};KSP Baris Salah;Bank;Sukun`].join('\n');
    const { preview } = await upload('registry', { name: 'salah.csv', data: csv });
    expect(tableRows(preview, 'import-issues').map((r) => [r[0], r[1]])).toEqual([
      ['3', 'Jenis'],
      ['3', 'Kecamatan'],
    ]);
  });
});

describe('roster files in their usual spellings', () => {
  it.each([
    ['No;NIK Koperasi;NIK;Nama Lengkap;Jabatan;Tgl. Mulai', '3375045203880001', 'Tgl. Mulai'],
    ['No;No. Induk Koperasi;No. KTP;Nama Pengurus;Jabatan;TMT', '3375045203880002', 'TMT'],
    ['No;Nomor Induk Koperasi;NIK (No. KTP);Nama Lengkap (sesuai KTP);Kedudukan;Tanggal Mulai Menjabat', '3375045203880003', 'Tanggal Mulai Menjabat'],
  ])('reads %s under a title line, and saves the position from its start date', async (header, nik, startHeader) => {
    const number = (await handle.db.selectFrom('cooperatives').select('cooperative_number').where('id', '=', world.ownCooperativeId).executeTakeFirstOrThrow()).cooperative_number!;
    const csv = ['DAFTAR PENGURUS KOPERASI 2025', header, `1;${number};${nik};Sri Wahyuni ${nik.slice(-1)};Bendahara;02-01-2024`].join('\r\n');
    const { path, preview } = await upload('roster', { name: 'pengurus.csv', data: csv });
    expect(preview).not.toContain('Berkas ini memiliki kesalahan');
    expect(preview).toContain('Judul kolom dibaca dari baris 2.');
    expect(tableRows(preview, 'import-mapping-table')).toContainEqual([startHeader, 'tanggal_mulai']);
    expect(preview).toContain('Kolom diabaikan: No');
    await confirm(path);
    const saved = await handle.db
      .selectFrom('staff_positions as sp')
      .innerJoin('people as p', 'p.id', 'sp.person_id')
      .select(['p.full_name', 'sp.position', 'sp.starts_on'])
      .where('p.nik', '=', nik)
      .execute();
    expect(saved).toEqual([{ full_name: `Sri Wahyuni ${nik.slice(-1)}`, position: 'Bendahara', starts_on: '2024-01-02' }]);
  });
});
