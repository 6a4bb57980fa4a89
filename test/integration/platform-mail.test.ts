import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { mailOverview } from '~/domain/mail/operator.server';
import { NotFoundError } from '~/lib/errors';
import type { DatabaseHandle } from '~/lib/db.server';
import { demoApp, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';
import { createDinasWithCoordinator, useTestMailTemplates } from '../support/mail-fixtures';

let handle: DatabaseHandle;
let app: TestApp;
let templates: ReturnType<typeof useTestMailTemplates>;
let operator: string;
const expected = { pending: 0, sending: 0, sent: 0, failed: 0 };

/** The page as rendered, without the loader data Remix appends for hydration. */
const html = async (response: Response) => {
  expect(response.status).toBe(200);
  const text = await response.text();
  return text.slice(0, text.indexOf('<script'));
};

async function queue(to: string, dinasId: string | null, template = 'notice'): Promise<string> {
  const { id } = await handle.db.transaction().execute((trx) =>
    enqueueMail(trx, { to, toName: 'Dewi Kartika', template, locale: 'id', data: { title: 'Uji', message: 'Pesan.' }, dinasId }),
  );
  return id;
}

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  templates = useTestMailTemplates();
  const pekalongan = (await handle.db.selectFrom('institutions').select('id').where('kind', '=', 'dinas').orderBy('created_at').executeTakeFirstOrThrow()).id;
  const batang = await createDinasWithCoordinator(handle.db, 'Dinas Koperasi Kabupaten Batang', 'koordinator@batang.test');

  // Our Dinas: 3 pending, 2 sent, 1 failed; Batang: 1 failed, 1 retrying after an error; system mail (no Dinas): 1 failed.
  for (let i = 0; i < 3; i++) await queue(`tunggu${i}@koperasi.test`, pekalongan);
  for (let i = 0; i < 2; i++) {
    const id = await queue(`terkirim${i}@koperasi.test`, pekalongan);
    await handle.db.updateTable('mail_outbox').set({ status: 'sent', attempts: 1, sent_at: new Date() }).where('id', '=', id).execute();
  }
  const fail = async (id: string, error: string, status: 'failed' | 'pending' = 'failed', minutes = 0) =>
    handle.db
      .updateTable('mail_outbox')
      .set({ status, attempts: 3, last_error: error, created_at: sql<Date>`now() - ${minutes} * interval '1 minute'` })
      .where('id', '=', id)
      .execute();
  await fail(await queue('gagal@koperasi.test', pekalongan), '550 5.1.1 <gagal@koperasi.test>: Recipient address rejected', 'failed', 3);
  await fail(await queue('rahasia@batang.test', batang.dinasId), 'Connection timeout to mail.batang.test', 'failed', 2);
  await fail(await queue('ulang@batang.test', batang.dinasId), '421 4.7.0 Try again later', 'pending', 1);
  await fail(await queue('lupa@contoh.test', null), '550 No such user here: lupa@contoh.test', 'failed', 0);

  const rows = await handle.db.selectFrom('mail_outbox').select('status').execute();
  for (const row of rows) expected[row.status]++;
  operator = await app.sessionCookie(await userIdByEmail(handle.db, 'operator@kompeten.test'));
});
afterAll(async () => {
  templates?.restore();
  await handle?.close();
});

describe("the platform operator's mail page", () => {
  it('counts the whole outbox by status, across every Dinas and system mail', async () => {
    expect(expected).toMatchObject({ pending: expect.any(Number), failed: 3 });
    const page = await html(await app.request('/platform/mail', { cookie: operator }));
    for (const [status, count] of Object.entries(expected)) {
      expect(new RegExp(`data-status-count="${status}">(\\d+)<`).exec(page)?.[1], status).toBe(String(count));
    }
  });

  it('lists the latest errors, newest first, with Dinas and template but no recipient', async () => {
    const page = await html(await app.request('/platform/mail', { cookie: operator }));
    const order = ['No such user here', 'Try again later', 'Connection timeout', 'Recipient address rejected'].map((text) => page.indexOf(text));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(page).toContain('Dinas Koperasi Kabupaten Batang');
    expect(page).toContain('Surat sistem');
    expect(page).not.toMatch(/@koperasi\.test|@batang\.test|@contoh\.test|Dewi Kartika/);
    // The link from the Dinas list.
    expect(await html(await app.request('/platform', { cookie: operator }))).toContain('href="/platform/mail"');
  });

  it('is not found for a coordinator, an institution admin or a participant; a visitor signs in first', async () => {
    for (const email of ['koordinator@kompeten.test', 'admin.lembaga@kompeten.test', 'peserta@kompeten.test']) {
      const cookie = await app.sessionCookie(await userIdByEmail(handle.db, email));
      const response = await app.request('/platform/mail', { cookie });
      expect(response.status, email).toBe(404);
      expect(await response.text()).not.toContain('Recipient address rejected');
    }
    const visitor = await app.request('/platform/mail', { redirect: 'manual' });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('Location')).toContain('/login');
    await expect(mailOverview(handle.db, null)).rejects.toBeInstanceOf(NotFoundError);
  });
});
