import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfig } from '~/lib/config.server';
import { openPGlite } from '~/lib/db.server';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { examCohort } from '../support/assessment-fixtures';
import { demoIds } from '../support/cohorts-fixtures';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

/**
 * The other way in: an assessor downloads the template from the grid, fills it in a
 * spreadsheet program (exceljs here), uploads it, reads the preview and saves; the grid then
 * shows the results.
 */
describe.skipIf(!hasChromium())('exam results by file upload', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let cohortId = '';
  let ineligibleId = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-e2e-exam-upload-'));
    setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir }));
    const handle = await openPGlite({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await seedDemoData(handle.db);
      const c = await examCohort(handle.db, await demoIds(handle.db), { participants: 3 });
      cohortId = c.cohortId;
      ineligibleId = c.ineligibleId;
    } finally {
      await handle.close();
    }
    server = await startServer({ DATA_DIR: dataDir, SEED: 'none' });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('downloads the template, uploads it filled, sees the preview and saves', async () => {
    const { page, context } = browser;
    await signIn(page, server.url, 'asesor1@kompeten.test');
    await page.goto(`${server.url}/cohorts/${cohortId}/exam`);
    await page.getByRole('link', { name: 'Unggah dari berkas CSV/XLSX' }).click();
    await page.getByRole('heading', { level: 1, name: /Unggah hasil uji dari berkas/ }).waitFor();
    const href = await page.getByRole('link', { name: 'Templat XLSX' }).getAttribute('href');
    const download = await context.request.get(`${server.url}${href}`);
    expect(download.status()).toBe(200);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download.body()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const unitCols = headers.map((h, i) => (h.startsWith('K.') ? i + 1 : 0)).filter(Boolean);
    const col = (name: string) => headers.indexOf(name) + 1;
    for (const n of [2, 3, 4]) {
      const r = sheet.getRow(n);
      if (r.getCell(2).value === ineligibleId) r.getCell(col('Tidak hadir')).value = 'ya';
      else unitCols.forEach((k) => (r.getCell(k).value = 'K'));
      r.getCell(col('Asesor (e-mail atau No. Reg.)')).value = r.getCell(2).value === ineligibleId ? null : 'asesor1@kompeten.test';
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.getByLabel('Berkas hasil uji (XLSX atau CSV)').setInputFiles({ name: 'hasil.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await page.getByRole('heading', { name: 'Pratinjau: hasil.xlsx' }).waitFor();
    expect(await page.getByRole('table', { name: 'Hasil yang akan disimpan' }).locator('tbody tr').count()).toBe(3);
    await page.getByRole('button', { name: 'Simpan hasil 3 peserta' }).click();
    await page.locator('.toast', { hasText: 'Hasil dari berkas disimpan (3 peserta).' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /Hasil uji kompetensi/ }).waitFor();
    const outcomes = await page.locator('table.exam-grid tbody tr').locator(`td:nth-child(${unitCols.length + 3})`).allTextContents();
    expect(outcomes.sort()).toEqual(['Kompeten (K)', 'Kompeten (K)', 'Tidak hadir ujian']);
    expect(browser.pageErrors).toEqual([]);
  });
});
