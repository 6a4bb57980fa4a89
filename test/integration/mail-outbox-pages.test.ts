import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMail } from '~/domain/mail/outbox.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { demoApp, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';
import { createDinasWithCoordinator, statusOf, useTestMailTemplates } from '../support/mail-fixtures';

let handle: DatabaseHandle;
let app: TestApp;
let templates: ReturnType<typeof useTestMailTemplates>;
let ourDinasId: string;
let other: { dinasId: string; userId: string };
let coordinatorCookie: string;
let otherCoordinatorCookie: string;
let instituteCookie: string;
const ours: string[] = [];
let failedId: string;
let theirsId: string;

/** The page as rendered, without the loader data Remix appends for hydration. */
const html = async (response: Response) => {
  expect(response.status).toBe(200);
  const text = await response.text();
  return text.slice(0, text.indexOf('<script'));
};

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  templates = useTestMailTemplates();
  ourDinasId = (await handle.db.selectFrom('institutions').select('id').where('kind', '=', 'dinas').orderBy('created_at').executeTakeFirstOrThrow()).id;
  other = await createDinasWithCoordinator(handle.db, 'Dinas Koperasi Kabupaten Batang', 'koordinator@batang.test');

  // 30 messages of our Dinas, one minute apart (the newest last), and 2 of another.
  for (let i = 1; i <= 30; i++) {
    const { id } = await handle.db.transaction().execute((trx) =>
      enqueueMail(trx, {
        to: `peserta${String(i).padStart(2, '0')}@koperasi.test`,
        toName: i === 7 ? 'Dewi <script>alert(1)</script>' : `Peserta ${i}`,
        template: 'notice',
        locale: 'id',
        data: { title: `Konfirmasi pendaftaran ${i}`, message: 'Pendaftaran Anda telah dikonfirmasi.' },
        dinasId: ourDinasId,
      }),
    );
    await handle.db
      .updateTable('mail_outbox')
      .set({ created_at: sql<Date>`timestamptz '2026-11-20 01:00:00+00' + ${i} * interval '1 minute'` })
      .where('id', '=', id)
      .execute();
    ours.push(id);
  }
  failedId = ours[6]!;
  await handle.db
    .updateTable('mail_outbox')
    .set({ status: 'failed', attempts: 1, last_error: "Can't send mail - all recipients were rejected: 550 5.1.1 Mailbox unavailable" })
    .where('id', '=', failedId)
    .execute();
  await handle.db.updateTable('mail_outbox').set({ status: 'sent', attempts: 1, sent_at: new Date() }).where('id', '=', ours[0]!).execute();
  for (const to of ['rahasia@batang.test', 'lain@batang.test']) {
    const { id } = await handle.db.transaction().execute((trx) =>
      enqueueMail(trx, { to, template: 'notice', locale: 'id', data: { title: 'Batang', message: 'Internal' }, dinasId: other.dinasId }),
    );
    theirsId = id;
  }

  coordinatorCookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
  otherCoordinatorCookie = await app.sessionCookie(other.userId);
  instituteCookie = await app.sessionCookie(await userIdByEmail(handle.db, 'lembaga@kompeten.test'));
});

afterAll(async () => {
  templates?.restore();
  await handle?.close();
});

describe('the outgoing mail pages', () => {
  it("lists the coordinator's own Dinas's mail, newest first, 25 a page, and says mail waits without SMTP", async () => {
    const page1 = await html(await app.request('/mail', { cookie: coordinatorCookie }));
    expect(page1).toContain('<h1>Surat keluar</h1>');
    expect(page1).toContain('Server e-mail (SMTP_URL) belum diatur');
    expect(page1).toContain('href="/mail"'); // the nav item
    const order = [...page1.matchAll(/peserta(\d\d)@koperasi\.test/g)].map((m) => Number(m[1]));
    expect(order).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
    expect(page1).toContain('Halaman 1 dari 2');
    expect(page1).toContain('20 November 2026, 08.30 WIB'); // 01:30 UTC in the Dinas's zone
    expect(page1).not.toContain('batang.test');
    expect(page1).toContain('badge badge-failed');

    const page2 = await html(await app.request('/mail?page=2', { cookie: coordinatorCookie }));
    expect([...page2.matchAll(/peserta(\d\d)@koperasi\.test/g)].map((m) => Number(m[1]))).toEqual([5, 4, 3, 2, 1]);
    expect(page2).toContain('>Terkirim<');
  });

  it('filters by part of the recipient and by status, and sorts by recipient', async () => {
    const byRecipient = await html(await app.request('/mail?recipient=PESERTA1', { cookie: coordinatorCookie }));
    expect([...byRecipient.matchAll(/peserta(\d\d)@koperasi\.test/g)].map((m) => Number(m[1]))).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    expect(byRecipient).toContain('value="PESERTA1"');

    const byName = await html(await app.request(`/mail?recipient=${encodeURIComponent('dewi')}`, { cookie: coordinatorCookie }));
    expect([...byName.matchAll(/peserta(\d\d)@koperasi\.test/g)].map((m) => Number(m[1]))).toEqual([7]);

    const likeIsLiteral = await html(await app.request(`/mail?recipient=${encodeURIComponent('%')}`, { cookie: coordinatorCookie }));
    expect(likeIsLiteral).toContain('Tidak ada surat keluar yang cocok.');

    const failed = await html(await app.request('/mail?status=failed', { cookie: coordinatorCookie }));
    expect([...failed.matchAll(/peserta(\d\d)@koperasi\.test/g)].map((m) => Number(m[1]))).toEqual([7]);

    const sorted = await html(await app.request('/mail?sort=recipient&dir=asc&size=3', { cookie: coordinatorCookie }));
    expect([...sorted.matchAll(/peserta(\d\d)@koperasi\.test/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3]);
    expect(sorted).toContain('aria-sort="ascending"');
  });

  it('shows a message: recipient, subject, both bodies (the HTML as inert source), attempts, last error, Message-ID', async () => {
    const row = await handle.db.selectFrom('mail_outbox').select(['message_id', 'html_body']).where('id', '=', failedId).executeTakeFirstOrThrow();
    const page = await html(await app.request(`/mail/${failedId}`, { cookie: coordinatorCookie }));
    expect(page).toContain('<h1>Pemberitahuan: Konfirmasi pendaftaran 7</h1>');
    expect(page).toContain('peserta07@koperasi.test');
    expect(page).toContain('Yth. Dewi &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(page).toContain('550 5.1.1 Mailbox unavailable');
    expect(page).toContain(row.message_id.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(page).toContain('Kirim ulang');
    // The HTML body is shown as text, never as markup of this page.
    expect(row.html_body).toContain('<p>Pendaftaran Anda telah dikonfirmasi.</p>');
    expect(page).toContain('&lt;p&gt;Pendaftaran Anda telah dikonfirmasi.&lt;/p&gt;');
    expect(page).not.toContain('<p>Pendaftaran Anda telah dikonfirmasi.</p>');
    expect(page).not.toContain('<script>alert(1)</script>');
  });

  it("answers 404 for another Dinas's message, and never lists it", async () => {
    expect((await app.request(`/mail/${theirsId}`, { cookie: coordinatorCookie })).status).toBe(404);
    expect((await app.request(`/mail/${failedId}`, { cookie: otherCoordinatorCookie })).status).toBe(404);
    expect((await app.request('/mail/not-a-uuid', { cookie: coordinatorCookie })).status).toBe(404);
    const theirs = await html(await app.request('/mail', { cookie: otherCoordinatorCookie }));
    expect(theirs).toContain('rahasia@batang.test');
    expect(theirs).not.toContain('koperasi.test');
    const resend = await app.postForm(`/mail/${failedId}`, { intent: 'resend' }, otherCoordinatorCookie);
    expect(resend.status).toBe(404);
    expect((await statusOf(handle.db, failedId)).status).toBe('failed');
  });

  it('keeps institute staff and visitors out: the outbox is "not found" for anyone but a coordinator', async () => {
    const staff = await app.request('/mail', { cookie: instituteCookie });
    expect(staff.status).toBe(404);
    expect(await staff.text()).not.toContain('peserta');
    for (const email of ['lsp@kompeten.test', 'asesor1@kompeten.test', 'koperasi@kompeten.test', 'peserta@kompeten.test']) {
      const cookie = await app.sessionCookie(await userIdByEmail(handle.db, email));
      expect((await app.request('/mail', { cookie })).status, email).toBe(404);
      expect((await app.request(`/mail/${failedId}`, { cookie })).status, email).toBe(404);
    }
    expect((await app.request(`/mail/${failedId}`, { cookie: instituteCookie })).status).toBe(404);
    const home = await html(await app.request('/', { cookie: instituteCookie }));
    expect(home).not.toContain('href="/mail"');
    const anonymous = await app.request('/mail', { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toBe('/login?redirectTo=%2Fmail');
  });

  it('resends a failed message without JavaScript, audits it, and refuses to resend one that is not failed', async () => {
    const response = await app.postForm(`/mail/${failedId}`, { intent: 'resend' }, coordinatorCookie);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/mail/${failedId}`);
    const toast = response.headers.get('Set-Cookie')!.split(';')[0]!;
    const after = await html(await app.request(`/mail/${failedId}`, { cookie: `${coordinatorCookie}; ${toast}` }));
    expect(after).toContain('Pesan untuk peserta07@koperasi.test akan dikirim ulang.');
    expect(after).toContain('badge badge-pending');
    expect(after).not.toContain('550 5.1.1');
    expect(await statusOf(handle.db, failedId)).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
    const audit = await handle.db.selectFrom('audit_log').selectAll().where('entity_id', '=', failedId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'mail.resend', dinas_id: ourDinasId, actor_user_id: await userIdByEmail(handle.db, 'koordinator@kompeten.test') });

    const again = await app.postForm(`/mail/${failedId}`, { intent: 'resend' }, coordinatorCookie);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Hanya pesan yang gagal yang dapat dikirim ulang.');
    expect(await handle.db.selectFrom('audit_log').select('id').where('entity_id', '=', failedId).execute()).toHaveLength(1);

    const invalid = await app.postForm(`/mail/${failedId}`, { intent: 'something-else' }, coordinatorCookie);
    expect(invalid.status).toBe(400);
  });
});
