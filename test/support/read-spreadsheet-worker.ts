import { readFile } from 'node:fs/promises';
import { readSpreadsheet } from '~/lib/spreadsheet.server';

/**
 * Reads a spreadsheet file in a process of its own (started with a small heap by the test)
 * and prints what came out: the header, the number of data rows and the last row.
 * Usage: node --max-old-space-size=256 --import tsx test/support/read-spreadsheet-worker.ts <file> <max rows>
 */
const [file, maxRows] = process.argv.slice(2) as [string, string];
const started = performance.now();
const sheet = await readSpreadsheet(await readFile(file), { maxRows: Number(maxRows) });
process.stdout.write(
  JSON.stringify({
    format: sheet.format,
    headers: sheet.headers,
    rowCount: sheet.rows.length,
    lastRow: sheet.rows.at(-1),
    ms: Math.round(performance.now() - started),
    heapMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
  }),
);
