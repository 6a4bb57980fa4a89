import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runInSmallHeap } from '../support/small-heap';

const ROWS = 150_000;

describe('XLSX reading in a small heap', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`reads ${ROWS.toLocaleString('en')} rows in a process limited to a 256 MB heap`, { timeout: 120_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kompeten-xlsx-'));
    const file = path.join(dir, 'registri.xlsx');
    // Written with exceljs's streaming writer (shared strings on, as Excel saves them), so
    // the test's own process does not hold the workbook either.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const sheet = workbook.addWorksheet('Registri');
    sheet.addRow(['NIK Koperasi', 'Nama Koperasi', 'Tanggal Badan Hukum']).commit();
    for (let i = 1; i <= ROWS; i++) {
      const row = sheet.addRow([3_201_000_000 + i, `Koperasi Sejahtera Nomor ${i}`, new Date(Date.UTC(2000, 0, 1 + (i % 9000)))]);
      row.getCell(3).numFmt = 'dd/mm/yyyy';
      row.commit();
    }
    sheet.commit();
    await workbook.commit();

    const { code, stdout, stderr } = await runInSmallHeap(256, 'test/support/read-spreadsheet-worker.ts', [file, String(ROWS)]);
    expect(stderr).not.toMatch(/heap out of memory/);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { format: string; headers: string[]; rowCount: number; lastRow: { rowNumber: number; cells: unknown[] } };
    expect(result.format).toBe('xlsx');
    expect(result.headers).toEqual(['NIK Koperasi', 'Nama Koperasi', 'Tanggal Badan Hukum']);
    expect(result.rowCount).toBe(ROWS);
    expect(result.lastRow).toEqual({
      rowNumber: ROWS + 1,
      cells: [3_201_000_000 + ROWS, `Koperasi Sejahtera Nomor ${ROWS}`, new Date(Date.UTC(2000, 0, 1 + (ROWS % 9000))).toISOString()],
    });
  });
});
