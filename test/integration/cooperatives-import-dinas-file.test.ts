import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryToday } from '~/domain/cooperatives/registry.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { loadApp, type TestApp } from '../support/app';
import { type CooperativesWorld, demoToday, openCooperativesWorld } from '../support/cooperatives-fixtures';

/**
 * Issue 11, section 1: a Dinas's own registry export, as it comes — a title row above the
 * headings, a "No" column, Indonesian headings, DD-MM-YYYY dates — goes in through the pages
 * (upload → preview → confirm), as XLSX and as CSV.
 */

let handle: DatabaseHandle;
let app: TestApp;
let world: CooperativesWorld;
let cookie = '';

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld(demoToday()));
  app = await loadApp(handle);
  cookie = await app.sessionCookie(world.ids.coordinatorId);
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
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}

function upload(file: { name: string; data: Uint8Array | string }) {
  const form = new FormData();
  form.append('kind', 'registry');
  form.append('file', new File([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], file.name));
  return app.request('/cooperatives/import', { method: 'POST', body: form, cookie, redirect: 'manual' });
}

const HEADINGS = ['No', 'Nomor Induk Koperasi', 'Nama Koperasi', 'Jenis Koperasi', 'No. Badan Hukum', 'Tgl. Badan Hukum', 'Alamat', 'Kelurahan/Desa', 'Kecamatan', 'Kab/Kota', 'Telp', 'RAT Terakhir'];

describe("a Dinas's own registry file through the pages", () => {
  it('XLSX: title row, No column, Indonesian headings, DD-MM-YYYY — previewed with its mapping, confirmed, saved', async () => {
    const year = Number((await registryToday(handle.db, world.coordinator)).slice(0, 4));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Koperasi');
    sheet.addRow(['DATA KOPERASI KOTA PEKALONGAN TAHUN 2025']);
    sheet.addRow(HEADINGS);
    sheet.addRow([1, '3375040000000301', 'KSP Berkas Dinas', 'KSP', 'AHU-0301.AH.01.26.2019', '05-03-2019', 'Jl. Hayam Wuruk 3', 'Jenggot', 'Pekalongan Selatan', 'Kota Pekalongan', '0285-301', `01-01-${year}`]);
    sheet.addRow([2, '3375040000000302', 'KSU Berkas Dinas', 'KSU', null, '9/7/2020', null, null, null, null, null, year - 1]);
    const response = await upload({ name: 'DATA KOPERASI 2025.xlsx', data: new Uint8Array(await workbook.xlsx.writeBuffer()) });
    expect(response.status).toBe(302);
    const batchPath = response.headers.get('Location')!;
    const preview = await html(batchPath);
    expect(preview.text).not.toContain('Berkas ini memiliki kesalahan');
    expect(preview.text).toContain('Judul kolom dibaca dari baris 2.');
    expect(preview.text).toContain('Kolom di berkas → dibaca sebagai');
    expect(tableRows(preview.text, 'import-mapping-table')).toContainEqual(['Tgl. Badan Hukum', 'tanggal_badan_hukum']);
    expect(tableRows(preview.text, 'import-mapping-table')).toContainEqual(['Kab/Kota', 'kabupaten_kota']);
    expect(preview.text).toContain('Kolom diabaikan: No');
    expect(preview.text).toContain(`RAT tahun buku ${year - 1} dicatat untuk 1 baris tanpa tanggal`);
    expect(preview.text).toContain('Konfirmasi dan simpan 2 baris');
    const confirm = await app.postForm(batchPath, { intent: 'confirm' }, cookie);
    expect(confirm.status).toBe(303);
    expect((await html(batchPath)).text).toContain('Impor selesai');
    const saved = await handle.db
      .selectFrom('cooperatives')
      .select(['name', 'legal_entity_number', 'legal_entity_date', 'regency'])
      .where('cooperative_number', 'in', ['3375040000000301', '3375040000000302'])
      .orderBy('cooperative_number')
      .execute();
    expect(saved).toEqual([
      { name: 'KSP Berkas Dinas', legal_entity_number: 'AHU-0301.AH.01.26.2019', legal_entity_date: '2019-03-05', regency: 'Kota Pekalongan' },
      { name: 'KSU Berkas Dinas', legal_entity_number: null, legal_entity_date: '2020-07-09', regency: null },
    ]);
    // Both RATs count, the dated one and the one given by its year alone: the "no RAT last year" filter lists neither.
    const all = await html('/cooperatives?q=Berkas+Dinas');
    expect(all.text).toContain('KSU Berkas Dinas');
    const noRat = await html('/cooperatives?noRat=1&q=Berkas+Dinas');
    expect(noRat.text).not.toContain('KSU Berkas Dinas');
    expect(noRat.text).not.toContain('KSP Berkas Dinas');
  });

  it('CSV: the same shape with semicolons; an impossible date is an error at its file row and column', async () => {
    const csv = [
      'DATA KOPERASI KOTA PEKALONGAN TAHUN 2025;;;;;',
      'No;NIK Koperasi;Nama Koperasi;Jenis;Tanggal BH;Kab/Kota',
      '1;3375040000000311;KSP Berkas CSV;KSP;31-02-2019;Kota Pekalongan',
    ].join('\r\n');
    const response = await upload({ name: 'koperasi.csv', data: csv });
    expect(response.status).toBe(302);
    const preview = await html(response.headers.get('Location')!);
    expect(preview.text).toContain('Berkas ini memiliki kesalahan');
    expect(tableRows(preview.text, 'import-issues')).toEqual([['3', 'Tanggal BH', expect.any(String), '31-02-2019']]);
    expect(preview.text).toContain('Kolom diabaikan: No');
  });
});
