import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

/**
 * The attendance matrix on a 360 px phone without JavaScript: the page itself never scrolls
 * sideways; the table scrolls inside its box (by keyboard too) with the names staying in view.
 */
describe.skipIf(!hasChromium())('the attendance matrix on a phone', () => {
  let server: RunningServer;
  let phone: Browser;

  beforeAll(async () => {
    server = await startServer();
    phone = await openBrowser({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    await signIn(phone.page, server.url, 'koordinator@kompeten.test');
  });
  afterAll(async () => {
    await phone?.close();
    await server?.stop();
  });

  it('keeps the page 360 px wide, scrolls the table inside and keeps the names in view', async () => {
    const { page } = phone;
    await page.goto(`${server.url}/cohorts?period=all`);
    await page.getByRole('link', { name: /^Angkatan I \d{4}$/ }).first().click();
    await page.getByRole('link', { name: 'Matriks kehadiran' }).first().click();
    await page.getByRole('heading', { name: /^Matriks kehadiran/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    const region = page.getByRole('region', { name: 'Kehadiran peserta per sesi' });
    const firstName = page.locator('tbody th[scope="row"]').first();
    await firstName.waitFor();
    const before = (await firstName.boundingBox())!;
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await region.evaluate((el) => el.scrollBy({ left: 400 }));
    const after = (await firstName.boundingBox())!;
    expect(Math.abs(after.x - before.x)).toBeLessThan(2);
    expect(await page.getByText('Keterangan').isVisible()).toBe(true);
    expect(phone.pageErrors).toEqual([]);
  });
});
