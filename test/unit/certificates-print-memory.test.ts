import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInSmallHeap } from '../support/small-heap';

/**
 * A cohort's certificates printed as one PDF hold one certificate in memory at a time:
 * with every page kept to the end, 1,000 of them ran out of the server's 512 MB heap.
 */
const CERTIFICATES = 1000;
const TOOLS = ['qpdf', 'pdfinfo', 'pdftotext'] as const;
const missing = TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0);
if (missing.length) console.warn(`certificate print memory test skipped: ${missing.join(', ')} not installed`);

describe.skipIf(missing.length > 0)('printing a large cohort as one PDF', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`prints ${CERTIFICATES.toLocaleString('en')} certificates in a process limited to a 128 MB heap, each image embedded once`, { timeout: 180_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kompeten-print-'));
    const file = path.join(dir, 'semua.pdf');
    const { code, stdout, stderr } = await runInSmallHeap(128, 'test/support/print-certificates-worker.ts', [file, String(CERTIFICATES)]);
    expect(stderr).not.toMatch(/heap out of memory/);
    expect(code, stderr).toBe(0);
    console.info(`one PDF of ${CERTIFICATES} certificates: ${stdout}`);

    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).toContain('No syntax or stream encoding errors');
    // Two pages each: the certificate and its units.
    expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])).toBe(2 * CERTIFICATES);
    // The first and the last certificate (pdftotext reads all 2,000 pages in about 30 s).
    const page = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(page(1)).toContain('Siti Nur’aini Peserta 1\n');
    expect(page(2 * CERTIFICATES - 1)).toContain(`Siti Nur’aini Peserta ${CERTIFICATES}\n`);
    // The logo and the signature, once each for the whole document (pdfkit writes object dictionaries uncompressed).
    expect((await readFile(file)).toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(2);
  });
});
