import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfig } from '~/lib/config.server';
import { dateInZone } from '~/lib/dates';
import { openPGlite } from '~/lib/db.server';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

const ZBARIMG = '/usr/bin/zbarimg';

/**
 * Issue #12 part 2 in a real browser: the LDP's staff opens the session's projector from
 * the cohort page; the QR code on the screen (read back from a screenshot with zbarimg, as
 * a phone's camera would) holds the check-in address; a participant signed in on a phone
 * opens it and is marked present. With JavaScript the code renews in place; without, the
 * page refreshes itself.
 */
describe.skipIf(!hasChromium() || !existsSync(ZBARIMG))('self check-in by scanning the projected QR code', () => {
  let dataDir: string;
  let server: RunningServer;
  let projector: Browser;
  let phone: Browser;
  let cohortId = '';
  let sessionId = '';
  let scannedUrl = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-e2e-hadir-'));
    setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir }));
    // The demo portal with a running cohort whose session starts in ten minutes, the demo participant confirmed in it.
    const handle = await openPGlite({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await seedDemoData(handle.db);
      const db = handle.db;
      const program = await db.selectFrom('programs').select(['id', 'dinas_id']).where('code', '=', 'KABAG-PMB').executeTakeFirstOrThrow();
      const institute = await db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.institution_id').where('u.email', '=', 'lembaga@kompeten.test').executeTakeFirstOrThrow();
      const today = dateInZone(new Date(), 'Asia/Jakarta');
      const cohort = await db
        .insertInto('cohorts')
        .values({
          program_id: program.id,
          dinas_id: program.dinas_id!,
          name: 'Angkatan Hadir Peramban',
          status: 'in_progress',
          venue_name: 'Hotel Santika Pekalongan',
          time_zone: 'Asia/Jakarta',
          capacity: 25,
          starts_on: today,
          ends_on: today,
          training_institute_id: institute.institution_id!,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      cohortId = cohort.id;
      const startsAt = new Date(Date.now() + 10 * 60_000);
      sessionId = (
        await db
          .insertInto('cohort_sessions')
          .values({ cohort_id: cohort.id, position: 1, kind: 'training', title: 'Manajemen Risiko Pembiayaan', starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 4 * 3_600_000) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const participant = await db.selectFrom('users').select('person_id').where('email', '=', 'peserta@kompeten.test').executeTakeFirstOrThrow();
      const position = await db.selectFrom('staff_positions').select('cooperative_id').where('person_id', '=', participant.person_id!).executeTakeFirstOrThrow();
      await db
        .insertInto('enrollments')
        .values({ cohort_id: cohort.id, person_id: participant.person_id!, cooperative_id: position.cooperative_id, status: 'confirmed', source: 'self' })
        .execute();
    } finally {
      await handle.close();
    }
    server = await startServer({ DATA_DIR: dataDir, SEED: 'none' });
    projector = await openBrowser({ viewport: { width: 1280, height: 800 } });
    phone = await openBrowser({ viewport: { width: 360, height: 740 } });
    await signIn(projector.page, server.url, 'lembaga@kompeten.test');
    await signIn(phone.page, server.url, 'peserta@kompeten.test');
  });

  afterAll(async () => {
    await projector?.close();
    await phone?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the projector shows a QR code that a camera reads as the check-in address, and the short code', async () => {
    const { page } = projector;
    await page.goto(`${server.url}/cohorts/${cohortId}/manage`);
    await page.getByRole('link', { name: 'Tayangkan QR check-in sesi 1' }).click();
    await page.locator('svg.projector-qr').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Manajemen Risiko Pembiayaan');
    const code = (await page.locator('.projector-code-value').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{3} [2-9A-HJKMNP-Z]{3}$/);

    const png = path.join(dataDir, 'projector.png');
    writeFileSync(png, await page.screenshot());
    scannedUrl = execFileSync(ZBARIMG, ['-q', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    expect(scannedUrl).toMatch(new RegExp(`^${server.url}/hadir\\?t=[A-Za-z0-9_-]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]+$`));
    expect(await page.locator('.projector-qr-frame').getAttribute('data-url')).toBe(scannedUrl);
    expect(projector.pageErrors).toEqual([]);
  });

  it('the participant opens the scanned address on a phone and is marked present', async () => {
    const { page } = phone;
    await page.goto(scannedUrl);
    await page.getByRole('heading', { level: 1, name: 'Kehadiran tercatat' }).waitFor();
    expect(new URL(page.url()).search).toBe(`?sesi=${sessionId}`);
    expect(await page.locator('.check-in-status').textContent()).toMatch(/^hadir pukul \d{2}\.\d{2} WIB$/);
    // A 360 px phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Scanning again says so and changes nothing.
    await page.goto(scannedUrl);
    await page.getByRole('heading', { level: 1, name: 'Sudah tercatat' }).waitFor();
    expect(phone.pageErrors).toEqual([]);
  });

  it('with JavaScript the code renews in place within 30 seconds; without, the page refreshes itself', async () => {
    const { page } = projector;
    const before = (await page.locator('.projector-code-value').textContent())!.trim();
    await page.evaluate(() => ((window as unknown as { stayedLoaded: boolean }).stayedLoaded = true));
    await page.waitForFunction((old) => document.querySelector('.projector-code-value')?.textContent?.trim() !== old, before, { timeout: 35_000 });
    expect(await page.evaluate(() => (window as unknown as { stayedLoaded?: boolean }).stayedLoaded)).toBe(true);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(projector.pageErrors).toEqual([]);

    const noScript = await openBrowser({ javaScriptEnabled: false });
    try {
      await signIn(noScript.page, server.url, 'lembaga@kompeten.test');
      await noScript.page.goto(`${server.url}/cohorts/${cohortId}/sessions/${sessionId}/projector`);
      const refresh = await noScript.page.locator('meta[http-equiv="refresh"]').getAttribute('content');
      expect(Number(refresh)).toBeGreaterThan(0);
      expect(Number(refresh)).toBeLessThanOrEqual(31);
    } finally {
      await noScript.close();
    }
  }, 60_000);

  it('the database holds the mark: present, by QR, made by the participant', async () => {
    await server.stop();
    const handle = await openPGlite({ dataDir });
    try {
      const rows = await handle.db
        .selectFrom('attendance as a')
        .innerJoin('users as u', 'u.id', 'a.recorded_by_user_id')
        .select(['a.status', 'a.method', 'u.email'])
        .where('a.session_id', '=', sessionId)
        .execute();
      expect(rows).toEqual([{ status: 'present', method: 'qr', email: 'peserta@kompeten.test' }]);
      expect(await handle.db.selectFrom('attendance_marks').select('id').where('session_id', '=', sessionId).execute()).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});
