import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInZone } from '~/lib/dates';
import { startServer, type RunningServer } from '../support/server-process';
import { hasChromium, openBrowser, signIn, type Browser, type Page } from './support/browser';

/**
 * The story in a real browser: a coordinator schedules a cohort of the Kabag
 * Pembiayaan program at a hotel and opens it; a participant registers from a phone
 * (360 px); once the cohort is full the next registration waits and moves up when
 * someone cancels. A two-seat cohort keeps it quick.
 */
describe.skipIf(!hasChromium())('scheduling a cohort and registering from a phone', () => {
  let server: RunningServer;
  let desk: Browser;
  let phone: Browser;
  let manageUrl = '';
  const cohortName = 'Angkatan Uji Peramban';
  const startsOn = addDays(dateInZone(new Date(), 'Asia/Jakarta'), 30);

  beforeAll(async () => {
    server = await startServer();
    desk = await openBrowser();
    phone = await openBrowser({ viewport: { width: 360, height: 740 } });
    await signIn(desk.page, server.url, 'koordinator@kompeten.test');
    await signIn(phone.page, server.url, 'peserta@kompeten.test');
  });
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
    await server?.stop();
  });

  async function toast(page: Page) {
    return (await page.locator('.toast').textContent())?.trim() ?? '';
  }

  async function addFromRoster(page: Page, count: number) {
    await page.goto(`${server.url}${manageUrl.replace('/manage', '/participants')}?q=Sejahtera+Bersama`);
    const boxes = page.locator('.choice-list input[type="checkbox"]:not([disabled])');
    for (let i = 0; i < count; i++) await boxes.nth(i).check();
    await page.getByRole('button', { name: 'Tambahkan yang dipilih' }).click();
    await page.locator('.toast').waitFor();
  }

  it('the coordinator schedules a cohort from the program at a hotel and opens it', async () => {
    const { page } = desk;
    await page.goto(`${server.url}/programs`);
    await page.getByRole('link', { name: 'KABAG-PMB' }).click();
    await page.getByRole('link', { name: 'Jadwalkan angkatan' }).click();
    await page.getByLabel('Nama angkatan').fill(cohortName);
    await page.getByLabel('Tanggal mulai').fill(startsOn);
    await page.getByLabel('Tempat', { exact: true }).fill('Hotel Santika Pekalongan');
    await page.getByLabel('Alamat tempat').fill('Jl. Dr. Sutomo No. 39, Pekalongan');
    await page.getByLabel('Kapasitas (kursi)').fill('2');
    await page.getByLabel('Pendaftaran ditutup').fill(`${addDays(startsOn, -7)}T16:00`);
    await page.getByRole('button', { name: 'Buat angkatan' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(cohortName) }).waitFor();
    manageUrl = new URL(page.url()).pathname;
    expect(manageUrl).toMatch(/^\/cohorts\/[0-9a-f-]{36}\/manage$/);
    expect(await toast(page)).toContain('4 sesi');
    expect(await page.locator('table tbody tr').count()).toBe(4);
    await page.getByRole('button', { name: 'Buka pendaftaran' }).click();
    await page.locator('.toast', { hasText: 'Pendaftaran angkatan dibuka.' }).waitFor();
    expect(await page.locator('.badge').first().textContent()).toBe('Pendaftaran dibuka');
    await addFromRoster(page, 1);
    expect(await toast(page)).toContain('1 terkonfirmasi');
    expect(desk.pageErrors).toEqual([]);
  });

  it('a participant registers from a 360 px phone in one step', async () => {
    const { page } = phone;
    await page.goto(`${server.url}/my/cohorts`);
    await page.getByRole('heading', { level: 1, name: 'Pelatihan saya' }).waitFor();
    await page.getByRole('button', { name: `Daftar: ${cohortName}` }).click();
    await page.locator('.toast', { hasText: 'Pendaftaran Anda terkonfirmasi' }).waitFor();
    expect(await page.getByText(`— ${cohortName}`).first().isVisible()).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(phone.pageErrors).toEqual([]);
  });

  it('the next person lands on the waitlist and moves up when the participant cancels', async () => {
    await addFromRoster(desk.page, 1);
    expect(await toast(desk.page)).toContain('0 terkonfirmasi, 1 daftar tunggu');

    const { page } = phone;
    await page.goto(`${server.url}${manageUrl.replace('/manage', '')}`);
    await page.getByText('Status pendaftaran Anda: Terkonfirmasi').waitFor();
    await page.getByRole('button', { name: 'Batalkan pendaftaran saya' }).click();
    // One tap does not lose the seat: a page names the person and the cohort and asks first.
    await page.getByRole('heading', { level: 1, name: 'Batalkan pendaftaran?' }).waitFor();
    expect(await page.getByText(new RegExp(cohortName)).first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Ya, batalkan pendaftaran saya' }).click();
    await page.locator('.toast', { hasText: 'Pendaftaran Anda dibatalkan.' }).waitFor();

    await desk.page.goto(`${server.url}${manageUrl.replace('/manage', '/participants')}?status=confirmed`);
    expect(await desk.page.locator('tbody tr').count()).toBe(2);
    expect(await desk.page.getByText('Daftar tunggu (0)').isVisible()).toBe(true);
  });

  it('registering again on a full cohort waits in line and is promoted when a seat frees up', async () => {
    const { page } = phone;
    // Full: the button says it joins the waitlist.
    await page.getByRole('button', { name: 'Masuk daftar tunggu' }).click();
    await page.locator('.toast', { hasText: 'Kursi sudah penuh: Anda masuk daftar tunggu.' }).waitFor();
    expect(await page.getByText('Anda urutan ke-1 dalam daftar tunggu').isVisible()).toBe(true);

    // The participants table is readable at 360 px: stacked rows, no sideways scrolling.
    await desk.page.setViewportSize({ width: 360, height: 740 });
    await desk.page.goto(`${server.url}${manageUrl.replace('/manage', '/participants')}`);
    const overflow = await desk.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await desk.page.locator('tbody tr').first().locator('td[data-label="Tindakan"]').isVisible()).toBe(true);
    await desk.page.setViewportSize({ width: 1280, height: 800 });
    await desk.page.locator('tbody tr').first().getByRole('link', { name: /^Batalkan pendaftaran / }).click();
    await desk.page.getByLabel('Alasan pembatalan').fill('Berhalangan');
    await desk.page.getByRole('button', { name: 'Ya, batalkan pendaftaran' }).click();
    await desk.page.locator('.toast', { hasText: '1 peserta naik dari daftar tunggu' }).waitFor();

    await page.goto(`${server.url}/my/cohorts`);
    const card = page.locator('.card', { hasText: cohortName });
    expect(await card.locator('.badge').first().textContent()).toBe('Terkonfirmasi');

    await desk.page.goto(`${server.url}/mail`);
    expect(await desk.page.getByRole('link', { name: new RegExp(`Anda mendapat kursi: .*${cohortName}`) }).count()).toBeGreaterThanOrEqual(1);
    expect(desk.pageErrors).toEqual([]);
    expect(phone.pageErrors).toEqual([]);
  });
});
