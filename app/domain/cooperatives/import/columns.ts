/**
 * The columns of the import files and of the exports (an export can be imported again).
 * Headers are Indonesian, lowercase with underscores; a few English names are accepted too.
 * Pure.
 */
export type ImportKind = 'registry' | 'roster';

export interface ColumnSpec {
  key: string;
  header: string;
  aliases?: readonly string[];
  required?: boolean;
  /**
   * 'id': a 16-digit number that must be written as text; 'date': a calendar date; 'year': a year (or a date, its year);
   * 'education': an education level, read as its code ("S-1", "Sarjana" → S1).
   */
  kind?: 'text' | 'id' | 'date' | 'year' | 'education';
  /** Written by the export for reading, ignored by the import. */
  readOnly?: boolean;
  width?: number;
}

export const REGISTRY_COLUMNS: readonly ColumnSpec[] = [
  { key: 'cooperativeNumber', header: 'nomor_induk_koperasi', aliases: ['nik_koperasi', 'no_induk_koperasi', 'nomor_nik_koperasi', 'no_nik_koperasi', 'cooperative_number'], required: true, kind: 'id', width: 22 },
  { key: 'name', header: 'nama_koperasi', aliases: ['nama', 'nama_kop', 'name'], required: true, width: 36 },
  { key: 'type', header: 'jenis', aliases: ['jenis_koperasi', 'jenis_kop', 'type'], required: true, width: 20 },
  { key: 'savingsLoanUnit', header: 'unit_simpan_pinjam', aliases: ['usp_upps', 'usp', 'savings_loan_unit'], width: 12 },
  { key: 'legalEntityNumber', header: 'nomor_badan_hukum', aliases: ['no_badan_hukum', 'nomor_bh', 'no_bh', 'badan_hukum', 'legal_entity_number'], width: 24 },
  { key: 'legalEntityDate', header: 'tanggal_badan_hukum', aliases: ['tgl_badan_hukum', 'tanggal_bh', 'tgl_bh', 'legal_entity_date'], kind: 'date', width: 16 },
  { key: 'street', header: 'alamat', aliases: ['alamat_lengkap', 'alamat_koperasi', 'jalan', 'street'], width: 32 },
  { key: 'village', header: 'kelurahan', aliases: ['desa', 'desa_kelurahan', 'kelurahan_desa', 'kel_desa', 'desa_kel', 'village'], width: 18 },
  { key: 'district', header: 'kecamatan', aliases: ['kec', 'district'], width: 20 },
  { key: 'regency', header: 'kabupaten_kota', aliases: ['kab_kota', 'kota_kabupaten', 'kota', 'kabupaten', 'regency'], width: 20 },
  { key: 'postalCode', header: 'kode_pos', aliases: ['kodepos', 'postal_code'], width: 10 },
  { key: 'phone', header: 'telepon', aliases: ['telp', 'no_telp', 'no_telepon', 'nomor_telepon', 'no_hp', 'nomor_hp', 'hp', 'telp_hp', 'no_telp_hp', 'phone'], width: 16 },
  { key: 'email', header: 'email', aliases: ['e_mail', 'surel', 'alamat_email', 'alamat_e_mail'], width: 26 },
  { key: 'status', header: 'status', aliases: ['status_koperasi'], width: 16 },
  { key: 'lastAnnualMeeting', header: 'rat_terakhir', aliases: ['tahun_rat_terakhir', 'tahun_rat', 'rat'], kind: 'year', width: 12 },
  { key: 'publicUrl', header: 'halaman_publik', readOnly: true, width: 40 },
];

export const ROSTER_COLUMNS: readonly ColumnSpec[] = [
  { key: 'cooperativeNumber', header: 'nomor_induk_koperasi', aliases: ['nik_koperasi', 'no_induk_koperasi', 'nomor_nik_koperasi', 'no_nik_koperasi', 'cooperative_number'], required: true, kind: 'id', width: 22 },
  { key: 'cooperativeName', header: 'nama_koperasi', aliases: ['nama_kop'], readOnly: true, width: 32 },
  {
    key: 'nik', header: 'nik',
    aliases: ['nik_ktp', 'no_ktp', 'nomor_ktp', 'no_nik', 'nomor_nik', 'nik_no_ktp', 'no_ktp_nik', 'nomor_induk_kependudukan', 'nik_pengurus', 'nik_karyawan', 'no_identitas', 'nomor_identitas', 'ktp'],
    required: true, kind: 'id', width: 20,
  },
  {
    key: 'fullName', header: 'nama_lengkap',
    aliases: ['nama', 'nama_pengurus', 'nama_karyawan', 'nama_pengurus_karyawan', 'nama_pengurus_pengawas', 'nama_lengkap_sesuai_ktp', 'nama_sesuai_ktp', 'nama_lengkap_dan_gelar', 'full_name'],
    required: true, width: 28,
  },
  { key: 'position', header: 'jabatan', aliases: ['posisi', 'jabatan_pengurus', 'jabatan_dalam_koperasi', 'kedudukan', 'position'], required: true, width: 26 },
  {
    key: 'startsOn', header: 'tanggal_mulai',
    aliases: [
      'tgl_mulai', 'mulai', 'mulai_menjabat', 'tanggal_mulai_menjabat', 'tgl_mulai_menjabat', 'mulai_jabatan', 'tanggal_mulai_jabatan', 'tgl_mulai_jabatan',
      'tmt', 'tmt_jabatan', 'tanggal_tmt', 'tgl_tmt', 'tanggal_pengangkatan', 'tgl_pengangkatan', 'periode_mulai', 'masa_jabatan_mulai', 'starts_on',
    ],
    kind: 'date', width: 14,
  },
  {
    key: 'endsOn', header: 'tanggal_selesai',
    aliases: [
      'tgl_selesai', 'selesai', 'akhir_menjabat', 'selesai_menjabat', 'tanggal_akhir', 'tgl_akhir', 'akhir_jabatan', 'tanggal_akhir_jabatan', 'tgl_akhir_jabatan',
      'periode_akhir', 'periode_selesai', 'masa_jabatan_akhir', 'masa_jabatan_selesai', 'ends_on',
    ],
    kind: 'date', width: 14,
  },
  {
    key: 'education', header: 'pendidikan',
    aliases: ['pendidikan_terakhir', 'pendidikan_akhir', 'tingkat_pendidikan', 'jenjang_pendidikan', 'pendidikan_formal', 'pend_terakhir', 'education', 'highest_education'],
    kind: 'education', width: 12,
  },
];

export function columnsOf(kind: ImportKind): readonly ColumnSpec[] {
  return kind === 'registry' ? REGISTRY_COLUMNS : ROSTER_COLUMNS;
}

/** "Nomor Induk Koperasi" → "nomor_induk_koperasi" */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export interface HeaderMapping {
  /** For each column of the file, the spec it fills (null for an ignored column). */
  columns: (ColumnSpec | null)[];
  missing: string[];
  /** Columns the import does not know: ignored, and said so in the preview. */
  unknown: string[];
  duplicated: string[];
}

export function mapHeaders(headers: readonly string[], specs: readonly ColumnSpec[]): HeaderMapping {
  const byName = new Map<string, ColumnSpec>();
  for (const spec of specs) {
    byName.set(spec.header, spec);
    for (const alias of spec.aliases ?? []) byName.set(alias, spec);
  }
  const seen = new Set<string>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  const columns = headers.map((raw) => {
    const name = normalizeHeader(raw);
    if (name === '') return null;
    const spec = byName.get(name);
    if (!spec) {
      unknown.push(raw.trim());
      return null;
    }
    if (seen.has(spec.key)) {
      duplicated.push(raw.trim());
      return null;
    }
    seen.add(spec.key);
    return spec.readOnly ? null : spec;
  });
  const missing = specs.filter((s) => s.required && !seen.has(s.key)).map((s) => s.header);
  return { columns, missing, unknown, duplicated };
}

/** How many of a row's cells name a known column, and whether one of them is a required one. */
function headerScore(cells: readonly string[], specs: readonly ColumnSpec[]): { known: number; required: boolean } {
  const keys = new Set<string>();
  for (const raw of cells) {
    const name = normalizeHeader(raw);
    for (const spec of specs) if (spec.header === name || spec.aliases?.includes(name)) keys.add(spec.key);
  }
  return { known: keys.size, required: specs.some((s) => s.required && keys.has(s.key)) };
}

/** How far down a file the header row is looked for (title rows above it are common). */
export const HEADER_SEARCH_ROWS = 10;

export interface LocatedHeader<R extends { rowNumber: number; cells: unknown[] }> {
  /** The file's own row number of the header row. */
  headerRow: number;
  headers: string[];
  /** The rows below the header row. */
  rows: R[];
}

/**
 * The header row: the first of the first rows that names at least two known columns,
 * one of them a required one; a title row above it ("DATA KOPERASI … TAHUN 2025") is
 * skipped. Without such a row, the first row is taken (and its missing columns reported).
 */
export function locateHeader<R extends { rowNumber: number; cells: unknown[] }>(
  first: { rowNumber: number; headers: string[] },
  rows: readonly R[],
  specs: readonly ColumnSpec[],
): LocatedHeader<R> {
  const asText = (cells: unknown[]) => cells.map((c) => (c === null || c === undefined ? '' : c instanceof Date ? '' : String(c).trim()));
  const candidates = [{ rowNumber: first.rowNumber, headers: first.headers, index: -1 }, ...rows.slice(0, HEADER_SEARCH_ROWS - 1).map((r, index) => ({ rowNumber: r.rowNumber, headers: asText(r.cells), index }))];
  for (const candidate of candidates) {
    const score = headerScore(candidate.headers, specs);
    if (score.known >= 2 && score.required) {
      return { headerRow: candidate.rowNumber, headers: candidate.headers, rows: rows.slice(candidate.index + 1) };
    }
  }
  return { headerRow: first.rowNumber, headers: first.headers, rows: [...rows] };
}
