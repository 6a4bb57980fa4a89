import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser, type Page } from './support/browser';

/**
 * The page has hydrated and the app is not loading anything: a click now is handled by
 * the app (not by the browser before hydration, racing the app's own navigation).
 */
async function settled(page: Page) {
  await page.waitForFunction(() => {
    type RouterState = { initialized: boolean; navigation: { state: string }; revalidation: string };
    const router = (window as unknown as { __remixRouter?: { state: RouterState } }).__remixRouter;
    const hydrated = [...document.querySelectorAll('a, button')].some((el) => Object.keys(el).some((key) => key.startsWith('__reactProps')));
    return !!router && hydrated && router.state.initialized && router.state.navigation.state === 'idle' && router.state.revalidation === 'idle';
  });
}

async function registryWorkbook(secondType: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Koperasi');
  sheet.columns = [
    { header: 'nomor_induk_koperasi', width: 22, style: { numFmt: '@' } },
    { header: 'nama_koperasi', width: 30 },
    { header: 'jenis', width: 12 },
    { header: 'kelurahan', width: 14 },
    { header: 'kecamatan', width: 20 },
  ];
  sheet.addRow(['3375039900000001', 'KSP Uji Peramban', 'KSP', 'Krapyak', 'Pekalongan Utara']);
  sheet.addRow(['3375039900000002', 'KSPPS Uji Peramban Syariah', secondType, 'Degayu', 'Pekalongan Utara']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.skipIf(!hasChromium())('cooperatives in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a coordinator imports an XLSX registry, sees the row and column of an error, fixes it and imports again', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'koordinator@kompeten.test');
    await settled(page);
    await page.getByRole('link', { name: 'Koperasi', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Registri koperasi' }).waitFor();
    await settled(page);
    await page.getByRole('link', { name: 'Impor dari Excel/CSV' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impor dari Excel atau CSV' }).waitFor();
    await settled(page);

    await page.getByLabel('Berkas').setInputFiles({ name: 'registri.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await registryWorkbook('Bank Syariah') });
    await page.getByRole('button', { name: 'Unggah dan periksa' }).click();
    await page.getByText('Berkas ini memiliki kesalahan').waitFor();
    await settled(page);
    const errorRow = page.locator('table.import-issues tbody tr').first();
    expect(await errorRow.locator('td').allTextContents()).toEqual(['3', 'jenis', expect.stringContaining('Jenis koperasi tidak dikenal'), 'Bank Syariah']);
    expect(await page.getByRole('button', { name: /Konfirmasi/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'Unggah berkas lain' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impor dari Excel atau CSV' }).waitFor();
    await settled(page);
    await page.getByLabel('Berkas').setInputFiles({ name: 'registri.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await registryWorkbook('KSPPS') });
    await page.getByRole('button', { name: 'Unggah dan periksa' }).click();
    await page.getByTestId('summary-created').waitFor();
    expect(await page.getByTestId('summary-created').textContent()).toBe('2');
    await settled(page);
    await page.getByRole('button', { name: 'Konfirmasi dan simpan 2 baris' }).click();
    // On a busy machine the commit outlasts the action's wait: the progress page polls until it is done.
    await page.getByRole('heading', { level: 1, name: 'Impor selesai' }).waitFor({ timeout: 60_000 });
    await settled(page);

    await page.getByRole('link', { name: 'Ke registri koperasi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registri koperasi' }).waitFor();
    await settled(page);
    await page.getByLabel('Cari').fill('uji peramban');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.getByRole('link', { name: 'KSPPS Uji Peramban Syariah' }).waitFor();
    await settled(page);
    await page.getByRole('link', { name: 'KSPPS Uji Peramban Syariah' }).click();
    await page.getByRole('heading', { level: 1, name: 'KSPPS Uji Peramban Syariah' }).waitFor();
    expect(await page.getByText('3375039900000002', { exact: true }).isVisible()).toBe(true);
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);

  it('a cooperative admin adds a person to their own roster, offered by NIK', async () => {
    const admin = await openBrowser();
    try {
      const { page } = admin;
      await signIn(page, server.url, 'koperasi@kompeten.test');
      await settled(page);
      await page.getByRole('link', { name: 'Daftar pengurus & karyawan' }).click();
      await page.getByRole('heading', { level: 1, name: /Pengurus & karyawan/ }).waitFor();
      await settled(page);
      expect(await page.locator('td code').first().textContent()).toMatch(/^\d{4}\*{8}\d{4}$/);
      await page.getByLabel('NIK').fill('3375016607910009');
      await page.getByRole('button', { name: 'Cari NIK' }).click();
      await page.getByText('NIK ini belum terdaftar').waitFor();
      await settled(page);
      await page.getByLabel('Nama lengkap (sesuai KTP)').fill('Sari Peramban');
      await page.getByLabel('Tanggal lahir (sesuai KTP)').fill('26-07-1991');
      await page.getByRole('combobox', { name: 'Jabatan' }).fill('Teller');
      await page.getByRole('button', { name: 'Simpan ke daftar' }).click();
      await page.getByText('Sari Peramban ditambahkan sebagai Teller.').waitFor();
      expect(await page.getByRole('cell', { name: 'Sari Peramban', exact: true }).isVisible()).toBe(true);
      expect(admin.pageErrors).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('shows the public roster page at 360 px without JavaScript, and without personal data', async () => {
    const narrow = await openBrowser({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    try {
      const { page } = narrow;
      await page.goto(`${server.url}/koperasi/ksp-batik-makmur`);
      await page.getByRole('heading', { level: 1, name: 'KSP Batik Makmur' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Pengurus dan karyawan' }).waitFor();
      expect(await page.locator('.staff-card').count()).toBeGreaterThan(2);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/\d{16}/);
      expect(text).not.toMatch(/@contoh\.test/);
      expect(text).not.toMatch(/08\d{9,}/);

      // The registry is usable at 360 px too.
      await page.goto(`${server.url}/login`);
      await page.getByLabel(/e-mail/i).fill('koordinator@kompeten.test');
      await page.getByLabel(/kata sandi/i).fill('Kompeten2026!');
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.goto(`${server.url}/cooperatives?q=medono`);
      await page.getByRole('heading', { level: 1, name: 'Registri koperasi' }).waitFor();
      const registryOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(registryOverflow).toBeLessThanOrEqual(0);
    } finally {
      await narrow.close();
    }
  });
});
