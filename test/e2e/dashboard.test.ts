import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, DEFAULT_TIME_ZONE, todayIn } from '~/lib/dates';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

/**
 * The Pekalongan coordinator opens the dashboard from the menu and reads the demo's past cohort: the figures, the per-cohort row and the SVG charts,
 * which are drawn by the server (they show with JavaScript off as well).
 */
describe.skipIf(!hasChromium())('the dashboard in the browser', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-e2e-dashboard-'));
    server = await startServer({ DATA_DIR: dataDir });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the demo coordinator opens it from the menu and sees the figures and the charts', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'koordinator@kompeten.test');
    await page.getByRole('link', { name: 'Dasbor' }).first().click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByRole('heading', { level: 1, name: 'Dasbor pelatihan' }).waitFor();

    // A year back from today holds the demo's completed cohort, whatever the date.
    const today = todayIn(DEFAULT_TIME_ZONE);
    const from = addDays(today, -365).split('-').reverse().join('-');
    await page.getByLabel('Rentang tanggal').check();
    await page.getByLabel('Dari tanggal').fill(from);
    await page.getByLabel('Sampai tanggal').fill(today.split('-').reverse().join('-'));
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.waitForURL(/period=custom/);
    await page.getByText(/^Periode: /).waitFor();

    const cohorts = Number((await page.locator('[data-figure="cohorts"] .figure-value').textContent())?.replace(/\D/g, ''));
    const participants = Number((await page.locator('[data-figure="participants"] .figure-value').textContent())?.replace(/\D/g, ''));
    expect(cohorts).toBeGreaterThanOrEqual(1);
    expect(participants).toBeGreaterThan(0);
    expect(await page.locator('[data-figure="competentRate"] .figure-value').textContent()).toMatch(/^\d+(,\d)? %$/);
    expect(await page.locator('#cohort-figures tbody tr').count()).toBe(cohorts);

    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(2);
    expect(await page.getByRole('img', { name: 'Peserta per bulan' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Tingkat kompeten per bulan' }).count()).toBe(1);
    expect(await page.locator('svg.bar-chart rect').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole('table', { name: 'Per bulan' }).count()).toBe(1);
  });

  it('on a phone without JavaScript: from the menu, the figures and charts, the tables scroll inside the page', async () => {
    const phone = await openBrowser({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const { page } = phone;
      await signIn(page, server.url, 'koordinator@kompeten.test');
      await page.locator('details.nav-compact summary').click();
      await page.locator('details.nav-compact').getByRole('link', { name: 'Dasbor' }).click();
      await page.waitForURL(/\/dashboard$/);
      await page.getByRole('heading', { level: 1, name: 'Dasbor pelatihan' }).waitFor();
      expect(await page.locator('svg[role="img"]').count()).toBe(2);
      // Nothing wider than the screen: the page does not scroll sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByRole('link', { name: 'Buka cakupan koperasi' }).click();
      await page.waitForURL(/\/dashboard\/coverage$/);
      await page.getByRole('heading', { level: 1 }).waitFor();
    } finally {
      await phone.close();
    }
  });

  it('the platform operator opens every Dinas side by side on a phone without JavaScript', async () => {
    const phone = await openBrowser({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const { page } = phone;
      await signIn(page, server.url, 'operator@kompeten.test');
      await page.locator('details.nav-compact summary').click();
      await page.locator('details.nav-compact').getByRole('link', { name: 'Angka seluruh Dinas' }).click();
      await page.waitForURL(/\/platform\/dashboard$/);
      await page.getByRole('heading', { level: 1, name: 'Angka seluruh Dinas' }).waitFor();
      // One row per demo Dinas, the total under them.
      const rows = page.locator('table.stack-table tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(2);
      const names = await rows.locator('td.stack-title').allTextContents();
      expect(names.some((n) => n.includes('Kota Pekalongan'))).toBe(true);
      expect(names.some((n) => n.includes('Kota Malang'))).toBe(true);
      expect(await page.locator('table.stack-table tfoot').textContent()).toMatch(/Semua Dinas \(\d+\)/);
      expect(await page.getByRole('img', { name: 'Tingkat kompeten per Dinas' }).count()).toBe(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // Sorting is a link: it works without JavaScript.
      await page.getByRole('link', { name: 'Peserta', exact: true }).click();
      await page.waitForURL(/sort=participants/);
      await page.getByRole('heading', { level: 1, name: 'Angka seluruh Dinas' }).waitFor();
    } finally {
      await phone.close();
    }
  });
});
