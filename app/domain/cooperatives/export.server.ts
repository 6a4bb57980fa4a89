import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { todayIn } from '~/lib/dates';
import type { Actor } from '~/lib/permissions';
import { writeCsv, writeXlsx } from '~/lib/spreadsheet.server';
import { maskNik } from '~/domain/accounts/nik';
import { requireCooperative, seesFullNik } from './access.server';
import { educationLabel } from './education';
import { REGISTRY_COLUMNS, ROSTER_COLUMNS, type ColumnSpec } from '~/domain/cooperatives/import/columns';
import { STATUS_FILE_LABELS } from '~/domain/cooperatives/import/validate';
import { registryForExport, registryToday, rosterForExport, type RegistryFilters, type RegistrySortKey, type RosterExportRow } from './registry.server';

/**
 * Registry and roster exports in the import's own columns, so an exported file can be
 * edited and imported back. NIKs are masked for anyone but the Dinas coordinator.
 */

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

type Value = string | number | null;

async function fileOf(name: string, sheetName: string, columns: readonly ColumnSpec[], rows: Value[][], format: ExportFormat): Promise<ExportFile> {
  if (format === 'csv') {
    return { fileName: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsv(columns.map((c) => c.header), rows) };
  }
  const body = await writeXlsx(
    sheetName,
    columns.map((c) => ({ header: c.header, width: c.width, text: c.kind === 'id' || c.kind === 'date' || c.key === 'postalCode' || c.key === 'phone' })),
    rows,
  );
  return { fileName: `${name}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}

export async function exportRegistry(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { filters: RegistryFilters; sort: { sort: RegistrySortKey; dir: 'asc' | 'desc' }; format: ExportFormat; publicUrl: string },
): Promise<ExportFile> {
  const today = await registryToday(db, actor);
  const rows = await registryForExport(db, actor, input.filters, input.sort, today);
  const values = rows.map((r) => {
    const byKey: Record<string, Value> = {
      ...r,
      status: STATUS_FILE_LABELS[r.status],
      lastAnnualMeeting: r.latestRatYear,
      publicUrl: `${input.publicUrl}/koperasi/${r.slug}`,
    };
    return REGISTRY_COLUMNS.map((c) => byKey[c.key] ?? null);
  });
  return fileOf(`koperasi-${today}`, 'Koperasi', REGISTRY_COLUMNS, values, input.format);
}

function rosterValues(rows: RosterExportRow[], actor: Actor | null): Value[][] {
  return rows.map((r) => {
    const byKey: Record<string, Value> = {
      ...r,
      nik: seesFullNik(actor, { dinasId: r.dinasId, personId: r.personId }) ? r.nik : maskNik(r.nik),
      education: educationLabel(r.education),
    };
    return ROSTER_COLUMNS.map((c) => byKey[c.key] ?? null);
  });
}

export async function exportRosters(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { filters: RegistryFilters; format: ExportFormat },
): Promise<ExportFile> {
  const today = await registryToday(db, actor);
  const rows = await rosterForExport(db, actor, input.filters, today);
  return fileOf(`pengurus-karyawan-${today}`, 'Pengurus', ROSTER_COLUMNS, rosterValues(rows, actor), input.format);
}

/** One cooperative's roster (its admin's export, or a coordinator's from its page). */
export async function exportCooperativeRoster(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; format: ExportFormat },
): Promise<ExportFile> {
  const ref = await requireCooperative(db, actor, input.cooperativeId, 'cooperative:read');
  const rows = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .select([
      'c.cooperative_number as cooperativeNumber', 'c.name as cooperativeName', 'c.dinas_id as dinasId', 'p.id as personId',
      'p.nik', 'p.full_name as fullName', 'p.education', 'sp.position', 'sp.starts_on as startsOn', 'sp.ends_on as endsOn',
    ])
    .where('sp.cooperative_id', '=', ref.id)
    .orderBy('sp.ends_on', (ob) => ob.desc().nullsFirst())
    .orderBy('p.full_name')
    .execute();
  return fileOf(`pengurus-${ref.slug}-${todayIn(ref.timeZone)}`, 'Pengurus', ROSTER_COLUMNS, rosterValues(rows, actor), input.format);
}

/** An empty file with the import's columns and one example row. */
export async function importTemplate(kind: 'registry' | 'roster', format: ExportFormat): Promise<ExportFile> {
  if (kind === 'registry') {
    const columns = REGISTRY_COLUMNS.filter((c) => !c.readOnly);
    const example: Record<string, Value> = {
      cooperativeNumber: '3375010000010001', name: 'KSP Contoh Sejahtera', type: 'KSP', savingsLoanUnit: '',
      legalEntityNumber: '123/BH/XIV.1/2010', legalEntityDate: '2010-05-17', street: 'Jl. Contoh No. 1', village: 'Medono',
      district: 'Pekalongan Barat', regency: 'Kota Pekalongan', postalCode: '51111', phone: '0285-421000',
      email: 'ksp.contoh@example.com', status: 'aktif',
    };
    return fileOf('templat-registri-koperasi', 'Koperasi', columns, [columns.map((c) => example[c.key] ?? null)], format);
  }
  const columns = ROSTER_COLUMNS.filter((c) => !c.readOnly);
  const example: Record<string, Value> = {
    cooperativeNumber: '3375010000010001', nik: '3375014105900001', fullName: 'Siti Contoh', position: 'Kepala Bagian Pembiayaan',
    startsOn: '2022-01-03', endsOn: '', education: 'S1',
  };
  return fileOf('templat-pengurus-karyawan', 'Pengurus', columns, [columns.map((c) => example[c.key] ?? null)], format);
}
