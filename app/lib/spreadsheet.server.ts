import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import yauzl from 'yauzl';

/**
 * Reading and writing the spreadsheets people exchange with the Dinas: CSV (UTF-8, comma,
 * semicolon or tab separated — Indonesian Excel saves with semicolons) and XLSX.
 * Callers get the header row and the data rows with their row numbers as a spreadsheet
 * program shows them; what the cells mean is the caller's business.
 */

export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based, as the spreadsheet program numbers rows (the header is usually row 1). */
  rowNumber: number;
  cells: Cell[];
}

export interface Sheet {
  format: 'csv' | 'xlsx';
  /** The row number of the first non-blank row, read as the header row. */
  headerRowNumber?: number;
  headers: string[];
  rows: SheetRow[];
}

export type SpreadsheetProblem = 'empty' | 'encoding' | 'unreadable' | 'legacyExcel' | 'tooManyRows' | 'noHeader' | 'tooLarge';

export class SpreadsheetError extends Error {
  override name = 'SpreadsheetError';
  constructor(
    public readonly problem: SpreadsheetProblem,
    detail?: string,
  ) {
    super(detail ? `${problem}: ${detail}` : problem);
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(data: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => data[i] === byte);
}

export function detectFormat(data: Uint8Array): 'csv' | 'xlsx' | 'legacyExcel' {
  if (startsWith(data, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(data, OLE_MAGIC)) return 'legacyExcel';
  return 'csv';
}

/** Reads a CSV or XLSX file (recognised by its content, not its name). */
export async function readSpreadsheet(data: Uint8Array, options: { maxRows: number }): Promise<Sheet> {
  if (data.byteLength === 0) throw new SpreadsheetError('empty');
  const format = detectFormat(data);
  if (format === 'legacyExcel') throw new SpreadsheetError('legacyExcel');
  const sheet = format === 'xlsx' ? await readXlsx(data) : readCsv(data);
  if (sheet.headers.every((h) => h === '')) throw new SpreadsheetError(sheet.rows.length ? 'noHeader' : 'empty');
  if (sheet.rows.length > options.maxRows) throw new SpreadsheetError('tooManyRows', String(sheet.rows.length));
  return sheet;
}

/** Text of a CSV file: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused. */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(data.subarray(2));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    throw new SpreadsheetError('encoding');
  }
  if (looksBinary(text.slice(0, 65_536))) throw new SpreadsheetError('encoding');
  return text;
}

/** Control characters other than tab and line breaks mean a binary file, not text. */
function looksBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) return true;
  }
  return false;
}

/** How far down a CSV file the header line is looked for (title lines above it are common). */
const DELIMITER_SEARCH_LINES = 10;

/**
 * The separator used in the header line: the most frequent of comma, semicolon and tab outside
 * quotes. The header line is the first that separates at least three cells (every import needs
 * three columns or more): a bare title line above it ("DATA KOPERASI KOTA PEKALONGAN TAHUN 2025",
 * or one with a single comma) does not decide. Without such a line, the first line decides — a
 * data line's tab below a one-column header does not.
 */
export function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, DELIMITER_SEARCH_LINES);
  const best = (line: string) => {
    const unquoted = line.replace(/"[^"]*"/g, '');
    const counts = [',', ';', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
    counts.sort((a, b) => b.n - a.n);
    return counts[0]!;
  };
  const header = lines.map(best).find((c) => c.n >= 2);
  if (header) return header.d;
  const first = lines.length ? best(lines[0]!) : null;
  return first && first.n > 0 ? first.d : ',';
}

function readCsv(data: Uint8Array): Sheet {
  const text = decodeText(data);
  if (text.trim() === '') throw new SpreadsheetError('empty');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new SpreadsheetError('unreadable', error instanceof Error ? error.message : String(error));
  }
  const nonBlank = records.filter((r) => r.record.some((cell) => cell.trim() !== ''));
  if (nonBlank.length === 0) throw new SpreadsheetError('empty');
  const [header, ...rest] = nonBlank;
  return {
    format: 'csv',
    headerRowNumber: header!.info.lines,
    headers: header!.record.map((h) => h.trim()),
    rows: rest.map((r) => ({ rowNumber: r.info.lines, cells: r.record.map((c) => (c === '' ? null : unescapeCsvCell(c))) })),
  };
}

type ExcelValue = ExcelJS.CellValue;

/** One cell's value as text, number, boolean or date, whatever Excel wrapped it in. */
export function plainCellValue(value: ExcelValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('') || null;
    if ('formula' in value || 'sharedFormula' in value) return plainCellValue((value as { result?: ExcelValue }).result ?? null);
    if ('text' in value) return plainCellValue((value as { text: ExcelValue }).text);
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value);
}

/**
 * An XLSX file is a ZIP archive, and a small one can inflate to gigabytes (a "zip bomb").
 * Before the workbook is parsed, the archive's directory is read and every entry inflated
 * once as a stream, counting bytes: more than `maxUncompressedBytes` in all (or an entry
 * that inflates to more than it declares — yauzl checks that) refuses the file, holding
 * at most one 16 KiB chunk in memory.
 */
export const XLSX_LIMITS = { maxUncompressedBytes: 200 * 1024 * 1024, maxEntries: 5_000 };

/** yauzl over an archive held in memory, its entries listed one at a time (`readEntry`). */
function openZipBuffer(data: Uint8Array, options: { autoClose?: boolean } = {}): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { lazyEntries: true, ...options }, (error, file) =>
      error ? reject(error) : resolve(file),
    ),
  );
}

export async function assertZipWithinBounds(data: Uint8Array, limits = XLSX_LIMITS): Promise<void> {
  const zip = await openZipBuffer(data).catch((error: Error) => {
    throw new SpreadsheetError('unreadable', error.message);
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new SpreadsheetError('tooLarge', `${zip.entryCount} entries`);
  }
  let declared = 0;
  let inflated = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      zip.close();
      reject(error instanceof SpreadsheetError ? error : new SpreadsheetError('unreadable', error instanceof Error ? error.message : String(error)));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) return fail(new SpreadsheetError('tooLarge', `${declared} bytes declared`));
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        stream.on('data', (chunk: Buffer) => {
          inflated += chunk.length;
          if (inflated > limits.maxUncompressedBytes) {
            stream.destroy();
            fail(new SpreadsheetError('tooLarge', `${inflated} bytes inflated`));
          }
        });
        stream.on('error', fail);
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}

/**
 * The parts of exceljs's own XLSX loader that `readXlsx` drives one row at a time. exceljs's
 * `workbook.xlsx.load` builds every sheet's every row and cell (a 150,000-row registry took more
 * than a 512 MB heap); its streaming `WorkbookReader` reads parts in ZIP order (an Excel file has
 * its shared strings after the sheets, so the sheet goes to a temporary file, and a sheet before
 * styles.xml loses its dates), decodes each inflated chunk on its own (a character split across
 * two chunks comes out as U+FFFD) and parses shared strings and cells with code of its own
 * (no `_x000D_` unescaping, formula errors as NaN, no merged cells). So the loader's xforms are used
 * here directly, on parts taken from the archive in the order they are needed: cells come out as
 * `workbook.xlsx.load` made them, and only the rows' plain values stay in memory.
 */
interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
type SaxEvent = { eventType: 'opentag'; value: SaxNode } | { eventType: 'text'; value: string } | { eventType: 'closetag'; value: SaxNode };
interface StreamXform<T> {
  parseStream(stream: AsyncIterable<string>): Promise<T>;
}
interface RowModel {
  number: number;
}
interface RowXform {
  parseOpen(node: SaxNode): boolean;
  parseText(text: string): void;
  parseClose(name: string): boolean;
  model: RowModel;
  reconcile(model: RowModel, options: object): void;
}
interface ExcelRow {
  model: RowModel;
  values: ExcelValue[];
}
interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
  intersects(other: MergeRange): boolean;
}
interface WorkbookModel {
  sheets?: { id: number; name: string; rId: string; state?: string }[];
  properties?: { date1904?: boolean };
}
// exceljs's own loader classes, by path: package.json pins exceljs to the exact version these
// paths were read from (4.4.0); test/unit/spreadsheet*.test.ts fail if an upgrade moves them.
const requireExcelJs = createRequire(import.meta.url);
const excelJsInternals = {
  WorkbookXform: requireExcelJs('exceljs/lib/xlsx/xform/book/workbook-xform.js') as new () => StreamXform<WorkbookModel>,
  RelationshipsXform: requireExcelJs('exceljs/lib/xlsx/xform/core/relationships-xform.js') as new () => StreamXform<
    { Id: string; Target: string }[]
  >,
  StylesXform: requireExcelJs('exceljs/lib/xlsx/xform/style/styles-xform.js') as new () => StreamXform<unknown>,
  SharedStringsXform: requireExcelJs('exceljs/lib/xlsx/xform/strings/shared-strings-xform.js') as new () => StreamXform<unknown>,
  RowXform: requireExcelJs('exceljs/lib/xlsx/xform/sheet/row-xform.js') as new (options?: object) => RowXform,
  Row: requireExcelJs('exceljs/lib/doc/row.js') as new (worksheet: unknown, rowNumber: number) => ExcelRow,
  Range: requireExcelJs('exceljs/lib/doc/range.js') as new (refs: string[]) => MergeRange,
  /** Stands in for the worksheet a Row's cells take their column from. */
  WorksheetReader: requireExcelJs('exceljs/lib/stream/xlsx/worksheet-reader.js') as new (options: object) => unknown,
  parseSax: requireExcelJs('exceljs/lib/utils/parse-sax.js') as (stream: AsyncIterable<string>) => AsyncIterable<SaxEvent[]>,
};

/** The entries of a ZIP archive held in memory, each read (inflated) on demand as UTF-8 text. */
async function openZipEntries(data: Uint8Array): Promise<{ entries: Map<string, yauzl.Entry>; text: (entry: yauzl.Entry) => Promise<AsyncIterable<string>>; close: () => void }> {
  const zip = await openZipBuffer(data, { autoClose: false });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName.replace(/^\//, ''), entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
  const text = (entry: yauzl.Entry) =>
    new Promise<AsyncIterable<string>>((resolve, reject) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        // One decoder for the whole entry: a character split between two chunks stays whole.
        stream.setEncoding('utf8');
        resolve(stream as AsyncIterable<string>);
      }),
    );
  return { entries, text, close: () => zip.close() };
}

const WORKSHEET_ENTRY = /xl\/worksheets\/sheet(\d+)[.]xml/;

/**
 * The workbook's worksheets in the order `workbook.worksheets` gives them after
 * `workbook.xlsx.load`: the sheets of xl/workbook.xml whose relationship leads to a
 * xl/worksheets/sheetN.xml entry, one per sheet id (the last wins), ordered as listed.
 */
function worksheetsInOrder(model: WorkbookModel, rels: { Id: string; Target: string }[], entries: Map<string, yauzl.Entry>) {
  const relById = new Map(rels.map((rel) => [rel.Id, rel]));
  const sheets = model.sheets ?? [];
  const byId = new Map<number, { entry: yauzl.Entry; state?: string; orderNo: number }>();
  for (const sheet of sheets) {
    const rel = relById.get(sheet.rId);
    if (!rel) continue;
    const path = `xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`;
    const entry = entries.get(path);
    if (!entry || !WORKSHEET_ENTRY.test(path)) continue;
    if (!Number.isInteger(sheet.id) || sheet.id < 1) continue;
    byId.set(sheet.id, { entry, state: sheet.state, orderNo: sheets.findIndex((s) => s.id === sheet.id) });
  }
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([, ws]) => ws).sort((a, b) => a.orderNo - b.orderNo);
}

/**
 * One worksheet's rows that have a value (a cell that is not empty, or part of a merged range),
 * by row number, each as `row.values` after `workbook.xlsx.load` turned into plain cells:
 * cells of a merged range carry its top-left cell's value, as exceljs's merge cells do.
 */
async function readWorksheetRows(xml: AsyncIterable<string>, options: { styles: unknown; sharedStrings: unknown; date1904?: boolean }): Promise<Cell[][]> {
  const { RowXform, Row, Range, WorksheetReader, parseSax } = excelJsInternals;
  const reconcileOptions = { ...options, hyperlinkMap: {}, commentsMap: {}, formulae: {} };
  const columns = new WorksheetReader({ workbook: {}, id: 1, iterator: null, options: {} });
  const rowXform = new RowXform();
  const rows: Cell[][] = [];
  const merges: string[] = [];
  let inSheetData = false;
  let inRow = false;
  let inMergeCells = false;
  for await (const events of parseSax(xml)) {
    for (const event of events) {
      if (inRow) {
        if (event.eventType === 'opentag') rowXform.parseOpen(event.value);
        else if (event.eventType === 'text') rowXform.parseText(event.value);
        else if (!rowXform.parseClose(event.value.name)) {
          inRow = false;
          const model = rowXform.model;
          rowXform.reconcile(model, reconcileOptions);
          const row = new Row(columns, model.number);
          row.model = model;
          // Rows without a proper number are dropped, as Worksheet's `_rows[number - 1]` does.
          if (!Number.isInteger(model.number) || model.number < 1) continue;
          const values = row.values;
          const cells: Cell[] = [];
          for (let i = 1; i < values.length; i++) cells.push(plainCellValue(values[i]));
          if (cells.length) rows[model.number] = cells;
          else delete rows[model.number];
        }
      } else if (event.eventType === 'opentag') {
        const { name } = event.value;
        if (name === 'sheetData') inSheetData = true;
        else if (name === 'row' && inSheetData) inRow = rowXform.parseOpen(event.value);
        else if (name === 'mergeCells') inMergeCells = true;
        else if (name === 'mergeCell' && inMergeCells && event.value.attributes.ref !== undefined) merges.push(event.value.attributes.ref);
      } else if (event.eventType === 'closetag') {
        if (event.value.name === 'sheetData') inSheetData = false;
        else if (event.value.name === 'mergeCells') inMergeCells = false;
      }
    }
  }
  const ranges: MergeRange[] = [];
  for (const ref of merges) {
    const range = new Range([ref]);
    if (ranges.some((merged) => merged.intersects(range))) throw new Error('Cannot merge already merged cells');
    ranges.push(range);
    const master = rows[range.top]?.[range.left - 1] ?? null;
    for (let r = range.top; r <= range.bottom; r++) {
      for (let c = range.left; c <= range.right; c++) {
        if (r === range.top && c === range.left) continue;
        const cells = (rows[r] ??= []);
        while (cells.length < c) cells.push(null);
        cells[c - 1] = master;
      }
    }
  }
  return rows;
}

async function readXlsx(data: Uint8Array): Promise<Sheet> {
  await assertZipWithinBounds(data);
  let rows: Cell[][] | undefined;
  try {
    const zip = await openZipEntries(data);
    try {
      /** A part parsed by its xform (exceljs keeps styles and shared strings as the xform itself), if the archive has it. */
      const parse = async <T>(path: string, xform: StreamXform<T>): Promise<T | undefined> => {
        const entry = zip.entries.get(path);
        return entry ? xform.parseStream(await zip.text(entry)) : undefined;
      };
      const { WorkbookXform, RelationshipsXform, StylesXform, SharedStringsXform } = excelJsInternals;
      const workbook = (await parse('xl/workbook.xml', new WorkbookXform())) ?? {};
      const rels = (await parse('xl/_rels/workbook.xml.rels', new RelationshipsXform())) ?? [];
      const styles = new StylesXform();
      const sharedStrings = new SharedStringsXform();
      const options = {
        styles: zip.entries.has('xl/styles.xml') ? (await parse('xl/styles.xml', styles), styles) : undefined,
        sharedStrings: zip.entries.has('xl/sharedStrings.xml') ? (await parse('xl/sharedStrings.xml', sharedStrings), sharedStrings) : undefined,
        date1904: workbook.properties?.date1904,
      };
      // The first sheet that is not hidden and has a row with a value (`actualRowCount > 0`).
      for (const worksheet of worksheetsInOrder(workbook, rels, zip.entries)) {
        if (worksheet.state === 'hidden') continue;
        const sheetRows = await readWorksheetRows(await zip.text(worksheet.entry), options);
        if (sheetRows.some(() => true)) {
          rows = sheetRows;
          break;
        }
      }
    } finally {
      zip.close();
    }
  } catch (error) {
    throw new SpreadsheetError('unreadable', error instanceof Error ? error.message : String(error));
  }
  if (!rows) throw new SpreadsheetError('empty');
  const nonBlank: SheetRow[] = [];
  rows.forEach((cells, rowNumber) => {
    if (cells.some((c) => c !== null && !(typeof c === 'string' && c.trim() === ''))) nonBlank.push({ rowNumber, cells });
  });
  if (nonBlank.length === 0) throw new SpreadsheetError('empty');
  const [header, ...rest] = nonBlank;
  return {
    format: 'xlsx',
    headerRowNumber: header!.rowNumber,
    headers: header!.cells.map((c) => (c === null ? '' : String(c).trim())),
    rows: rest,
  };
}

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or CR before one) as
 * a formula: text that starts so is written with a leading apostrophe, which Excel and
 * LibreOffice show as text (OWASP's advice on CSV injection). `readCsv` takes it off again,
 * so an exported file imports back unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvCell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'string' && FORMULA_START.test(value)) return `'${value}`;
  return value;
}

export function unescapeCsvCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** CSV for download: UTF-8 with a BOM (so Excel reads it as UTF-8), comma separated, CRLF, formulas defused. */
export function writeCsv(headers: string[], rows: (string | number | null)[][]): string {
  return '\uFEFF' + stringify([headers.map(escapeCsvCell), ...rows.map((r) => r.map(escapeCsvCell))], { record_delimiter: 'windows' });
}

export interface XlsxColumn {
  header: string;
  width?: number;
  /** Keep as text (16-digit numbers would lose their last digit in Excel otherwise). */
  text?: boolean;
}

/**
 * An XLSX workbook with one sheet: a bold, frozen header row and the rows below it.
 * Written with exceljs's streaming writer, each row committed as it is added: building
 * the whole workbook model first took more than the server's 512 MB heap for a national
 * registry (150,000 rows), where this holds only the compressed file.
 */
export async function writeXlsx(sheetName: string, columns: XlsxColumn[], rows: Iterable<(string | number | null)[]>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Kompeten';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(12, c.header.length + 2),
    style: c.text ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
