import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { hasChromium, openBrowser, signIn, type Browser, type Page } from './support/browser';

/**
 * Accounts end to end, in Chromium against the real server, with its mail captured by a
 * real SMTP server: sign-in and lock-out, password reset, sign-up with e-mail
 * confirmation, invitations, signing out everywhere; with and without JavaScript.
 */
describe.skipIf(!hasChromium())('accounts in a real browser', () => {
  let smtp: TestSmtpServer;
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startServer({ SMTP_URL: smtp.url });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  /** The newest message to `address` whose subject contains `subject`, waiting for it. */
  async function mailTo(address: string, subject: string, after = 0) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = smtp.messagesTo(address).filter((m) => m.parsed.subject?.includes(subject)).slice(after);
      if (found.length) return found.at(-1)!.parsed;
      if (Date.now() > deadline) throw new Error(`No e-mail "${subject}" to ${address}; have: ${smtp.messages.map((m) => `${m.envelopeTo} ${m.parsed.subject}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function linkIn(text: string | undefined, pathPrefix: string): string {
    const match = (text ?? '').match(new RegExp(`https?://[^\\s]+${pathPrefix}[^\\s]+`));
    if (!match) throw new Error(`No ${pathPrefix} link in:\n${text}`);
    return match[0];
  }

  async function toast(page: Page): Promise<string> {
    return (await page.getByRole('status').first().textContent()) ?? '';
  }

  it('sends strict security headers, with the CSP nonce on every script', async () => {
    // A page that hydrates (the public ones — sign-in among them — ship no scripts).
    const response = await fetch(`${server.url}/forgot-password`);
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeNull(); // not production
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${server.url}/forgot-password`);
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
    expect(browser.pageErrors).toEqual([]);
  });

  it('slows this address down after five wrong passwords (no lock-out), then a password reset by e-mail (without JavaScript) clears it', async () => {
    const email = 'lembaga@kompeten.test';
    const { page } = browser;
    for (let i = 0; i < 5; i++) {
      await page.goto(`${server.url}/login`);
      await page.getByLabel(/e-mail/i).fill(email);
      await page.getByLabel(/kata sandi/i).fill(`salah-${i}`);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByText('E-mail atau kata sandi salah').waitFor();
    }
    await page.getByLabel(/e-mail/i).fill(email);
    await page.getByLabel(/kata sandi/i).fill('Kompeten2026!');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Terlalu banyak percobaan masuk yang gagal untuk akun ini').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      const p = noJs.page;
      await p.goto(`${server.url}/login`);
      await p.getByRole('link', { name: 'Lupa kata sandi?' }).click();
      await p.getByLabel(/e-mail/i).fill(email);
      await p.getByRole('button', { name: 'Kirim tautan' }).click();
      await p.getByRole('heading', { name: 'Periksa e-mail Anda' }).waitFor();

      const mail = await mailTo(email, 'Buat kata sandi baru');
      const link = linkIn(mail.text, '/reset-password/');
      await p.goto(link);
      await p.getByLabel('Kata sandi', { exact: true }).fill('sandi lembaga yang baru');
      await p.getByLabel('Ulangi kata sandi').fill('sandi lembaga yang baru');
      await p.getByRole('button', { name: 'Simpan kata sandi' }).click();
      await p.waitForURL((url) => url.pathname === '/login');
      expect(await toast(p)).toContain('Kata sandi sudah diganti');
      await signIn(p, server.url, email, 'sandi lembaga yang baru');
      expect(await p.locator('.user-name').textContent()).toBe('Bambang Sutrisno');

      // The link is single-use.
      await p.goto(link);
      await p.getByRole('heading', { name: 'Tautan tidak berlaku' }).waitFor();
      expect(noJs.pageErrors).toEqual([]);
    } finally {
      await noJs.close();
    }
  });

  it('without JavaScript, searching for the cooperative again keeps the one chosen and what was typed', async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const p = noJs.page;
      await p.goto(`${server.url}/signup`);
      await p.getByLabel('Nama lengkap (sesuai KTP)').fill('Tanpa Skrip');
      await p.getByLabel('Cari koperasi Anda').fill('Mitra Usaha');
      await p.getByLabel('Cari koperasi Anda').press('Enter');
      await p.getByRole('radio', { name: /KSP Mitra Usaha Mandiri/ }).check();
      await p.getByLabel('Cari koperasi Anda').fill('Sejahtera');
      await p.getByRole('button', { name: 'Cari koperasi' }).click();
      await p.waitForLoadState('load');
      expect(await p.getByLabel('Cari koperasi Anda').inputValue()).toBe('Sejahtera');
      expect(await p.getByRole('radio', { name: /KSP Mitra Usaha Mandiri/ }).isChecked()).toBe(true);
      expect(await p.getByLabel('Nama lengkap (sesuai KTP)').inputValue()).toBe('Tanpa Skrip');
      expect(noJs.pageErrors).toEqual([]);
    } finally {
      await noJs.close();
    }
  });

  it('signs a new participant up, confirms the address from the e-mail, and their cooperative admin confirms them', async () => {
    const email = 'dewi.baru@contoh.test';
    const context = await openBrowser();
    try {
      const { page } = context;
      await page.goto(`${server.url}/login`);
      await page.getByRole('link', { name: /Daftar sebagai peserta/ }).click();
      await page.getByRole('heading', { name: 'Daftar sebagai peserta' }).waitFor();
      await page.getByLabel('Nama lengkap (sesuai KTP)').fill('Dewi Kartika');
      await page.getByLabel(/NIK/).fill('3375014203950007');
      await page.getByLabel('Tanggal lahir').fill('02-03-1995');
      // The cooperative is found by typing part of its name, then chosen from the list.
      await page.getByLabel('Cari koperasi Anda').fill('Mitra Usaha');
      await page.getByRole('radio', { name: /KSP Mitra Usaha Mandiri/ }).check();
      // Searching again keeps the one chosen, on top of the new list; Enter there searches, it does not sign up.
      await page.getByLabel('Cari koperasi Anda').fill('Sejahtera');
      await page.getByLabel('Cari koperasi Anda').press('Enter');
      await page.getByRole('radio', { name: /Sejahtera Bersama/ }).first().waitFor();
      expect(await page.getByRole('radio', { name: /KSP Mitra Usaha Mandiri/ }).isChecked()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Daftar sebagai peserta' }).isVisible()).toBe(true);
      await page.getByLabel('Jabatan di koperasi').fill('Kasir');
      await page.getByLabel('Alamat e-mail').fill(email);
      await page.getByLabel('Kata sandi', { exact: true }).fill('sandi dewi kartika');
      await page.getByLabel('Ulangi kata sandi').fill('sandi dewi kartika');
      await page.getByRole('button', { name: 'Daftar', exact: true }).click();
      await page.getByRole('heading', { name: 'Periksa e-mail Anda' }).waitFor();

      const mail = await mailTo(email, 'Konfirmasi pendaftaran');
      expect(mail.text).toContain('KSP Mitra Usaha Mandiri');
      await page.goto(linkIn(mail.text, '/confirm-email/'));
      await page.getByRole('button', { name: 'Konfirmasi dan masuk' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      expect(await toast(page)).toContain('menunggu konfirmasi');
      await page.getByText('3375014203950007').waitFor({ timeout: 5000 });
      expect(await page.getByText('Menunggu konfirmasi koperasi atau Dinas', { exact: true }).isVisible()).toBe(true);
      expect(context.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }

    const admin = await openBrowser();
    try {
      const { page } = admin;
      await signIn(page, server.url, 'koperasi@kompeten.test');
      await page.getByRole('link', { name: 'Konfirmasi peserta' }).click();
      const row = page.getByRole('row', { name: /Dewi Kartika/ });
      expect(await row.textContent()).toContain('3375********0007');
      await row.getByRole('button', { name: 'Konfirmasi Dewi Kartika' }).click();
      await page.getByText('Dewi Kartika dikonfirmasi.').waitFor();
      expect(await page.getByText('Tidak ada peserta yang menunggu konfirmasi.').isVisible()).toBe(true);
      expect(admin.pageErrors).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('lets a coordinator invite a second coordinator, who sets a password from the e-mail and arrives signed in', async () => {
    const email = 'koordinator.dua@contoh.test';
    const coordinator = await openBrowser();
    try {
      const { page } = coordinator;
      await signIn(page, server.url, 'koordinator@kompeten.test');
      await page.getByRole('link', { name: 'Pengguna' }).click();
      await page.getByRole('link', { name: 'Undang pengguna' }).click();
      await page.getByLabel('Alamat e-mail').fill(email);
      await page.getByLabel('Nama (opsional)').fill('Koordinator Dua');
      // A coordinator hands out only their own Dinas's roles: no assessor here.
      expect(await page.getByLabel('Peran').locator('option[value="assessor"]').count()).toBe(0);
      await page.getByLabel('Peran').selectOption('coordinator');
      await page.getByLabel('Organisasi').selectOption({ label: 'Dinas Perdagangan, Koperasi, dan UKM Kota Pekalongan' });
      await page.getByRole('button', { name: 'Kirim undangan' }).click();
      await page.getByText(`Undangan dikirim ke ${email}.`).waitFor();
      expect(await page.getByRole('cell', { name: email }).isVisible()).toBe(true);
      expect(coordinator.pageErrors).toEqual([]);
    } finally {
      await coordinator.close();
    }

    const mail = await mailTo(email, 'Undangan bergabung');
    const invitee = await openBrowser({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const { page } = invitee;
      await page.goto(linkIn(mail.text, '/invitations/'));
      await page.getByText('Anda diundang sebagai Koordinator Dinas untuk Dinas Perdagangan, Koperasi, dan UKM Kota Pekalongan.').waitFor();
      expect(await page.getByLabel('Nama lengkap').inputValue()).toBe('Koordinator Dua');
      await page.getByLabel('Kata sandi', { exact: true }).fill('sandi koordinator dua');
      await page.getByLabel('Ulangi kata sandi').fill('sandi koordinator dua');
      await page.getByRole('button', { name: 'Buat akun dan terima undangan' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await page.getByText('Koordinator Dinas — Dinas Perdagangan, Koperasi, dan UKM Kota Pekalongan').waitFor({ timeout: 5000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(invitee.pageErrors).toEqual([]);
    } finally {
      await invitee.close();
    }
  });

  it('signs out on every device from the account page', async () => {
    const first = await openBrowser();
    const second = await openBrowser();
    try {
      await signIn(first.page, server.url, 'peserta@kompeten.test');
      await signIn(second.page, server.url, 'peserta@kompeten.test');
      await first.page.getByRole('link', { name: 'Akun saya' }).click();
      await first.page.getByText('Sesi aktif: 2').waitFor();
      await first.page.getByRole('button', { name: 'Keluar dari semua perangkat' }).click();
      await first.page.waitForURL((url) => url.pathname === '/login');
      expect(await toast(first.page)).toContain('keluar dari semua perangkat');
      await second.page.goto(`${server.url}/account`);
      await second.page.waitForURL((url) => url.pathname === '/login');
      expect(first.pageErrors).toEqual([]);
      expect(second.pageErrors).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('shows the coordinator the audit log of these events, filterable, at 360 px', async () => {
    const narrow = await openBrowser({ viewport: { width: 360, height: 740 } });
    try {
      const { page } = narrow;
      await signIn(page, server.url, 'koordinator@kompeten.test');
      await page.goto(`${server.url}/audit`);
      await page.getByRole('heading', { name: 'Log audit' }).waitFor();
      const table = page.locator('tbody');
      for (const action of ['Undangan dikirim', 'Undangan diterima', 'Akun peserta dibuat', 'Data diri dikonfirmasi', 'Kata sandi diganti', 'Masuk diperlambat setelah 5 kali gagal']) {
        expect(await table.getByText(action).count(), action).toBeGreaterThan(0);
      }
      await page.getByLabel('Tindakan').selectOption({ label: 'Undangan dikirim' });
      await page.getByRole('button', { name: 'Saring' }).click();
      await page.waitForURL((url) => url.searchParams.get('action') === 'invitation.sent');
      // The URL changes as the navigation commits; the filtered rows render right after.
      await expect.poll(() => table.getByText('Akun peserta dibuat').count(), { timeout: 5000 }).toBe(0);
      expect(await table.getByText('Undangan dikirim').count()).toBe(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(narrow.pageErrors).toEqual([]);
    } finally {
      await narrow.close();
    }
  });
});
