import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { locateHeader, mapHeaders, REGISTRY_COLUMNS, ROSTER_COLUMNS } from '~/domain/cooperatives/import/columns';
import { cooperativeTypeOf, dateOf, idOf, validateRegistrySheet, validateRosterSheet, yearOf } from '~/domain/cooperatives/import/validate';
import { readSpreadsheet, SpreadsheetError, writeCsv, writeXlsx } from '~/lib/spreadsheet.server';

const utf8 = (text: string) => new TextEncoder().encode(text);
const read = (data: Uint8Array) => readSpreadsheet(data, { maxRows: 100 });

const REGISTRY_HEADER = 'nomor_induk_koperasi;nama_koperasi;jenis;kelurahan;kecamatan;status';

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SpreadsheetError) return error.problem;
    throw error;
  }
  return 'none';
}

describe('reading spreadsheets', () => {
  it('reads semicolon CSV with a BOM, numbering rows as a spreadsheet does', async () => {
    const sheet = await read(utf8(`\uFEFF${REGISTRY_HEADER}\r\n3375010000000001;KSP Satu;KSP;Medono;Pekalongan Barat;aktif\r\n\r\n3375010000000002;"KSP ""Dua""";KSPPS;;;\r\n`));
    expect(sheet.format).toBe('csv');
    expect(sheet.headers[0]).toBe('nomor_induk_koperasi');
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual([2, 4]);
    expect(sheet.rows[1]!.cells.slice(0, 3)).toEqual(['3375010000000002', 'KSP "Dua"', 'KSPPS']);
  });

  it('reads UTF-16 text with its BOM', async () => {
    const text = 'nik\tnama_lengkap\n3375014105900001\tSiti\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes.set([text.charCodeAt(i), 0], 2 + i * 2);
    const sheet = await read(bytes);
    expect(sheet.headers).toEqual(['nik', 'nama_lengkap']);
    expect(sheet.rows[0]!.cells).toEqual(['3375014105900001', 'Siti']);
  });

  it('refuses text that is not UTF-8, binary files, old .xls and empty files by name', async () => {
    expect(await problemOf(read(new Uint8Array([0x6e, 0x61, 0x6d, 0x61, 0x0a, 0x4b, 0x6f, 0x70, 0xe9, 0x72, 0x61, 0x73, 0x69])))).toBe('encoding');
    expect(await problemOf(read(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])))).toBe('encoding');
    expect(await problemOf(read(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))).toBe('legacyExcel');
    expect(await problemOf(read(new Uint8Array()))).toBe('empty');
    expect(await problemOf(read(utf8('\n\n ; ;\n')))).toBe('empty');
    expect(await problemOf(read(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5])))).toBe('unreadable');
  });

  it('refuses more rows than allowed', async () => {
    const body = Array.from({ length: 101 }, (_, i) => `${i};x`).join('\n');
    expect(await problemOf(read(utf8(`a;b\n${body}\n`)))).toBe('tooManyRows');
  });

  it('reads an XLSX sheet with text, numbers, dates and rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Koperasi');
    sheet.addRow(['nomor_induk_koperasi', 'nama_koperasi', 'tanggal_badan_hukum', 'kode_pos']);
    sheet.addRow(['3375010000000001', { richText: [{ text: 'KSP ' }, { text: 'Satu', font: { bold: true } }] }, new Date(Date.UTC(2010, 4, 17)), 51111]);
    sheet.addRow([]);
    sheet.addRow([3375010000000002, 'KSP Dua', '17/05/2010', null]);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const read2 = await read(data);
    expect(read2.format).toBe('xlsx');
    expect(read2.rows.map((r) => r.rowNumber)).toEqual([2, 4]);
    expect(read2.rows[0]!.cells[1]).toBe('KSP Satu');
    expect((read2.rows[0]!.cells[2] as Date).toISOString().slice(0, 10)).toBe('2010-05-17');
    expect(read2.rows[1]!.cells[0]).toBe(3375010000000002);
  });

  it('writes CSV that Excel opens as UTF-8 and XLSX that reads back the same', async () => {
    const csv = writeCsv(['a', 'b'], [['Ä, "x"', null]]);
    expect(csv.startsWith('\uFEFFa,b\r\n"Ä, ""x""",\r\n')).toBe(true);
    const xlsx = await writeXlsx('S', [{ header: 'nik', text: true }, { header: 'n' }], [['3375014105900001', 5]]);
    const back = await read(new Uint8Array(xlsx));
    expect(back.headers).toEqual(['nik', 'n']);
    expect(back.rows[0]!.cells).toEqual(['3375014105900001', 5]);
  });
});

describe('cell values', () => {
  it('refuses 16-digit numbers written as Excel numbers, whatever their form', () => {
    expect(idOf(3375010000000001)).toEqual({ error: 'cooperatives:import.errors.numericId' });
    expect(idOf('3,37501E+15')).toEqual({ error: 'cooperatives:import.errors.numericId' });
    expect(idOf("'3375 0100 0000 0001")).toEqual({ value: '3375010000000001' });
  });

  it('reads dates as Excel dates, ISO or day-first text', () => {
    expect(dateOf(new Date(Date.UTC(2020, 0, 2)))).toEqual({ value: '2020-01-02' });
    expect(dateOf('2/1/2020')).toEqual({ value: '2020-01-02' });
    expect(dateOf('2020-1-2')).toEqual({ value: '2020-01-02' });
    expect(dateOf('31/02/2020')).toEqual({ error: 'cooperatives:import.errors.dateInvalid' });
    expect(dateOf('kemarin')).toEqual({ error: 'cooperatives:import.errors.dateInvalid' });
  });

  it('knows the cooperative types under their usual names', () => {
    expect(cooperativeTypeOf('ksp')).toBe('KSP');
    expect(cooperativeTypeOf('Kspps / BMT')).toBe('KSPPS/BMT');
    expect(cooperativeTypeOf('Konsumen')).toBe('Koperasi Konsumen');
    expect(cooperativeTypeOf('Koperasi Serba Usaha')).toBe('KSU');
    expect(cooperativeTypeOf('Bank')).toBeNull();
  });
});

describe('import columns', () => {
  it('matches headers loosely and reports missing, unknown and duplicated ones', () => {
    const mapping = mapHeaders(['Nomor Induk Koperasi', 'NAMA', 'Warna', 'jenis', 'Jenis Koperasi', 'rat_terakhir'], REGISTRY_COLUMNS);
    expect(mapping.columns.map((c) => c?.key ?? null)).toEqual(['cooperativeNumber', 'name', null, 'type', null, 'lastAnnualMeeting']);
    expect(mapping.unknown).toEqual(['Warna']);
    expect(mapping.duplicated).toEqual(['Jenis Koperasi']);
    expect(mapHeaders(['nama_koperasi'], REGISTRY_COLUMNS).missing).toEqual(['nomor_induk_koperasi', 'jenis']);
  });
});

describe('registry rows', () => {
  const sheet = (rows: (string | number | null)[][], headers = ['nomor_induk_koperasi', 'nama_koperasi', 'jenis', 'kode_pos', 'status']) => ({
    headers,
    rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })),
  });

  it('turns good rows into records', () => {
    const result = validateRegistrySheet(sheet([['3375010000000001', ' KSP  Satu ', 'ksp', '51111', 'Tidak Aktif']]));
    expect(result.ok && result.issues).toEqual([]);
    expect(result.ok && result.rows[0]).toMatchObject({ row: 2, values: { cooperativeNumber: '3375010000000001', name: 'KSP  Satu', type: 'KSP', postalCode: '51111', status: 'inactive' } });
  });

  it('reports every problem by row and column', () => {
    const result = validateRegistrySheet(
      sheet([
        ['3375010000000001', 'KSP Satu', 'KSP', null, null],
        ['33750100', 'KSP Dua', 'Bank', '5111', 'bubar'],
        [null, null, 'KSP', null, null],
        ['3375010000000001', 'KSP Satu Lagi', 'KSP', null, null],
        [3375010000000005, 'KSP Lima', 'KSP', null, null],
      ]),
    );
    if (!result.ok) throw new Error('expected rows');
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'jenis', 'cooperatives:import.errors.unknownType'],
      [3, 'status', 'cooperatives:import.errors.unknownStatus'],
      [3, 'nomor_induk_koperasi', 'cooperatives:errors.numberFormat'],
      [3, 'kode_pos', 'cooperatives:errors.postalCodeFormat'],
      [4, 'nomor_induk_koperasi', 'cooperatives:import.errors.required'],
      [4, 'nama_koperasi', 'cooperatives:import.errors.required'],
      [5, 'nomor_induk_koperasi', 'cooperatives:import.errors.duplicateInFile'],
      [6, 'nomor_induk_koperasi', 'cooperatives:import.errors.numericId'],
    ]);
    expect(result.issues[6]!.values).toEqual({ row: 2 });
  });

  it('refuses a file with wrong columns or no data as a whole', () => {
    expect(validateRegistrySheet(sheet([], ['nik', 'nama']))).toMatchObject({ ok: false, problem: { message: 'cooperatives:import.file.missingColumns' } });
    // An unknown column is not fatal: it is ignored and listed.
    expect(validateRegistrySheet(sheet([['3375010000000001', 'KSP Satu', 'KSP', 'merah']], ['nomor_induk_koperasi', 'nama_koperasi', 'jenis', 'warna']))).toMatchObject({
      ok: true,
      mapping: { headerRow: 1, ignored: ['warna'] },
    });
    expect(validateRegistrySheet(sheet([]))).toMatchObject({ ok: false, problem: { message: 'cooperatives:import.file.empty' } });
  });
});

describe('roster rows', () => {
  const headers = ['nomor_induk_koperasi', 'nik', 'nama_lengkap', 'jabatan', 'tanggal_mulai', 'tanggal_selesai'];
  const sheet = (rows: (string | null)[][]) => ({ headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) });

  it('checks the NIK, the names and the dates of each row', () => {
    const result = validateRosterSheet(
      sheet([
        ['3375010000000001', '3375014105900001', 'Siti Aminah', 'Ketua', '2020-01-02', null],
        ['3375010000000001', '3375013205900001', 'Budi', 'Kasir', null, null],
        ['3375010000000001', '3375014105900001', 'Siti Aminah', 'ketua', '2020-01-02', null],
        ['3375010000000001', '3375014105900001', 'Siti Rahma', 'Bendahara', null, null],
        ['3375010000000001', '3375010101900002', 'Ani', 'Kasir', '2021-05-01', '2020-01-01'],
        ['3375010000000001', '3375010101900003', null, null, null, null],
      ]),
    );
    if (!result.ok) throw new Error('expected rows');
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'nik', 'cooperatives:errors.nik.birthDate'],
      [4, 'nik', 'cooperatives:import.errors.duplicateInFile'],
      [5, 'nama_lengkap', 'cooperatives:import.errors.nameConflictInFile'],
      [6, 'tanggal_selesai', 'cooperatives:errors.endBeforeStart'],
      [7, 'nama_lengkap', 'cooperatives:import.errors.required'],
      [7, 'jabatan', 'cooperatives:import.errors.required'],
    ]);
  });
});

describe("a Dinas's own headings (issue 11)", () => {
  it('reads the usual Indonesian spellings and abbreviations of each column', () => {
    const registry = mapHeaders(
      ['No', 'Nomor Induk Koperasi', 'Nama Koperasi', 'Jenis Koperasi', 'No. Badan Hukum', 'Tgl. Badan Hukum', 'Alamat', 'Kelurahan/Desa', 'Kecamatan', 'Kab/Kota', 'Kode Pos', 'Telp', 'Email', 'Status', 'RAT Terakhir'],
      REGISTRY_COLUMNS,
    );
    expect(registry.columns.map((c) => c?.key ?? null)).toEqual([
      null, 'cooperativeNumber', 'name', 'type', 'legalEntityNumber', 'legalEntityDate', 'street', 'village', 'district', 'regency', 'postalCode', 'phone', 'email', 'status', 'lastAnnualMeeting',
    ]);
    expect(registry.unknown).toEqual(['No']);
    for (const [header, k] of [['NIK Koperasi', 'cooperativeNumber'], ['No. Induk Koperasi', 'cooperativeNumber'], ['Jenis', 'type'], ['Nomor BH', 'legalEntityNumber'], ['Tanggal BH', 'legalEntityDate'], ['No. HP', 'phone'], ['Tahun RAT Terakhir', 'lastAnnualMeeting'], ['  KAB / KOTA ', 'regency']] as const) {
      expect(mapHeaders([header], REGISTRY_COLUMNS).columns[0]?.key, header).toBe(k);
    }
    for (const [header, k] of [['NIK', 'nik'], ['No. KTP', 'nik'], ['Nama Lengkap', 'fullName'], ['Nama', 'fullName'], ['Jabatan', 'position'], ['Tgl. Mulai', 'startsOn'], ['Mulai Menjabat', 'startsOn']] as const) {
      expect(mapHeaders([header], ROSTER_COLUMNS).columns[0]?.key, header).toBe(k);
    }
  });

  it('finds the header row below a title row, within the first ten rows', () => {
    const rows = [
      { rowNumber: 2, cells: [] as unknown[] },
      { rowNumber: 3, cells: ['No', 'Nama Koperasi', 'Nomor Induk Koperasi', 'Jenis'] },
      { rowNumber: 4, cells: [1, 'KSP Satu', '3375010000000001', 'KSP'] },
    ];
    const located = locateHeader({ rowNumber: 1, headers: ['DATA KOPERASI KOTA PEKALONGAN TAHUN 2025'] }, rows, REGISTRY_COLUMNS);
    expect(located).toMatchObject({ headerRow: 3, headers: ['No', 'Nama Koperasi', 'Nomor Induk Koperasi', 'Jenis'] });
    expect(located.rows.map((r) => r.rowNumber)).toEqual([4]);
    // A row naming only one known column (or none required) is not a header row.
    expect(locateHeader({ rowNumber: 1, headers: ['Alamat'] }, [], REGISTRY_COLUMNS).headerRow).toBe(1);
    const far = Array.from({ length: 12 }, (_, i) => ({ rowNumber: i + 2, cells: i === 11 ? ['Nama Koperasi', 'Jenis'] : ['judul'] }));
    expect(locateHeader({ rowNumber: 1, headers: ['judul'] }, far, REGISTRY_COLUMNS).headerRow).toBe(1);
  });

  it('validates with the found header row and reports the file rows', () => {
    const result = validateRegistrySheet(
      {
        headerRowNumber: 1,
        headers: ['DATA KOPERASI KOTA PEKALONGAN TAHUN 2025'],
        rows: [
          { rowNumber: 2, cells: ['No', 'Nomor Induk Koperasi', 'Nama Koperasi', 'Jenis', 'Tgl. Badan Hukum', 'RAT Terakhir'] },
          { rowNumber: 3, cells: [1, '3375010000000001', 'KSP Satu', 'KSP', '05-03-2019', 2025] },
          { rowNumber: 4, cells: [2, '3375010000000002', 'KSP Dua', 'KSP', '30-02-2019', 2027] },
        ],
      },
      { today: '2026-11-29' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mapping).toMatchObject({ headerRow: 2, ignored: ['No'] });
    expect(result.rows.map((r) => [r.row, r.values.legalEntityDate, r.annualMeeting])).toEqual([[3, '2019-03-05', { fiscalYear: 2025, heldOn: null }]]);
    expect(result.mapping.ratYearOnly).toEqual({ years: '2025', count: 1 });
    expect(result.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [4, 'Tgl. Badan Hukum', 'cooperatives:import.errors.dateInvalid'],
      [4, 'RAT Terakhir', 'cooperatives:import.errors.ratYearFuture'],
    ]);
  });

  it('reads dates as DD-MM-YYYY, DD/MM/YYYY, D-M-YYYY and Excel dates, and years', () => {
    expect(dateOf('05-03-2019')).toEqual({ value: '2019-03-05' });
    expect(dateOf('05/03/2019')).toEqual({ value: '2019-03-05' });
    expect(dateOf('5-3-2019')).toEqual({ value: '2019-03-05' });
    expect(dateOf(new Date(Date.UTC(2019, 2, 5)))).toEqual({ value: '2019-03-05' });
    expect(dateOf('31-04-2019')).toEqual({ error: 'cooperatives:import.errors.dateInvalid' });
    expect(yearOf(2025)).toEqual({ value: '2025' });
    expect(yearOf('RAT 2025')).toEqual({ value: '2025' });
    expect(yearOf('-')).toEqual({ value: null });
    expect(yearOf('dua ribu')).toEqual({ error: 'cooperatives:import.errors.yearInvalid' });
  });
});
