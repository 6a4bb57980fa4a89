import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runInSmallHeap } from '../support/small-heap';

const ROWS = 100_000;
const COLUMNS = 22;

describe('XLSX writing in a small heap', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`writes ${ROWS.toLocaleString('en')} rows of ${COLUMNS} cells (a national registry export) in a process limited to a 256 MB heap`, { timeout: 180_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kompeten-xlsx-'));
    const file = path.join(dir, 'koperasi.xlsx');
    const { code, stdout, stderr } = await runInSmallHeap(256, 'test/support/write-spreadsheet-worker.ts', [file, String(ROWS), String(COLUMNS)]);
    expect(stderr).not.toMatch(/heap out of memory/);
    expect(code, stderr).toBe(0);
    console.info(`XLSX export of ${ROWS} rows: ${stdout}`);

    // Read back with exceljs's streaming reader: the header, every row, the last one whole.
    let rows = 0;
    let header: unknown[] = [];
    let last: unknown[] = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1);
        if (row.number === 1) header = values;
        else {
          rows += 1;
          last = values;
        }
      }
    }
    expect(header).toEqual(Array.from({ length: COLUMNS }, (_, c) => `Kolom ${c + 1}`));
    expect(rows).toBe(ROWS);
    expect(last.slice(0, 3)).toEqual([String(3_201_000_000_000_000 + ROWS), ROWS, `Koperasi Sejahtera ${ROWS}, kolom 3`]);
    expect(last).toHaveLength(COLUMNS);
  });
});
