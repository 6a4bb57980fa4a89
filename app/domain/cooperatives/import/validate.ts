import { COOPERATIVE_TYPES, type CooperativeStatus, type CooperativeType, type EducationLevel } from '~db/schema';
import { areaProblems, type RegencyAreas } from '~/lib/areas';
import type { Cell } from '~/lib/spreadsheet.server';
import { parseNik } from '~/domain/accounts/nik';
import { cleanPosition, normalizePosition } from '~/domain/cooperatives/positions';
import { meetingDateProblem } from '~/domain/cooperatives/annual-meeting-rule';
import { educationOf } from '~/domain/cooperatives/education';
import { recordOfValues, type CooperativeRecord } from '~/domain/cooperatives/records';
import { CooperativeSchema, COOPERATIVE_NUMBER, isRealIsoDate, nikProblemMessage } from '~/domain/cooperatives/schemas';
import { columnsOf, locateHeader, mapHeaders, type ColumnSpec, type ImportKind } from './columns';

/**
 * Row-by-row checks of an import file, before anything touches the database. Every
 * problem is reported with its row number and column, as an i18n key with values. Pure.
 */

export interface ImportIssue {
  row: number;
  column: string;
  /** i18n key */
  message: string;
  values?: Record<string, string | number>;
  /** The offending cell as written (shortened). */
  value?: string;
}

/** A registry row is a cooperative's record. */
export type RegistryRecord = CooperativeRecord;

export interface RosterRecord {
  cooperativeNumber: string;
  nik: string;
  fullName: string;
  position: string;
  startsOn: string | null;
  endsOn: string | null;
  /** The person's highest education (null: blank, which clears it; an absent column keeps it). */
  education: EducationLevel | null;
}

export interface ValidRow<T> {
  row: number;
  values: T;
  /**
   * The last annual meeting (RAT) the file states, if any. With a date, the meeting is recorded
   * (fiscal year: the year before, as the RAT rule has it); with only a fiscal year, it is
   * recorded with its day unknown (held_on empty).
   */
  annualMeeting?: { fiscalYear: number; heldOn: string | null };
  /** Fields the file leaves alone (their column is absent, or a blank status): an update keeps them. */
  keep?: string[];
}

export interface FileProblem {
  /** i18n key */
  message: string;
  values?: Record<string, string | number>;
}

/** What the import understood of the file's header row: shown in the preview. */
export interface ColumnMappingView {
  /** The file's own row number of the header row. */
  headerRow: number;
  /** Each read column: its header as written and the import column it fills. */
  columns: { header: string; as: string }[];
  /** Columns not read: unknown ones, and those an export writes only for reading. */
  ignored: string[];
  /** Rows whose last RAT is given by its fiscal year alone: recorded without a day. */
  ratYearOnly?: { years: string; count: number };
}

export type Validated<T> =
  | { ok: true; rows: ValidRow<T>[]; issues: ImportIssue[]; rowCount: number; mapping: ColumnMappingView }
  | { ok: false; problem: FileProblem };

export interface SheetLike {
  /** The row number of `headers` (1 when not said). */
  headerRowNumber?: number;
  headers: string[];
  rows: { rowNumber: number; cells: Cell[] }[];
}

const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const TYPE_LOOKUP = new Map<string, CooperativeType>([
  ...COOPERATIVE_TYPES.map((t) => [key(t), t] as const),
  ...COOPERATIVE_TYPES.filter((t) => t.startsWith('Koperasi ')).map((t) => [key(t.slice('Koperasi '.length)), t] as const),
  ['bmt', 'KSPPS/BMT'],
  ['koperasisimpanpinjam', 'KSP'],
  ['koperasisimpanpinjamdanpembiayaansyariah', 'KSPPS'],
  ['koperasiserbausaha', 'KSU'],
]);

export function cooperativeTypeOf(text: string): CooperativeType | null {
  return TYPE_LOOKUP.get(key(text)) ?? null;
}

/** How statuses are written in files (and in exports). */
export const STATUS_FILE_LABELS: Record<CooperativeStatus, string> = {
  active: 'aktif',
  inactive: 'tidak aktif',
  dissolution_proposed: 'diusulkan bubar',
};

const STATUS_LOOKUP = new Map<string, CooperativeStatus>([
  ['aktif', 'active'],
  ['active', 'active'],
  ['tidakaktif', 'inactive'],
  ['nonaktif', 'inactive'],
  ['inactive', 'inactive'],
  ['diusulkanbubar', 'dissolution_proposed'],
  ['usulbubar', 'dissolution_proposed'],
  ['dissolutionproposed', 'dissolution_proposed'],
  ['proposedfordissolution', 'dissolution_proposed'],
]);

export function cooperativeStatusOf(text: string): CooperativeStatus | null {
  return STATUS_LOOKUP.get(key(text)) ?? null;
}

const NONE = new Set(['', '-', 'tidakada', 'none']);

function shorten(value: Cell): string | undefined {
  if (value === null) return undefined;
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A cell as trimmed text; null when blank. */
export function textOf(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const text = String(cell).trim();
  return text === '' ? null : text;
}

/** A 16-digit number kept as text; Excel's numbers are refused (it rounds past 15 digits). */
export function idOf(cell: Cell): { value: string | null } | { error: string } {
  if (cell === null) return { value: null };
  if (typeof cell === 'number' || (typeof cell === 'string' && /^\s*\d(?:[.,]\d+)?e\+\d+\s*$/i.test(cell))) {
    return { error: 'cooperatives:import.errors.numericId' };
  }
  const text = textOf(cell);
  if (text === null) return { value: null };
  return { value: text.replace(/^'/, '').replace(/[\s.-]/g, '') };
}

/** A calendar date: an Excel date, or text as YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY. */
export function dateOf(cell: Cell): { value: string | null } | { error: string } {
  if (cell === null) return { value: null };
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? { error: 'cooperatives:import.errors.dateInvalid' } : { value: cell.toISOString().slice(0, 10) };
  }
  const text = textOf(cell);
  if (text === null) return { value: null };
  let iso: string | null = null;
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (ymd) iso = `${ymd[1]}-${ymd[2]!.padStart(2, '0')}-${ymd[3]!.padStart(2, '0')}`;
  else if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  return iso && isRealIsoDate(iso) ? { value: iso } : { error: 'cooperatives:import.errors.dateInvalid' };
}

/** The last annual meeting: a fiscal year (2025, "2025", "RAT 2025") or the day it was held (a date), as "YYYY" or "YYYY-MM-DD". */
export function yearOf(cell: Cell): { value: string | null } | { error: string } {
  if (cell === null) return { value: null };
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 1945 && cell <= 2200 ? { value: String(cell) } : { error: 'cooperatives:import.errors.yearInvalid' };
  if (cell instanceof Date) return dateOf(cell);
  const text = textOf(cell);
  if (text === null || NONE.has(key(text))) return { value: null };
  const match = /^(?:rat\s*)?(?:tahun\s*(?:buku\s*)?)?(\d{4})$/i.exec(text);
  if (match) return Number(match[1]) >= 1945 ? { value: match[1]! } : { error: 'cooperatives:import.errors.yearInvalid' };
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$|^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) return dateOf(text);
  return { error: 'cooperatives:import.errors.yearInvalid' };
}

/** A person's highest education as its level code; a value naming no level is refused. */
export function educationCellOf(cell: Cell): { value: EducationLevel | null } | { error: string } {
  if (cell === null) return { value: null };
  const text = cell instanceof Date ? '' : textOf(cell);
  if (text === null || NONE.has(key(text))) return { value: null };
  const level = educationOf(text);
  return level ? { value: level } : { error: 'cooperatives:import.errors.educationInvalid' };
}

type Raw = Record<string, string | null>;

const REGISTRY_REQUIRED = columnsOf('registry').filter((c) => c.required);
const ROSTER_REQUIRED = columnsOf('roster').filter((c) => c.required);

/** Reads one row's cells by column key, collecting cell-level problems. */
function readRow(
  cells: Cell[],
  columns: (ColumnSpec | null)[],
  headers: string[],
  row: number,
  issues: ImportIssue[],
): { raw: Raw; invalid: Set<string>; headerOf: (key: string) => string; writtenOf: (key: string) => string | undefined } {
  const raw: Raw = {};
  const invalid = new Set<string>();
  const headerByKey = new Map<string, string>();
  const cellByKey = new Map<string, Cell>();
  columns.forEach((spec, index) => {
    if (!spec) return;
    headerByKey.set(spec.key, headers[index]!.trim());
    const cell = cells[index] ?? null;
    cellByKey.set(spec.key, cell);
    const read =
      spec.kind === 'id' ? idOf(cell)
      : spec.kind === 'date' ? dateOf(cell)
      : spec.kind === 'year' ? yearOf(cell)
      : spec.kind === 'education' ? educationCellOf(cell)
      : { value: textOf(cell) };
    if ('error' in read) {
      issues.push({ row, column: headers[index]!.trim(), message: read.error, value: shorten(cell) });
      raw[spec.key] = null;
      invalid.add(spec.key);
    } else {
      raw[spec.key] = read.value;
    }
  });
  return { raw, invalid, headerOf: (k) => headerByKey.get(k) ?? k, writtenOf: (k) => shorten(cellByKey.get(k) ?? null) };
}

function requirePresent(
  read: { raw: Raw; invalid: Set<string>; headerOf: (k: string) => string },
  specs: readonly ColumnSpec[],
  row: number,
  issues: ImportIssue[],
) {
  let ok = true;
  for (const spec of specs) {
    if (spec.required && read.raw[spec.key] === null && !read.invalid.has(spec.key)) {
      issues.push({ row, column: read.headerOf(spec.key), message: 'cooperatives:import.errors.required' });
      ok = false;
    }
  }
  return ok;
}

/** Optional columns the file does not have at all. */
function absentKeys(kind: ImportKind, columns: (ColumnSpec | null)[]): string[] {
  const present = new Set(columns.filter((c): c is ColumnSpec => c !== null).map((c) => c.key));
  return columnsOf(kind)
    .filter((c) => !c.required && !c.readOnly && !present.has(c.key))
    .map((c) => c.key);
}

interface CheckedHeaders {
  columns: (ColumnSpec | null)[];
  headers: string[];
  rows: SheetLike['rows'];
  mapping: ColumnMappingView;
}

/** Finds the header row (below any title rows), maps its columns, and ignores the unknown ones (the preview says so). */
function checkHeaders(sheet: SheetLike, kind: ImportKind): CheckedHeaders | { problem: FileProblem } {
  const specs = columnsOf(kind);
  const located = locateHeader({ rowNumber: sheet.headerRowNumber ?? 1, headers: sheet.headers }, sheet.rows, specs);
  const mapping = mapHeaders(located.headers, specs);
  if (mapping.missing.length) {
    const expected = specs.filter((c) => !c.readOnly).map((c) => c.header).join(', ');
    return { problem: { message: 'cooperatives:import.file.missingColumns', values: { columns: mapping.missing.join(', '), expected, row: located.headerRow } } };
  }
  if (mapping.duplicated.length) {
    return { problem: { message: 'cooperatives:import.file.duplicatedColumns', values: { columns: mapping.duplicated.join(', ') } } };
  }
  const read: { header: string; as: string }[] = [];
  const ignored: string[] = [];
  located.headers.forEach((raw, index) => {
    const header = raw.trim();
    if (header === '') return;
    const spec = mapping.columns[index];
    if (spec) read.push({ header, as: spec.header });
    else ignored.push(header);
  });
  return { columns: mapping.columns, headers: located.headers, rows: located.rows, mapping: { headerRow: located.headerRow, columns: read, ignored } };
}

/**
 * The last RAT the file states. A date is the day it was held, for the fiscal year before (the
 * RAT form's rule: after the books close, not in the future); a year alone is a fiscal year
 * whose books have closed (before today's year).
 */
function checkAnnualMeeting(
  raw: Raw,
  headerOf: (k: string) => string,
  written: string | undefined,
  row: number,
  today: string | undefined,
  issues: ImportIssue[],
): { fiscalYear: number; heldOn: string | null } | undefined {
  const value = raw.lastAnnualMeeting;
  if (!value) return undefined;
  const column = headerOf('lastAnnualMeeting');
  if (value.length === 4) {
    const fiscalYear = Number(value);
    if (today && fiscalYear >= Number(today.slice(0, 4))) {
      issues.push({ row, column, message: 'cooperatives:import.errors.ratYearFuture', values: { max: Number(today.slice(0, 4)) - 1 }, value: written ?? value });
      return undefined;
    }
    return { fiscalYear, heldOn: null };
  }
  const fiscalYear = Number(value.slice(0, 4)) - 1;
  if (today && meetingDateProblem(fiscalYear, value, today) === 'future') {
    issues.push({ row, column, message: 'cooperatives:import.errors.ratDateFuture', value: written ?? value });
    return undefined;
  }
  return { fiscalYear, heldOn: value };
}

/**
 * `today`: the Dinas's date (a RAT after it is refused); `areas`: the Dinas's regency (a
 * kecamatan or kelurahan outside it is refused), none when the Dinas has no regency code.
 */
export function validateRegistrySheet(sheet: SheetLike, options: { today?: string; areas?: RegencyAreas | null } = {}): Validated<RegistryRecord> {
  const checked = checkHeaders(sheet, 'registry');
  if ('problem' in checked) return { ok: false, problem: checked.problem };
  if (checked.rows.length === 0) return { ok: false, problem: { message: 'cooperatives:import.file.empty' } };
  const issues: ImportIssue[] = [];
  const rows: ValidRow<RegistryRecord>[] = [];
  const firstRowOfNumber = new Map<string, number>();
  const absent = absentKeys('registry', checked.columns);
  for (const { rowNumber: row, cells } of checked.rows) {
    const before = issues.length;
    const read = readRow(cells, checked.columns, checked.headers, row, issues);
    const { raw, headerOf } = read;
    requirePresent(read, REGISTRY_REQUIRED, row, issues);
    const annualMeeting = checkAnnualMeeting(raw, headerOf, read.writtenOf('lastAnnualMeeting'), row, options.today, issues);

    let type: CooperativeType | undefined;
    if (raw.type) {
      type = cooperativeTypeOf(raw.type) ?? undefined;
      if (!type) issues.push({ row, column: headerOf('type'), message: 'cooperatives:import.errors.unknownType', value: raw.type });
    }
    let status: CooperativeStatus = 'active';
    if (raw.status) {
      const mapped = cooperativeStatusOf(raw.status);
      if (mapped) status = mapped;
      else issues.push({ row, column: headerOf('status'), message: 'cooperatives:import.errors.unknownStatus', value: raw.status });
    }
    let savingsLoanUnit: 'USP' | 'UPPS' | undefined;
    if (raw.savingsLoanUnit && !NONE.has(key(raw.savingsLoanUnit))) {
      const unit = raw.savingsLoanUnit.toUpperCase();
      if (unit === 'USP' || unit === 'UPPS') savingsLoanUnit = unit;
      else issues.push({ row, column: headerOf('savingsLoanUnit'), message: 'cooperatives:import.errors.unknownUnit', value: raw.savingsLoanUnit });
    }

    const parsed = CooperativeSchema.safeParse({
      name: raw.name ?? undefined,
      type: type ?? 'KSP',
      savingsLoanUnit,
      cooperativeNumber: raw.cooperativeNumber ?? undefined,
      legalEntityNumber: raw.legalEntityNumber ?? undefined,
      legalEntityDate: raw.legalEntityDate ?? undefined,
      street: raw.street ?? undefined,
      village: raw.village ?? undefined,
      district: raw.district ?? undefined,
      regency: raw.regency ?? undefined,
      postalCode: raw.postalCode ?? undefined,
      phone: raw.phone ?? undefined,
      email: raw.email ?? undefined,
      status,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        // Missing required values were reported above.
        if (raw[field] === null || raw[field] === undefined) continue;
        issues.push({ row, column: headerOf(field), message: issue.message, value: raw[field] ?? undefined });
      }
    }
    if (options.areas) {
      for (const problem of areaProblems(options.areas, { district: raw.district, village: raw.village })) {
        issues.push({ row, column: headerOf(problem.field), message: `cooperatives:errors.area.${problem.message}`, values: problem.values, value: raw[problem.field] ?? undefined });
      }
    }
    const number = raw.cooperativeNumber;
    if (number && COOPERATIVE_NUMBER.test(number)) {
      const first = firstRowOfNumber.get(number);
      if (first !== undefined) {
        issues.push({ row, column: headerOf('cooperativeNumber'), message: 'cooperatives:import.errors.duplicateInFile', values: { row: first }, value: number });
      } else {
        firstRowOfNumber.set(number, row);
      }
    }
    if (issues.length > before || !parsed.success || !type) continue;
    const keep = raw.status ? absent : [...absent, 'status'];
    rows.push({ row, values: { ...recordOfValues(parsed.data), type }, ...(keep.length ? { keep } : {}), ...(annualMeeting ? { annualMeeting } : {}) });
  }
  const yearOnly = rows.filter((r) => r.annualMeeting && r.annualMeeting.heldOn === null);
  const mapping: ColumnMappingView = yearOnly.length
    ? { ...checked.mapping, ratYearOnly: { years: [...new Set(yearOnly.map((r) => r.annualMeeting!.fiscalYear))].sort().join(', '), count: yearOnly.length } }
    : checked.mapping;
  return { ok: true, rows, issues, rowCount: checked.rows.length, mapping };
}

/** One position of one person in one cooperative, from a start date. */
export function rosterKey(r: { cooperativeNumber: string; nik: string; position: string; startsOn: string | null }): string {
  return `${r.cooperativeNumber}|${r.nik}|${normalizePosition(r.position)}|${r.startsOn ?? ''}`;
}

const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();
export { sameName as isSameName };

export function validateRosterSheet(sheet: SheetLike): Validated<RosterRecord> {
  const checked = checkHeaders(sheet, 'roster');
  if ('problem' in checked) return { ok: false, problem: checked.problem };
  if (checked.rows.length === 0) return { ok: false, problem: { message: 'cooperatives:import.file.empty' } };
  const issues: ImportIssue[] = [];
  const rows: ValidRow<RosterRecord>[] = [];
  const firstRowOfKey = new Map<string, number>();
  const nameOfNik = new Map<string, { name: string; row: number }>();
  const educationOfNik = new Map<string, { education: EducationLevel | null; row: number }>();
  const absent = absentKeys('roster', checked.columns);
  for (const { rowNumber: row, cells } of checked.rows) {
    const before = issues.length;
    const read = readRow(cells, checked.columns, checked.headers, row, issues);
    const { raw, headerOf } = read;
    requirePresent(read, ROSTER_REQUIRED, row, issues);
    const number = raw.cooperativeNumber;
    if (number && !COOPERATIVE_NUMBER.test(number)) {
      issues.push({ row, column: headerOf('cooperativeNumber'), message: 'cooperatives:errors.numberFormat', value: number });
    }
    const nik = raw.nik;
    if (nik) {
      const parsed = parseNik(nik);
      if (!parsed.ok) issues.push({ row, column: headerOf('nik'), message: nikProblemMessage(parsed.problem), value: nik });
    }
    if (raw.fullName && raw.fullName.length > 150) issues.push({ row, column: headerOf('fullName'), message: 'cooperatives:errors.tooLong' });
    if (raw.position && raw.position.length > 100) issues.push({ row, column: headerOf('position'), message: 'cooperatives:errors.tooLong' });
    if (raw.startsOn && raw.endsOn && raw.endsOn < raw.startsOn) {
      issues.push({ row, column: headerOf('endsOn'), message: 'cooperatives:errors.endBeforeStart', value: raw.endsOn });
    }
    if (issues.length > before || !number || !nik || !raw.fullName || !raw.position) continue;
    const record: RosterRecord = {
      cooperativeNumber: number,
      nik,
      fullName: raw.fullName.replace(/\s+/g, ' '),
      position: cleanPosition(raw.position),
      startsOn: raw.startsOn,
      endsOn: raw.endsOn,
      education: (raw.education ?? null) as EducationLevel | null,
    };
    const k = rosterKey(record);
    const first = firstRowOfKey.get(k);
    if (first !== undefined) {
      issues.push({ row, column: headerOf('nik'), message: 'cooperatives:import.errors.duplicateInFile', values: { row: first }, value: nik });
      continue;
    }
    const named = nameOfNik.get(nik);
    if (named && !sameName(named.name, record.fullName)) {
      issues.push({ row, column: headerOf('fullName'), message: 'cooperatives:import.errors.nameConflictInFile', values: { row: named.row }, value: record.fullName });
      continue;
    }
    const stated = educationOfNik.get(nik);
    if (!absent.includes('education') && stated && stated.education !== record.education) {
      issues.push({ row, column: headerOf('education'), message: 'cooperatives:import.errors.educationConflictInFile', values: { row: stated.row }, value: read.writtenOf('education') });
      continue;
    }
    firstRowOfKey.set(k, row);
    if (!named) nameOfNik.set(nik, { name: record.fullName, row });
    if (!stated) educationOfNik.set(nik, { education: record.education, row });
    rows.push({ row, values: record, ...(absent.length ? { keep: absent } : {}) });
  }
  return { ok: true, rows, issues, rowCount: checked.rows.length, mapping: checked.mapping };
}
