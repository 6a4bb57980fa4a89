import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfig } from '~/lib/config.server';
import { openPGlite } from '~/lib/db.server';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { demoIds } from '../support/cohorts-fixtures';
import { attendanceCohort } from '../support/attendance-fixtures';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser, type Page } from './support/browser';

/**
 * Day one at the hotel: the institute's staff calls the roll on a phone (360 px) while the
 * Wi-Fi drops. The marks wait on the phone as "belum terkirim" and go when the network is
 * back; the coordinator's laptop marks the same person differently, the later mark wins and
 * the phone shows the disagreement. The database is read at the end.
 */
describe.skipIf(!hasChromium())('the roll call when the network drops', () => {
  let dataDir: string;
  let server: RunningServer | null = null;
  let phone: Browser;
  let desk: Browser;
  let names: string[] = [];
  let cohortName = '';
  let rollCallPath = '';
  let staffName = '';
  let cohortId = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-e2e-attendance-'));
    setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir }));
    const handle = await openPGlite({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await seedDemoData(handle.db);
      // A cohort whose first session started an hour ago.
      const world = await attendanceCohort(handle.db, await demoIds(handle.db), { sessionStarts: [new Date(Date.now() - 3_600_000)], statuses: ['confirmed', 'confirmed', 'confirmed'] });
      cohortId = world.cohortId;
      cohortName = (await handle.db.selectFrom('cohorts').select('name').where('id', '=', world.cohortId).executeTakeFirstOrThrow()).name;
      rollCallPath = `/cohorts/${world.cohortId}/sessions/${world.sessionIds[0]}/attendance`;
      const people = await handle.db.selectFrom('enrollments as e').innerJoin('people as p', 'p.id', 'e.person_id').select('p.full_name').where('e.cohort_id', '=', world.cohortId).orderBy('p.full_name').execute();
      names = people.map((p) => p.full_name);
      staffName = (await handle.db.selectFrom('users').select('display_name').where('email', '=', 'lembaga@kompeten.test').executeTakeFirstOrThrow()).display_name;
    } finally {
      await handle.close();
    }
    server = await startServer({ DATA_DIR: dataDir, SEED: 'none' });
    phone = await openBrowser({ viewport: { width: 360, height: 740 } });
    desk = await openBrowser();
    await signIn(phone.page, server.url, 'lembaga@kompeten.test');
    await signIn(desk.page, server.url, 'koordinator@kompeten.test');
  });

  afterAll(async () => {
    await phone?.close();
    await desk?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const row = (page: Page, index: number) => page.getByRole('group', { name: new RegExp(names[index]!) });

  async function openRollCall(page: Page) {
    await page.context().setOffline(false);
    await page.goto(`${server!.url}${rollCallPath}`);
    await page.getByRole('heading', { level: 1, name: /^Presensi —/ }).waitFor();
    await page.waitForLoadState('networkidle');
  }

  it("the institute's staff finds the roll call from the cohort list on a 360 px phone", async () => {
    const { page } = phone;
    await page.goto(`${server!.url}/cohorts?period=all`);
    await page.getByRole('link', { name: cohortName }).click();
    await page.getByRole('link', { name: 'Presensi sesi 1' }).click();
    await page.getByRole('heading', { level: 1, name: /^Presensi —/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe(rollCallPath);
    expect(await page.getByRole('group').count()).toBe(3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('keeps marks made offline on the phone as "belum terkirim" and sends them when the network is back', async () => {
    const { page, context } = phone;
    await openRollCall(page);
    await context.setOffline(true);
    await row(page, 0).getByLabel('Hadir', { exact: true }).check();
    await row(page, 1).getByLabel('Terlambat').check();
    await row(page, 1).getByLabel('Catatan').fill('Datang 08.20');
    await page.getByRole('button', { name: 'Simpan presensi' }).click();
    await page.getByText('2 tanda belum terkirim').waitFor();
    expect(await row(page, 0).getByText('Belum terkirim: Hadir').isVisible()).toBe(true);
    expect(await row(page, 1).getByText('Belum terkirim: Terlambat').isVisible()).toBe(true);
    // The server has nothing yet: the coordinator's laptop sees nobody marked.
    await openRollCall(desk.page);
    expect(await desk.page.getByText('Belum ditandai').count()).toBe(3);
    await context.setOffline(false);
    await page.getByText('Semua tanda sudah terkirim.').waitFor({ timeout: 20_000 });
    await row(page, 1).getByText(/Terlambat · presensi petugas · \d\d\.\d\d WIB oleh/).waitFor();
    expect(await page.getByText('Belum terkirim').count()).toBe(0);
    await openRollCall(desk.page);
    expect(await row(desk.page, 0).getByText(`Hadir · presensi petugas`).count()).toBe(1);
  });

  it('two devices marking the same person resolve to the later mark, and the disagreement is shown', async () => {
    const { page, context } = phone;
    await openRollCall(page);
    await openRollCall(desk.page);
    // The phone, offline, marks the third participant absent first…
    await context.setOffline(true);
    await row(page, 2).getByLabel('Tidak hadir').check();
    await page.getByRole('button', { name: 'Simpan presensi' }).click();
    await page.getByText('1 tanda belum terkirim').waitFor();
    // …then the coordinator, online, marks her excused.
    await page.waitForTimeout(1_100);
    await row(desk.page, 2).getByLabel('Izin').check();
    await desk.page.getByRole('button', { name: 'Simpan presensi' }).click();
    await desk.page.getByText('Semua tanda sudah terkirim.').waitFor();
    // The phone's older mark arrives last and loses; the phone shows what won and who disagreed.
    await context.setOffline(false);
    await page.getByText('Semua tanda sudah terkirim.').waitFor({ timeout: 20_000 });
    await row(page, 2).getByText(/^Izin · presensi petugas/).waitFor();
    await openRollCall(desk.page);
    await row(desk.page, 2).getByText(new RegExp(`Ditandai berbeda oleh ${staffName} pukul \\d\\d\\.\\d\\d WIB: Tidak hadir`)).waitFor();
    expect(phone.pageErrors).toEqual([]);
    expect(desk.pageErrors).toEqual([]);
  });

  it('has written each mark once, the later one counting', async () => {
    await server!.stop();
    server = null;
    const handle = await openPGlite({ dataDir });
    try {
      const rows = await handle.db
        .selectFrom('attendance as a')
        .innerJoin('enrollments as e', 'e.id', 'a.enrollment_id')
        .innerJoin('people as p', 'p.id', 'e.person_id')
        .select(['p.full_name', 'a.status', 'a.note', 'a.method'])
        .where('e.cohort_id', '=', cohortId)
        .orderBy('p.full_name')
        .execute();
      expect(rows).toEqual([
        { full_name: names[0], status: 'present', note: null, method: 'roll_call' },
        { full_name: names[1], status: 'late', note: 'Datang 08.20', method: 'roll_call' },
        { full_name: names[2], status: 'excused', note: null, method: 'roll_call' },
      ]);
      const marks = await handle.db
        .selectFrom('attendance_marks as m')
        .innerJoin('enrollments as e', 'e.id', 'm.enrollment_id')
        .select('m.status')
        .where('e.cohort_id', '=', cohortId)
        .orderBy('m.marked_at')
        .execute();
      expect(marks.map((m) => m.status)).toEqual(['present', 'late', 'absent', 'excused']);
    } finally {
      await handle.close();
    }
  });
});
