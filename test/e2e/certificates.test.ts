import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfig } from '~/lib/config.server';
import { openPGlite } from '~/lib/db.server';
import { finalizeExamResults } from '~/domain/assessment/finalize.server';
import { saveExamResults } from '~/domain/assessment/grid.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { examCohort, row } from '../support/assessment-fixtures';
import { actorFor, demoIds, participantFor } from '../support/cohorts-fixtures';
import { startServer, type RunningServer } from '../support/server-process';
import { unzip } from '../support/zip';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

/**
 * The story in a real browser: the coordinator issues a completed cohort's
 * certificates with one button; the participant finds theirs on "my cohorts" and opens the
 * public verification page, which reads well at 360 px and links to the cooperative's roster.
 */
describe.skipIf(!hasChromium())('certificates in the browser', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let cohortId = '';
  let participantEmail = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-e2e-cert-'));
    setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir }));
    const handle = await openPGlite({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await seedDemoData(handle.db);
      const c = await examCohort(handle.db, await demoIds(handle.db), { participants: 3 });
      cohortId = c.cohortId;
      const assessor = await actorFor(handle.db, 'asesor1@kompeten.test');
      const rows = c.enrollmentIds.map((id) =>
        id === c.ineligibleId ? { enrollmentId: id, absent: true } : row(id, c.unitIds, 'K', { assessorUserId: assessor.userId, examDate: '20-11-2026', venue: 'TUK' }),
      );
      await saveExamResults(handle.db, assessor, { cohortId, ...ResultGridSchema.parse({ rows }) });
      await finalizeExamResults(handle.db, await actorFor(handle.db, 'lsp@kompeten.test'), { cohortId });
      participantEmail = (await participantFor(handle.db, c.personIds[0]!)).email;
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

  it('the coordinator issues them with one button and sees the count', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'koordinator@kompeten.test');
    await page.goto(`${server.url}/cohorts/${cohortId}/manage`);
    await page.getByRole('button', { name: 'Terbitkan sertifikat' }).click();
    await page.locator('.toast', { hasText: 'Sertifikat diterbitkan: 2 pelatihan, 2 kompetensi (0 sudah ada sebelumnya).' }).waitFor();
    await page.getByText('4 sertifikat telah diterbitkan untuk angkatan ini.').waitFor();
    expect(browser.pageErrors).toEqual([]);
  });

  it('the coordinator downloads the cohort’s ZIP, drawn by the server’s PDF workers: every PDF whole, named and scannable', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/cohorts/${cohortId}/manage`);
    const href = await page.locator('a[href$="/certificates.zip"]').first().getAttribute('href');
    expect(href).toBe(`/cohorts/${cohortId}/certificates.zip`);
    const response = await page.request.get(`${server.url}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/zip');
    const entries = await unzip(await response.body());
    expect(entries).toHaveLength(4);
    const tools = ['qpdf', 'pdftotext', 'pdftoppm', 'zbarimg'].filter((tool) => spawnSync('which', [tool]).status === 0);
    for (const [index, entry] of entries.entries()) {
      expect(entry.content.subarray(0, 5).toString()).toBe('%PDF-');
      if (tools.length < 4) continue;
      const file = path.join(dataDir, `zip-${index}.pdf`);
      writeFileSync(file, entry.content);
      expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
      expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }), entry.name).toMatch(/SERTIFIKAT (KOMPETENSI|PELATIHAN)/);
      execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, path.join(dataDir, `zip-${index}`)]);
      const url = execFileSync('zbarimg', ['-q', '--raw', path.join(dataDir, `zip-${index}.png`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      expect(url.startsWith(`${server.url}/verify/`), url).toBe(true);
      expect((await page.request.get(url)).status()).toBe(200);
      // The files the verification page promises, from the real server (its Express adapter, not a test harness).
      const pdf = await page.request.get(`${url}.pdf`);
      expect(pdf.status(), `${url}.pdf`).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      const json = await page.request.get(`${url}.json`);
      expect(json.status(), `${url}.json`).toBe(200);
      expect(((await json.json()) as { verifyUrl: string }).verifyUrl).toBe(url);
    }
    if (tools.length < 4) console.warn(`ZIP entries not read back: ${['qpdf', 'pdftotext', 'pdftoppm', 'zbarimg'].filter((t) => !tools.includes(t)).join(', ')} not installed`);
  });

  it('the participant opens their certificate\'s verification page, readable at 360 px', async () => {
    const { page } = browser;
    await page.context().clearCookies();
    await signIn(page, server.url, participantEmail);
    await page.goto(`${server.url}/my/cohorts`);
    await page.getByRole('link', { name: 'Halaman verifikasi' }).first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.locator('.verify-status').textContent()).toContain('Berlaku');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')].filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => `${e.tagName}.${e.className}`).slice(0, 8),
    );
    // (the units table scrolls inside its own frame)
    expect(wide, 'elements wider than the screen').toEqual([]);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: /KSP Uji/ }).click();
    await page.waitForURL(/\/koperasi\//);
    expect(browser.pageErrors).toEqual([]);
  });
});
