import { writeFile } from 'node:fs/promises';
import { writeXlsx } from '~/lib/spreadsheet.server';

/**
 * Writes an XLSX file of a national registry's size in a process of its own (started with
 * a small heap by the test): `rows` rows of `columns` cells, made as they are written.
 * Usage: node --max-old-space-size=256 --import tsx test/support/write-spreadsheet-worker.ts <file> <rows> <columns>
 */
const [file, rowCount, columnCount] = process.argv.slice(2) as [string, string, string];
const columns = Array.from({ length: Number(columnCount) }, (_, c) => ({ header: `Kolom ${c + 1}`, text: c === 0 }));

function* registryRows(rows: number, width: number): Generator<(string | number | null)[]> {
  for (let r = 1; r <= rows; r++) {
    yield Array.from({ length: width }, (_, c) => (c === 0 ? String(3_201_000_000_000_000 + r) : c === 1 ? r : `Koperasi Sejahtera ${r}, kolom ${c + 1}`));
  }
}

const started = performance.now();
const body = await writeXlsx('Koperasi', columns, registryRows(Number(rowCount), columns.length));
await writeFile(file, body);
process.stdout.write(JSON.stringify({ bytes: body.length, ms: Math.round(performance.now() - started), heapMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024) }));
