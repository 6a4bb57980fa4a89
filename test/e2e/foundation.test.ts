import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

describe.skipIf(!hasChromium())('the portal in a real browser', () => {
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

  it('opens the home page, switches to English and back, and opens a cohort', async () => {
    const { page } = browser;
    await page.goto(server.url);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    expect(await page.getByRole('heading', { level: 2, name: 'Angkatan pelatihan yang akan datang' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Upcoming training cohorts' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByRole('link', { name: /Angkatan II/ }).click();
    await page.getByRole('heading', { level: 1, name: /Angkatan II/ }).waitFor();
    expect(await page.getByText('Competency exam: Uji kompetensi').isVisible()).toBe(true);
    expect(await page.getByText(/WIB/).first().isVisible()).toBe(true);

    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await page.getByText('Jadwal sesi').waitFor();
    expect(page.url()).toContain('/cohorts/');
    expect(browser.pageErrors).toEqual([]);
  });

  it('works without JavaScript and at 360 px wide', async () => {
    const narrow = await openBrowser({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    try {
      const { page } = narrow;
      await page.goto(server.url);
      await page.getByRole('button', { name: /English/ }).click();
      await page.getByRole('heading', { level: 2, name: 'Upcoming training cohorts' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await signIn(page, server.url, 'koordinator@kompeten.test');
      expect(await page.getByText('Sri Wahyuni').first().isVisible()).toBe(true);
      // The coordinator's long menu folds into "Menu" on a phone, and opens without JavaScript.
      // (This browser switched to English above.)
      expect(await page.getByRole('link', { name: 'Cooperatives', exact: true }).count()).toBe(0);
      await page.locator('summary', { hasText: 'Menu' }).click();
      await page.getByRole('link', { name: 'Cooperatives', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/cooperatives');
      expect(await page.locator('h1').textContent()).toBe('Cooperative registry');
    } finally {
      await narrow.close();
    }
  });

  it('signs a coordinator in and out', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'koordinator@kompeten.test');
    expect(await page.getByRole('status').textContent()).toContain('Sri Wahyuni');
    await page.getByRole('button', { name: /^(Keluar|Sign out)$/ }).click();
    await page.getByRole('link', { name: /^(Masuk|Sign in)$/ }).waitFor();
    expect(browser.pageErrors).toEqual([]);
  });
});
