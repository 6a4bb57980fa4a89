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
  /** 'id': a 16-digit number that must be written as text; 'date': a calendar date. */
  kind?: 'text' | 'id' | 'date';
  /** Written by the export for reading, ignored by the import. */
  readOnly?: boolean;
  width?: number;
}

export const REGISTRY_COLUMNS: readonly ColumnSpec[] = [
  { key: 'cooperativeNumber', header: 'nomor_induk_koperasi', aliases: ['nik_koperasi', 'cooperative_number'], required: true, kind: 'id', width: 22 },
  { key: 'name', header: 'nama_koperasi', aliases: ['nama', 'name'], required: true, width: 36 },
  { key: 'type', header: 'jenis', aliases: ['jenis_koperasi', 'type'], required: true, width: 20 },
  { key: 'savingsLoanUnit', header: 'unit_simpan_pinjam', aliases: ['usp_upps', 'savings_loan_unit'], width: 12 },
  { key: 'legalEntityNumber', header: 'nomor_badan_hukum', aliases: ['legal_entity_number'], width: 24 },
  { key: 'legalEntityDate', header: 'tanggal_badan_hukum', aliases: ['legal_entity_date'], kind: 'date', width: 16 },
  { key: 'street', header: 'alamat', aliases: ['jalan', 'street'], width: 32 },
  { key: 'village', header: 'kelurahan', aliases: ['desa', 'desa_kelurahan', 'village'], width: 18 },
  { key: 'district', header: 'kecamatan', aliases: ['district'], width: 20 },
  { key: 'regency', header: 'kabupaten_kota', aliases: ['kota', 'kabupaten', 'regency'], width: 20 },
  { key: 'postalCode', header: 'kode_pos', aliases: ['postal_code'], width: 10 },
  { key: 'phone', header: 'telepon', aliases: ['telp', 'phone'], width: 16 },
  { key: 'email', header: 'email', aliases: ['e_mail', 'surel'], width: 26 },
  { key: 'status', header: 'status', width: 16 },
  { key: 'lastAnnualMeeting', header: 'rat_terakhir', readOnly: true, width: 12 },
  { key: 'publicUrl', header: 'halaman_publik', readOnly: true, width: 40 },
];

export const ROSTER_COLUMNS: readonly ColumnSpec[] = [
  { key: 'cooperativeNumber', header: 'nomor_induk_koperasi', aliases: ['nik_koperasi', 'cooperative_number'], required: true, kind: 'id', width: 22 },
  { key: 'cooperativeName', header: 'nama_koperasi', readOnly: true, width: 32 },
  { key: 'nik', header: 'nik', aliases: ['nik_ktp', 'nomor_induk_kependudukan'], required: true, kind: 'id', width: 20 },
  { key: 'fullName', header: 'nama_lengkap', aliases: ['nama', 'full_name'], required: true, width: 28 },
  { key: 'position', header: 'jabatan', aliases: ['position'], required: true, width: 26 },
  { key: 'startsOn', header: 'tanggal_mulai', aliases: ['mulai', 'starts_on'], kind: 'date', width: 14 },
  { key: 'endsOn', header: 'tanggal_selesai', aliases: ['selesai', 'ends_on'], kind: 'date', width: 14 },
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
  /** For each column of the file, the spec it fills (null for an ignored read-only column). */
  columns: (ColumnSpec | null)[];
  missing: string[];
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
