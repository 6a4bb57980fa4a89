import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = () => existsSync(chromiumPath);

/** Debian's Chromium, headless, offline, with a fresh profile folder each time. */
export async function openBrowser(options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: options.viewport ?? { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: 'id-ID',
  });
  const pageErrors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() < 400 || response.request().resourceType() === 'document') return;
      // A form refused with its errors answers 400 (or 409 beside a button, 429 when rate-limited) by design.
      if (response.request().method() === 'POST' && [400, 409, 429].includes(response.status())) return;
      pageErrors.push(`${response.status()} ${response.url()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    /** Errors the pages printed or threw: a test asserts this is empty. */
    pageErrors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export type Browser = Awaited<ReturnType<typeof openBrowser>>;
export type { BrowserContext, Page };

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, baseUrl: string, email: string, password = 'Kompeten2026!') {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/kata sandi|password/i).fill(password);
  await page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  // The signed-in shell (the user's name in the header) has rendered.
  await page.locator('.user-name').waitFor();
}
