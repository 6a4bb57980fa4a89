import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfig } from '~/lib/config.server';
import { openPGlite } from '~/lib/db.server';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { examCohort } from '../support/assessment-fixtures';
import { demoIds, participantFor } from '../support/cohorts-fixtures';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

/**
 * The story in a real browser: an assessor of the LSP enters a finished cohort's
 * results on the grid from the keyboard and saves the draft; the participant sees nothing
 * yet; the certification admin finalizes; the participant then sees their result.
 */
describe.skipIf(!hasChromium())('exam results on the grid', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let cohortId = '';
  let participantEmail = '';
  let unitCount = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-e2e-exam-'));
    setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir }));
    const handle = await openPGlite({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await seedDemoData(handle.db);
      // A finished cohort of three: two attended every day, the third missed one.
      const c = await examCohort(handle.db, await demoIds(handle.db), { participants: 3 });
      cohortId = c.cohortId;
      unitCount = c.unitIds.length;
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

  it('an assessor enters every unit from the keyboard, marks the ineligible one absent, and saves the draft', async () => {
    const { page } = browser;
    await signIn(page, server.url, 'asesor1@kompeten.test');
    await page.goto(`${server.url}/cohorts/${cohortId}/exam`);
    await page.getByRole('heading', { level: 1, name: /Hasil uji kompetensi/ }).waitFor();
    const rows = page.locator('table.exam-grid tbody tr');
    expect(await rows.count()).toBe(3);
    // Row by row: "k" in each cell, Tab to the next.
    for (let r = 0; r < 2; r++) {
      await rows.nth(r).locator('select.cell-select').first().focus();
      for (let j = 0; j < unitCount; j++) {
        await page.keyboard.press('k');
        await page.keyboard.press('Tab');
      }
      await rows.nth(r).locator('select[name$="assessorUserId"]').selectOption({ label: 'Dra. Endang Lestari (MET.000.004515 2019)' });
    }
    // One BK for the second participant.
    await rows.nth(1).locator('select.cell-select').nth(1).focus();
    await page.keyboard.press('b');
    const ineligible = rows.nth(2);
    expect(await ineligible.getByText('tidak memenuhi syarat kehadiran').isVisible()).toBe(true);
    await ineligible.locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.locator('.toast', { hasText: 'Hasil disimpan (3 peserta diubah).' }).waitFor();
    const outcomes = await rows.locator('td:nth-child(' + (unitCount + 3) + ')').allTextContents();
    expect(outcomes).toEqual(['Kompeten (K)', 'Belum kompeten (BK)', 'Tidak hadir ujian']);
    expect(browser.pageErrors).toEqual([]);
  });

  it('the participant sees no result before it is final, the certification admin finalizes, then the participant sees it', async () => {
    const participant = await openBrowser({ viewport: { width: 360, height: 740 } });
    try {
      await signIn(participant.page, server.url, participantEmail);
      await participant.page.goto(`${server.url}/my/cohorts`);
      expect(await participant.page.getByRole('heading', { name: 'Hasil uji kompetensi Anda' }).count()).toBe(0);

      const admin = await openBrowser();
      try {
        await signIn(admin.page, server.url, 'lsp@kompeten.test');
        await admin.page.goto(`${server.url}/cohorts/${cohortId}/exam`);
        await admin.page.getByRole('link', { name: 'Finalisasi hasil…' }).click();
        await admin.page.getByRole('button', { name: 'Finalisasi sekarang' }).click();
        await admin.page.locator('.toast', { hasText: 'Hasil 3 peserta difinalisasi.' }).waitFor();
        expect(await admin.page.getByText('Final', { exact: true }).isVisible()).toBe(true);
        expect(admin.pageErrors).toEqual([]);
      } finally {
        await admin.close();
      }

      await participant.page.goto(`${server.url}/my/cohorts`);
      await participant.page.getByRole('heading', { name: 'Hasil uji kompetensi Anda' }).waitFor();
      expect(await participant.page.locator('.own-result strong').first().textContent()).toBe('Kompeten (K)');
      expect(await participant.page.locator('.own-result li').count()).toBe(unitCount);
      expect(participant.pageErrors).toEqual([]);
    } finally {
      await participant.close();
    }
  });
});
