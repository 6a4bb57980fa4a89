import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '~/server/demo-seed';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

/**
 * Every page a demo user can reach from the menu, and the first record linked from each
 * list, renders in the browser with JavaScript on: no error page, no script error, no
 * failed request. Catches what server-side tests cannot (e.g. a server-only value used by
 * a component, which is undefined once the page hydrates).
 */
describe.skipIf(!hasChromium())('every page renders in the browser for every role', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function visit(browser: Browser, path: string, problems: string[]) {
    const before = browser.pageErrors.length;
    const response = await browser.page.goto(`${server.url}${path}`);
    await browser.page.waitForLoadState('networkidle');
    const heading = (await browser.page.locator('h1').first().textContent()) ?? '';
    if (!response || response.status() >= 400) problems.push(`${path}: HTTP ${response?.status()}`);
    if (/Terjadi kesalahan|Something went wrong/.test(heading)) problems.push(`${path}: error page`);
    for (const error of browser.pageErrors.slice(before)) problems.push(`${path}: ${error}`);
  }

  async function menuLinks(browser: Browser): Promise<string[]> {
    return browser.page.locator('nav.main-nav a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  }

  it('for a visitor', async () => {
    const browser = await openBrowser();
    const problems: string[] = [];
    try {
      for (const path of ['/', '/login', '/signup', '/forgot-password']) await visit(browser, path, problems);
      const cohort = await browser.page.goto(`${server.url}/`).then(() => browser.page.locator('main a[href^="/cohorts/"]').first().getAttribute('href'));
      if (cohort) await visit(browser, cohort, problems);
    } finally {
      await browser.close();
    }
    expect(problems).toEqual([]);
  });

  it.each(DEMO_LOGINS.map((l) => [l.role, l.email] as const).filter(([, email]) => email !== 'asesor2@kompeten.test'))(
    'for the %s',
    async (_role, email) => {
      const browser = await openBrowser();
      const problems: string[] = [];
      try {
        await signIn(browser.page, server.url, email);
        const pages = await menuLinks(browser);
        expect(pages.length, `menu of ${email} on ${browser.page.url()}: ${pages.join(', ')}`).toBeGreaterThan(1);
        for (const path of pages) {
          await visit(browser, path, problems);
          // The first record a list links to (a detail page of the same area).
          const detail = await browser.page
            .locator(`main table a[href^="${path}/"], main .card-list a[href^="${path}/"]`)
            .first()
            .getAttribute('href', { timeout: 500 })
            .catch(() => null);
          if (detail) await visit(browser, detail, problems);
        }
      } finally {
        await browser.close();
      }
      expect(problems).toEqual([]);
    },
  );

  it('a signed-in page knows every route at once: a link is followed in the browser, with no route discovery requests', async () => {
    const browser = await openBrowser();
    const documents: string[] = [];
    const discovery: string[] = [];
    browser.page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.resourceType() === 'document') documents.push(url.pathname);
      if (url.pathname === '/__manifest') discovery.push(url.search);
    });
    try {
      await signIn(browser.page, server.url, 'koordinator@kompeten.test');
      await browser.page.goto(`${server.url}/cohorts`);
      await browser.page.waitForLoadState('networkidle');
      const loaded = documents.length;
      // A menu link and then a record's link, followed by the app in the page, not by a new document.
      await browser.page.locator('nav.main-nav a[href="/cooperatives"]').first().click();
      await browser.page.waitForURL(`${server.url}/cooperatives`);
      await expect.poll(() => browser.page.locator('h1').first().textContent()).toMatch(/koperasi/i);
      const cooperative = browser.page.locator('main table a[href^="/cooperatives/"]').first();
      const href = await cooperative.getAttribute('href');
      await cooperative.click();
      await browser.page.waitForURL(`${server.url}${href}`);
      await browser.page.waitForLoadState('networkidle');
      expect(documents.slice(loaded)).toEqual([]);
      expect(discovery).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
