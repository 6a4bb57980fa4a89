import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { parseConfig, setConfig } from '~/lib/config.server';
import { openPGlite } from '~/lib/db.server';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { useTestMailTemplates } from '../support/mail-fixtures';
import { startServer, type RunningServer } from '../support/server-process';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { hasChromium, openBrowser, signIn, type Browser } from './support/browser';

describe.skipIf(!hasChromium())('outgoing mail in a real browser', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let smtp: TestSmtpServer;
  let templates: ReturnType<typeof useTestMailTemplates>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-e2e-mail-'));
    setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir }));
    templates = useTestMailTemplates();
    smtp = await startSmtpServer();
    smtp.rejectRecipient('hadi.lama@koperasi.test', 550, '5.1.1 <hadi.lama@koperasi.test>: Recipient address rejected');

    // The demo portal with three messages of its Dinas in the outbox, one to an address the
    // mail server refuses.
    const handle = await openPGlite({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await seedDemoData(handle.db);
      const dinas = await handle.db.selectFrom('institutions').select('id').where('kind', '=', 'dinas').orderBy('created_at').executeTakeFirstOrThrow();
      await handle.db.transaction().execute(async (trx) => {
        for (const [to, name] of [
          ['ani.lestari@koperasi.test', 'Ani Lestari'],
          ['hadi.lama@koperasi.test', 'Hadi Santoso'],
          ['budi.wibowo@koperasi.test', 'Budi Wibowo'],
        ] as const) {
          await enqueueMail(trx, {
            to,
            toName: name,
            template: 'notice',
            locale: 'id',
            data: { title: `Undangan pelatihan untuk ${name}`, message: 'Pelatihan dimulai Senin pukul 08.00 WIB.' },
            dinasId: dinas.id,
          });
        }
      });
    } finally {
      await handle.close();
    }
    server = await startServer({ DATA_DIR: dataDir, SEED: 'none', SMTP_URL: smtp.url });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    templates?.restore();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a coordinator sees what happened to each message, opens the refused one, and resends it once the address works', async () => {
    await smtp.requireEmail('ani.lestari@koperasi.test', { timeoutMs: 20_000 });
    await smtp.requireEmail('budi.wibowo@koperasi.test', { timeoutMs: 20_000 });

    const { page } = browser;
    await signIn(page, server.url, 'koordinator@kompeten.test');
    await page.getByRole('link', { name: 'Surat keluar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Surat keluar' }).waitFor();
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(3);
    const refusedRow = rows.filter({ hasText: 'hadi.lama@koperasi.test' });
    expect(await refusedRow.getByText('Gagal').isVisible()).toBe(true);
    expect(await rows.filter({ hasText: 'ani.lestari@koperasi.test' }).getByText('Terkirim').isVisible()).toBe(true);

    await page.getByLabel('Penerima').fill('hadi');
    await page.getByRole('button', { name: 'Saring' }).click();
    await page.waitForURL(/recipient=hadi/);
    await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(1);

    await page.getByRole('link', { name: 'Pemberitahuan: Undangan pelatihan untuk Hadi Santoso' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pemberitahuan: Undangan pelatihan untuk Hadi Santoso' }).waitFor();
    expect(await page.getByText('550 5.1.1 <hadi.lama@koperasi.test>: Recipient address rejected').isVisible()).toBe(true);
    expect(await page.getByText('Pelatihan dimulai Senin pukul 08.00 WIB.').first().isVisible()).toBe(true);

    smtp.acceptRecipient('hadi.lama@koperasi.test');
    await page.getByRole('button', { name: 'Kirim ulang' }).click();
    await page.getByRole('status').getByText('Pesan untuk hadi.lama@koperasi.test akan dikirim ulang.').waitFor();
    const mail = await smtp.requireEmail('hadi.lama@koperasi.test', { timeoutMs: 10_000 });
    expect(mail.parsed.subject).toBe('Pemberitahuan: Undangan pelatihan untuk Hadi Santoso');
    expect(mail.parsed.text).toContain('Yth. Hadi Santoso,');

    await expect
      .poll(async () => {
        await page.reload();
        return page.locator('.facts .badge').textContent();
      }, { timeout: 10_000 })
      .toBe('Terkirim');
    expect(smtp.messagesTo('hadi.lama@koperasi.test')).toHaveLength(1);
    await page.getByRole('link', { name: /Kembali ke surat keluar/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Surat keluar' }).waitFor();
    expect(browser.pageErrors).toEqual([]);
  });

  it('the outgoing mail list works at 360 px without JavaScript', async () => {
    const narrow = await openBrowser({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    try {
      const { page } = narrow;
      await signIn(page, server.url, 'koordinator@kompeten.test');
      await page.goto(`${server.url}/mail?status=sent`);
      await page.getByRole('heading', { level: 1, name: 'Surat keluar' }).waitFor();
      expect(await page.locator('table tbody tr').count()).toBe(3);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.locator('table tbody tr a').first().click();
      await page.getByRole('heading', { level: 2, name: 'Isi pesan (teks)' }).waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(narrow.pageErrors).toEqual([]);
    } finally {
      await narrow.close();
    }
  });
});
