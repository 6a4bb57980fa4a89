import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, UnitResult } from '~db/schema';
import { ConflictError, ValidationError } from '~/lib/errors';
import { dateText, parseDateText } from '~/lib/date-input';
import { todayIn } from '~/lib/dates';
import type { Locale } from '~/lib/i18n';
import { translatorFor } from '~/lib/meta';
import { withValues } from '~/lib/messages';
import { can, type Actor } from '~/lib/permissions';
import { escapeCsvCell, readSpreadsheet, SpreadsheetError, unescapeCsvCell, writeCsv, writeXlsx, type Cell, type Sheet } from '~/lib/spreadsheet.server';
import { acceptsResults, requireExamCohort } from './access.server';
import { checkExamResults, examGrid, saveExamResults } from './grid.server';
import { finalizationOf } from './queries.server';
import { recommendationOf } from './rules';
import { ResultGridSchema, type ResultGridValues } from './schemas';

/**
 * Exam results by file: a template (CSV or XLSX) holding the cohort's confirmed participants
 * and one column per unit of competency, filled in a spreadsheet program and uploaded back.
 *
 * - A participant is matched on the "ID Peserta" column: the registration's id, not a NIK
 *   (the file travels by e-mail and USB sticks; it carries no personal number). Name and
 *   cooperative are there for the reader only.
 * - A unit's column is headed by its code; a cell holds K or BK (any case, or "Kompeten" /
 *   "Belum Kompeten"). "Tidak hadir" takes ya/x/1. The assessor is a user of the body,
 *   by e-mail or registration number. Dates are DD-MM-YYYY (or a date cell).
 * - A row with no K/BK and not "tidak hadir" is left as it is (not cleared).
 *
 * The preview runs the grid's own checks (`checkExamResults`), so each refusal is shown by
 * the file's row and column; confirming sends the checked rows back (a hidden field, no
 * state kept on the server) to `saveExamResults`, the grid's operation, which checks them
 * all again and saves all or nothing, audited.
 */

export const MAX_EXAM_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_EXAM_UPLOAD_ROWS = 2_000;

const FIXED_BEFORE = ['number', 'participantId', 'name', 'cooperative', 'eligible'] as const;
const FIXED_AFTER = ['absent', 'assessor', 'examDate', 'venue', 'note'] as const;
type ColumnKey = (typeof FIXED_BEFORE)[number] | (typeof FIXED_AFTER)[number];

/** A header as compared: lower case, letters and digits only ("Tanggal Uji (DD-MM-YYYY)" → "tanggaluji"). */
function headerKey(text: string): string {
  return text
    .replace(/\(.*?\)/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function columnTitle(locale: Locale, key: ColumnKey): string {
  return translatorFor(locale)(`assessment:upload.column.${key}`) as string;
}

/** Every spelling of each column the upload accepts: its title in either language. */
const KNOWN_HEADERS: Map<string, ColumnKey> = new Map(
  (['id', 'en'] as const).flatMap((locale) => [...FIXED_BEFORE, ...FIXED_AFTER].map((key) => [headerKey(columnTitle(locale, key)), key] as const)),
);

const TRUE_WORDS = new Set(['ya', 'y', 'yes', 'x', 'v', '1', 'true', 'benar', 'tidakhadir', 'th']);
const FALSE_WORDS = new Set(['tidak', 't', 'no', 'n', '0', 'false', 'salah', 'hadir', '-']);

function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return unescapeCsvCell(String(cell).trim());
}

/** K/BK in the spellings people type; null for an empty cell, undefined for anything else. */
export function unitResultOf(cell: Cell | undefined): UnitResult | null | undefined {
  const value = text(cell).toLowerCase().replace(/[^a-z]/g, '');
  if (value === '') return text(cell) === '' || text(cell) === '-' ? null : undefined;
  if (value === 'k' || value === 'kompeten' || value === 'competent') return 'K';
  if (value === 'bk' || value === 'belumkompeten' || value === 'notyetcompetent') return 'BK';
  return undefined;
}

function absentOf(cell: Cell | undefined): boolean | undefined {
  if (typeof cell === 'boolean') return cell;
  const value = headerKey(text(cell));
  if (value === '' || FALSE_WORDS.has(value) || text(cell) === '-') return false;
  return TRUE_WORDS.has(value) ? true : undefined;
}

function dateOf(cell: Cell | undefined): string | null | undefined {
  if (cell === null || cell === undefined || text(cell) === '') return null;
  // A date cell: exceljs reads it as midnight UTC of that day.
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
  return parseDateText(text(cell)) ?? undefined;
}

async function assessorsWithEmail(db: Kysely<Database>, bodyId: string | null) {
  if (!bodyId) return [];
  return db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id as userId', 'u.email', 'r.registration_number as registrationNumber'])
    .where('r.role', '=', 'assessor')
    .where('r.institution_id', '=', bodyId)
    .where('u.is_active', '=', true)
    .execute();
}

const squash = (value: string) => value.toLowerCase().replace(/\s+/g, ' ').trim();

/** The template: the cohort's confirmed participants with what is stored (or the exam's defaults). */
export async function examUploadTemplate(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; format: 'csv' | 'xlsx'; locale: Locale },
  now = new Date(),
): Promise<{ fileName: string; contentType: string; body: string | Uint8Array }> {
  const grid = await examGrid(db, actor, input.cohortId);
  const cohort = await requireExamCohort(db, actor, input.cohortId, 'assessment:enter');
  const t = translatorFor(input.locale);
  const emails = new Map((await assessorsWithEmail(db, cohort.certificationBodyId)).map((a) => [a.userId, a.email]));
  const onlyAssessor = grid.assessors.length === 1 ? grid.assessors[0]!.userId : null;
  const headers = [...FIXED_BEFORE.map((k) => columnTitle(input.locale, k)), ...grid.units.map((u) => u.code), ...FIXED_AFTER.map((k) => columnTitle(input.locale, k))];
  const rows = grid.rows.map((r, i) => {
    const assessor = r.assessorUserId ?? (r.status ? null : onlyAssessor);
    return [
      i + 1,
      r.enrollmentId,
      r.name,
      r.cooperativeName,
      r.eligible ? t('assessment:upload.eligibleYes') : t('assessment:upload.eligibleNo'),
      ...grid.units.map((u) => r.units[u.id] ?? null),
      r.absent ? t('assessment:upload.yes') : null,
      assessor ? (emails.get(assessor) ?? null) : null,
      dateText(r.status ? r.examDate : grid.defaults.examDate) ?? null,
      (r.status ? r.venue : grid.defaults.venue) ?? null,
      r.note,
    ].map((c) => (typeof c === 'string' ? escapeCsvCell(c) : c)) as (string | number | null)[];
  });
  const safeName = grid.cohort.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'angkatan';
  const name = `${t('assessment:upload.filePrefix')}-${safeName}-${todayIn(grid.cohort.timeZone, now)}`;
  if (input.format === 'csv') return { fileName: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsv(headers, rows) };
  const body = await writeXlsx(
    t('assessment:upload.sheet'),
    headers.map((header, index) => ({ header, text: index === 1, width: index === 1 ? 38 : index === 2 || index === 3 ? 28 : Math.max(10, header.length + 2) })),
    rows,
  );
  return { fileName: `${name}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}

/** One refusal in the file: its row as the spreadsheet program numbers it, and its column's header. */
export interface UploadIssue {
  row: number | null;
  column: string | null;
  /** An i18n key, values after a bar (`withValues`). */
  message: string;
}

/** The headers of the columns a refusal of the grid's checks points at. */
interface UploadColumns {
  participant: string;
  absent: string;
  assessor: string;
  examDate: string;
  venue: string;
  note: string;
  /** Per unit of the program, in its order. */
  units: string[];
}

export interface UploadPayload extends ResultGridValues {
  fileName: string;
  fileRows: number[];
  columns: UploadColumns;
}

export interface ExamUploadPreview {
  fileName: string;
  finalized: boolean;
  issues: UploadIssue[];
  /** Rows that would change, as they would be saved. */
  changes: { row: number; name: string; outcome: 'competent' | 'not_yet_competent' | 'did_not_attend' | 'incomplete'; isNew: boolean }[];
  unchanged: number;
  skipped: number;
  /** Sent back on confirm; null while the file has refusals or changes nothing. */
  payload: string | null;
}

const SPREADSHEET_MESSAGES: Record<string, string> = {
  empty: 'cooperatives:import.file.empty',
  encoding: 'cooperatives:import.file.encoding',
  unreadable: 'cooperatives:import.file.unreadable',
  legacyExcel: 'cooperatives:import.file.legacyExcel',
  tooManyRows: 'cooperatives:import.file.tooManyRows',
  noHeader: 'cooperatives:import.file.noHeader',
  tooLarge: 'cooperatives:import.file.unpackedTooLarge',
};

/** Maps the grid's field errors (`rows[2].units[1]`) to the file's rows and columns. */
function issuesOf(errors: Record<string, string[]>, fileRows: number[], columns: UploadColumns): UploadIssue[] {
  const issues: UploadIssue[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^rows\[(\d+)\](?:\.(\w+)(?:\[(\d+)\])?)?/.exec(key);
    const row = match ? (fileRows[Number(match[1])] ?? null) : null;
    const field = match?.[2];
    const column = !match
      ? null
      : field === 'units'
        ? (columns.units[Number(match[3])] ?? null)
        : field === 'absent' || field === 'assessorUserId' || field === 'examDate' || field === 'venue' || field === 'note'
          ? columns[field === 'assessorUserId' ? 'assessor' : field]
          : columns.participant;
    for (const message of messages) issues.push({ row, column, message });
  }
  return issues;
}

function byRow(a: UploadIssue, b: UploadIssue) {
  return (a.row ?? 0) - (b.row ?? 0);
}

/** Reads and checks an uploaded file; writes nothing. `problem` when the file cannot be read at all. */
export async function previewExamUpload(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; fileName: string; data: Uint8Array; correctionReason?: string; locale: Locale },
): Promise<{ problem: string } | { preview: ExamUploadPreview }> {
  const cohort = await requireExamCohort(db, actor, input.cohortId, 'assessment:enter');
  if (!acceptsResults(cohort.status)) return { problem: 'assessment:errors.notStarted' };
  if (input.data.byteLength > MAX_EXAM_UPLOAD_BYTES) return { problem: withValues('cooperatives:import.file.tooLarge', { maxMb: MAX_EXAM_UPLOAD_BYTES / 1024 / 1024 }) };
  let sheet: Sheet;
  try {
    sheet = await readSpreadsheet(input.data, { maxRows: MAX_EXAM_UPLOAD_ROWS });
  } catch (error) {
    if (error instanceof SpreadsheetError) return { problem: withValues(SPREADSHEET_MESSAGES[error.problem] ?? 'cooperatives:import.file.unreadable', { max: MAX_EXAM_UPLOAD_ROWS }) };
    throw error;
  }
  const grid = await examGrid(db, actor, cohort.id);
  const assessors = await assessorsWithEmail(db, cohort.certificationBodyId);
  const headerRow = sheet.headerRowNumber ?? 1;
  const issues: UploadIssue[] = [];

  // The header row: each column is a known one, or a unit of the program by its code.
  const unitByHeader = new Map(grid.units.map((u, j) => [headerKey(u.code), j]));
  const fixed = new Map<ColumnKey, number>();
  const unitColumns = new Map<number, number>();
  sheet.headers.forEach((header, index) => {
    if (header === '') return;
    const key = KNOWN_HEADERS.get(headerKey(header));
    const unit = unitByHeader.get(headerKey(header));
    if (key && !fixed.has(key)) fixed.set(key, index);
    else if (unit !== undefined && ![...unitColumns.values()].includes(unit)) unitColumns.set(index, unit);
    else if (key || unit !== undefined) issues.push({ row: headerRow, column: header, message: 'assessment:upload.errors.duplicateColumn' });
    else issues.push({ row: headerRow, column: header, message: 'assessment:upload.errors.unknownColumn' });
  });
  const idColumn = fixed.get('participantId');
  if (idColumn === undefined) {
    issues.push({ row: headerRow, column: null, message: withValues('assessment:upload.errors.noParticipantColumn', { column: columnTitle(input.locale, 'participantId') }) });
  }
  const headerOf = (key: ColumnKey) => (fixed.has(key) ? sheet.headers[fixed.get(key)!]! : columnTitle(input.locale, key));
  const columns: UploadColumns = {
    participant: headerOf('participantId'),
    absent: headerOf('absent'),
    assessor: headerOf('assessor'),
    examDate: headerOf('examDate'),
    venue: headerOf('venue'),
    note: headerOf('note'),
    units: grid.units.map((u) => {
      const index = [...unitColumns.entries()].find(([, j]) => j === grid.units.indexOf(u))?.[0];
      return index === undefined ? u.code : sheet.headers[index]!;
    }),
  };

  // The rows: each becomes one row of the grid, or refusals by its cells.
  const participants = new Map(grid.rows.map((r) => [r.enrollmentId.toLowerCase(), r]));
  const values: ResultGridValues = { rows: [], correctionReason: input.correctionReason?.trim() || undefined };
  const fileRows: number[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for (const { rowNumber, cells } of idColumn === undefined ? [] : sheet.rows) {
    const cell = (key: ColumnKey) => (fixed.has(key) ? cells[fixed.get(key)!] : undefined);
    const rowIssues: UploadIssue[] = [];
    const fail = (column: string | null, message: string) => rowIssues.push({ row: rowNumber, column, message });
    const id = text(cells[idColumn!]).toLowerCase();
    const participant = participants.get(id);
    if (!id) fail(columns.participant, 'assessment:upload.errors.noParticipant');
    else if (!participant) fail(columns.participant, withValues('assessment:upload.errors.unknownParticipant', { value: text(cells[idColumn!]).slice(0, 40) }));
    else if (seen.has(id)) fail(columns.participant, withValues('assessment:upload.errors.duplicateParticipant', { row: seen.get(id)! }));
    else seen.set(id, rowNumber);
    const units: (string | undefined)[] = grid.units.map(() => undefined);
    for (const [index, j] of unitColumns) {
      const result = unitResultOf(cells[index]);
      if (result === undefined) fail(sheet.headers[index]!, withValues('assessment:upload.errors.result', { value: text(cells[index]).slice(0, 40) }));
      else if (result) units[j] = `${grid.units[j]!.id}:${result}`;
    }
    // Cells under a column that is not a unit of the program: refused with the header already.
    const absent = absentOf(cell('absent'));
    if (absent === undefined) fail(columns.absent, withValues('assessment:upload.errors.absent', { value: text(cell('absent')).slice(0, 40) }));
    let assessorUserId: string | undefined;
    const assessorText = squash(text(cell('assessor')));
    if (assessorText) {
      const found = assessors.find((a) => squash(a.email) === assessorText || (a.registrationNumber && squash(a.registrationNumber) === assessorText));
      if (found) assessorUserId = found.userId;
      else fail(columns.assessor, withValues('assessment:upload.errors.assessor', { value: text(cell('assessor')).slice(0, 60) }));
    }
    const examDate = dateOf(cell('examDate'));
    if (examDate === undefined) fail(columns.examDate, withValues('assessment:upload.errors.examDate', { value: text(cell('examDate')).slice(0, 40) }));
    const entered = units.some(Boolean) || absent === true;
    if (!entered && !rowIssues.length) {
      skipped++;
      continue;
    }
    if (rowIssues.length) {
      issues.push(...rowIssues);
      continue;
    }
    values.rows.push({
      enrollmentId: participant!.enrollmentId,
      units,
      absent: absent!,
      assessorUserId,
      examDate: examDate ?? undefined,
      venue: text(cell('venue')) || undefined,
      note: text(cell('note')) || undefined,
    });
    fileRows.push(rowNumber);
  }

  // The grid's schema (lengths) and checks (eligibility, finalization), by row and column.
  const parsed = ResultGridSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      (errors[key] ??= []).push(issue.message);
    }
    issues.push(...issuesOf(errors, fileRows, columns));
  }
  let check;
  try {
    check = await db.transaction().execute((trx) => checkExamResults(trx, actor, { cohortId: cohort.id, ...(parsed.success ? parsed.data : values) }));
  } catch (error) {
    if (error instanceof ConflictError) return { problem: error.message };
    throw error;
  }
  issues.push(...issuesOf(check.errors, fileRows, columns));
  issues.sort(byRow);
  const changed = new Set(check.changes.map((c) => c.enrollmentId));
  const changes = check.changes.map((c) => {
    const index = values.rows.findIndex((r) => r.enrollmentId === c.enrollmentId);
    return {
      row: fileRows[index]!,
      name: participants.get(c.enrollmentId.toLowerCase())?.name ?? '',
      outcome: recommendationOf(Object.values(c.next.units), grid.units.length, c.next.absent) ?? ('incomplete' as const),
      isNew: !c.before,
    };
  });
  const payload: UploadPayload = { ...values, fileName: input.fileName.slice(0, 200), fileRows, columns };
  return {
    preview: {
      fileName: input.fileName,
      finalized: check.finalized,
      issues,
      changes,
      unchanged: values.rows.filter((r) => !changed.has(r.enrollmentId)).length,
      skipped,
      payload: issues.length || !changes.length ? null : JSON.stringify(payload),
    },
  };
}

const PayloadSchema = z.object({
  fileName: z.string().max(200),
  fileRows: z.array(z.number().int().positive()).max(MAX_EXAM_UPLOAD_ROWS),
  columns: z.object({
    participant: z.string().max(200),
    absent: z.string().max(200),
    assessor: z.string().max(200),
    examDate: z.string().max(200),
    venue: z.string().max(200),
    note: z.string().max(200),
    units: z.array(z.string().max(200)).max(100),
  }),
  rows: z.array(z.unknown()).max(MAX_EXAM_UPLOAD_ROWS),
});

/**
 * Saves the rows the preview checked, through the grid's own operation (all or nothing,
 * audited as coming from an upload). Whatever changed since the preview is checked again:
 * a refusal comes back by the file's rows and columns, and nothing is written.
 */
export async function confirmExamUpload(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; payload: string },
): Promise<{ saved: number; corrected: number; reissue: number } | { issues: UploadIssue[] }> {
  const cohort = await requireExamCohort(db, actor, input.cohortId, 'assessment:enter');
  let raw: unknown;
  try {
    // JSON writes an empty cell (undefined) as null: read it back as empty.
    raw = JSON.parse(input.payload, (_key, value: unknown) => (value === null ? undefined : value));
  } catch {
    return { issues: [{ row: null, column: null, message: 'assessment:upload.errors.payload' }] };
  }
  const envelope = PayloadSchema.safeParse(raw);
  const grid = ResultGridSchema.safeParse(raw);
  if (!envelope.success || !grid.success) return { issues: [{ row: null, column: null, message: 'assessment:upload.errors.payload' }] };
  try {
    return await saveExamResults(db, actor, { cohortId: cohort.id, source: 'upload', ...grid.data });
  } catch (error) {
    if (error instanceof ValidationError) return { issues: issuesOf(error.fieldErrors, envelope.data.fileRows, envelope.data.columns).sort(byRow) };
    if (error instanceof ConflictError) return { issues: [{ row: null, column: null, message: error.message }] };
    throw error;
  }
}

/** The upload page: the cohort, whether its results are final and whether the actor may still correct them. */
export async function examUploadPage(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const cohort = await requireExamCohort(db, actor, cohortId, 'assessment:enter');
  const finalized = !!(await finalizationOf(db, cohort.id));
  const canCorrect = can(actor, 'assessment:finalize', { certificationBodyId: cohort.certificationBodyId });
  return {
    cohort: { id: cohort.id, name: cohort.name },
    accepting: acceptsResults(cohort.status),
    finalized,
    locked: finalized && !canCorrect,
    maxMb: MAX_EXAM_UPLOAD_BYTES / 1024 / 1024,
    maxRows: MAX_EXAM_UPLOAD_ROWS,
  };
}
