import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { readSpreadsheet, SpreadsheetError, writeCsv } from '~/lib/spreadsheet.server';

const FORMULAS = ['=HYPERLINK("http://evil.example","klik")', '-2+3+cmd|\' /C calc\'!A0', '+1+1', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];

describe('CSV exports against formula injection', () => {
  it('writes cells that start like a formula as text (leading apostrophe)', () => {
    const csv = writeCsv(['nama'], FORMULAS.map((f) => [f]));
    const lines = csv.replace('\uFEFF', '').split('\r\n');
    for (const line of lines.slice(1, -1)) expect(line.replace(/^"/, '')).toMatch(/^'/);
    expect(csv).not.toMatch(/\r\n=|\r\n\+|\r\n-|\r\n@/);
  });

  it('leaves numbers and ordinary text alone', () => {
    expect(writeCsv(['a', 'b'], [[-2, 'Koperasi Maju']])).toBe('\uFEFFa,b\r\n-2,Koperasi Maju\r\n');
  });

  it('an exported name imports back unchanged, as text', async () => {
    const csv = writeCsv(['nama'], FORMULAS.map((f) => [f]));
    const sheet = await readSpreadsheet(new TextEncoder().encode(csv), { maxRows: 100 });
    expect(sheet.rows.map((r) => r.cells[0])).toEqual(FORMULAS);
  });
});

async function zipOf(entries: { name: string; data: Buffer }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(entry.data, entry.name);
  zip.end();
  const chunks: Buffer[] = [];
  const sink = zip.outputStream.pipe(new PassThrough());
  for await (const chunk of sink) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('XLSX size limits (zip bombs)', () => {
  it('refuses an archive that inflates past the limit, before parsing it, without holding it in memory', async () => {
    // 300 MB of zeros deflates to about 300 KB.
    const bomb = await zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(300 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const error = await readSpreadsheet(bomb, { maxRows: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as SpreadsheetError).problem).toBe('tooLarge');
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);


  it('still reads an ordinary workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['nama', 'jenis']);
    sheet.addRow(['KSP Maju', 'KSP']);
    const data = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const read = await readSpreadsheet(data, { maxRows: 10 });
    expect(read.headers).toEqual(['nama', 'jenis']);
    expect(read.rows[0]!.cells).toEqual(['KSP Maju', 'KSP']);
  });
});
