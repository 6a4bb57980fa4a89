import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findActorBySession } from '~/lib/sessions.server';
import { checkRateLimit } from '~/domain/accounts/rate-limit.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { auditRows, cookiesFrom, createUser, demoApp, linkIn, mailTo, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';
import { usingPostgres } from '../support/database';

let handle: DatabaseHandle;
let app: TestApp;
beforeAll(async () => {
  ({ handle, app } = await demoApp());
});
afterAll(() => handle.close());

const signedIn = async (cookie: string) => (await (await app.request('/', { cookie })).text()).includes('class="user-name"');
const sessionsOf = (userId: string) => handle.db.selectFrom('auth_sessions').selectAll().where('user_id', '=', userId).execute();

describe('sessions', () => {
  it('signs out everywhere from the account page: every session of the user ends, and it is audited', async () => {
    const userId = await createUser(handle.db, { email: 'banyak.sesi@contoh.test', roles: [{ role: 'participant' }] });
    const other = await userIdByEmail(handle.db, 'lembaga@kompeten.test');
    const [phone, laptop, untouched] = [await app.sessionCookie(userId), await app.sessionCookie(userId), await app.sessionCookie(other)];
    expect(await signedIn(phone)).toBe(true);
    expect(await (await app.request('/account', { cookie: phone })).text()).toContain('Sesi aktif: 2');

    const response = await app.postForm('/account', { intent: 'sign-out-everywhere' }, phone, { ip: '203.0.113.20' });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/login');
    expect(response.headers.getSetCookie().join('\n')).toMatch(/kompeten_session=;.*Max-Age=0/i);
    expect(await sessionsOf(userId)).toHaveLength(0);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(untouched)).toBe(true);
    const [audit] = await auditRows(handle.db, { action: 'user.signed_out_everywhere', entityId: userId });
    expect(audit).toMatchObject({ actor_user_id: userId, ip: '203.0.113.20', after: { sessionsRevoked: 2 } });
  });

  it('treats an expired session as signed out', async () => {
    const userId = await userIdByEmail(handle.db, 'asesor1@kompeten.test');
    const cookie = await app.sessionCookie(userId);
    expect(await signedIn(cookie)).toBe(true);
    await handle.db.updateTable('auth_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', userId).execute();
    expect(await signedIn(cookie)).toBe(false);
    const account = await app.request('/account', { cookie, redirect: 'manual' });
    expect(account.status).toBe(302);
    expect(account.headers.get('Location')).toBe('/login?redirectTo=%2Faccount');
  });

  it('renews a session used again after a day (sliding expiry), and leaves a fresh one alone', async () => {
    const userId = await userIdByEmail(handle.db, 'asesor2@kompeten.test');
    const cookie = await app.sessionCookie(userId);
    const [session] = await sessionsOf(userId);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const soon = new Date(Date.now() + 3 * 86_400_000);
    await handle.db.updateTable('auth_sessions').set({ last_seen_at: twoDaysAgo, expires_at: soon }).where('id', '=', session!.id).execute();
    expect(await signedIn(cookie)).toBe(true);
    const [renewed] = await sessionsOf(userId);
    expect(renewed!.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(renewed!.last_seen_at.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const before = renewed!.expires_at.getTime();
    expect(await findActorBySession(handle.db, session!.id, null)).not.toBeNull();
    const [again] = await sessionsOf(userId);
    expect(again!.expires_at.getTime()).toBe(before);
  });

  it('ends the sessions of a deactivated user at once', async () => {
    const userId = await createUser(handle.db, { email: 'nonaktif@contoh.test', roles: [{ role: 'participant' }] });
    const cookie = await app.sessionCookie(userId);
    await handle.db.updateTable('users').set({ is_active: false }).where('id', '=', userId).execute();
    expect(await signedIn(cookie)).toBe(false);
  });
});

describe('sign-in', () => {
  it('never locks the account: an attacker at one address cannot keep the real user out at another', async () => {
    const email = 'lembaga@kompeten.test';
    const unknown = await app.postForm('/login', { email: 'tidak.ada@contoh.test', password: 'salah' }, undefined, { ip: '198.51.100.1' });
    const genericMessage = 'E-mail atau kata sandi salah. Coba lagi.';
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain(genericMessage);
    const attacker = { ip: '198.51.100.2' };
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) answers.push((await app.postForm('/login', { email, password: `salah-${i}` }, undefined, attacker)).status);
    // Five failures answer with the form's message; after that the attacker's address waits.
    expect(answers.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(answers.slice(5)).toEqual(Array(7).fill(429));
    const refused = await app.postForm('/login', { email, password: 'Kompeten2026!' }, undefined, attacker);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Terlalu banyak percobaan masuk yang gagal untuk akun ini');

    // The real user, at their own address, signs in at once.
    const ok = await app.postForm('/login', { email, password: 'Kompeten2026!', redirectTo: '/account' }, undefined, { ip: '198.51.100.3' });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('Location')).toBe('/account');
    const userId = await userIdByEmail(handle.db, email);
    expect(await handle.db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirstOrThrow()).toEqual({ locked_until: null });
    const [audit] = await auditRows(handle.db, { action: 'user.sign_in_throttled', entityId: userId });
    expect(audit).toMatchObject({ ip: '198.51.100.2', actor_user_id: null, after: { failures: 5 } });
  });

  it('makes the delays grow after five failures from one address for one account, and a success resets them', async () => {
    const email = 'asesor1@kompeten.test';
    const from = { ip: '198.51.100.20' };
    const key = `signIn:ip-account:198.51.100.20:${email}`;
    const backdate = (seconds: number) =>
      handle.db.updateTable('rate_limits').set({ window_started_at: new Date(Date.now() - seconds * 1000) }).where('key', '=', key).execute();
    for (let i = 0; i < 5; i++) expect((await app.postForm('/login', { email, password: `salah-${i}` }, undefined, from)).status).toBe(400);
    const waits: number[] = [];
    for (let n = 0; n < 4; n++) {
      const limited = await app.postForm('/login', { email, password: 'salah lagi' }, undefined, from);
      expect(limited.status).toBe(429);
      const wait = Number(limited.headers.get('Retry-After'));
      waits.push(wait);
      // Once the wait has passed, one more attempt is let through (and fails).
      await backdate(wait + 1);
      expect((await app.postForm('/login', { email, password: 'salah lagi' }, undefined, from)).status).toBe(400);
    }
    expect(waits).toEqual([2, 4, 8, 16]);
    // The delay stops growing at fifteen minutes.
    await handle.db.updateTable('rate_limits').set({ hits: 40, window_started_at: new Date() }).where('key', '=', key).execute();
    expect((await app.postForm('/login', { email, password: 'salah lagi' }, undefined, from)).headers.get('Retry-After')).toBe('900');

    // After the wait, the right password signs in and clears the back-off.
    await backdate(901);
    expect((await app.postForm('/login', { email, password: 'Kompeten2026!' }, undefined, from)).status).toBe(302);
    expect(await handle.db.selectFrom('rate_limits').select('hits').where('key', '=', key).executeTakeFirst()).toBeUndefined();
    expect((await app.postForm('/login', { email, password: 'salah' }, undefined, from)).status).toBe(400);
  });

  it('limits failures per address across accounts (20 tries over 4 accounts), but not successful sign-ins', async () => {
    for (let i = 0; i < 25; i++) {
      expect((await app.postForm('/login', { email: 'koordinator@kompeten.test', password: 'Kompeten2026!' }, undefined, { ip: '198.51.100.99' })).status).toBe(302);
    }

    const from = { ip: '198.51.100.250' };
    const accounts = ['orang1@contoh.test', 'orang2@contoh.test', 'lsp@kompeten.test', 'asesor2@kompeten.test'];
    const answers: number[] = [];
    for (let i = 0; i < 20; i++) answers.push((await app.postForm('/login', { email: accounts[i % 4]!, password: `salah-${i}` }, undefined, from)).status);
    expect(answers).toEqual(Array(20).fill(400));
    const byAddress = await app.postForm('/login', { email: 'koperasi@kompeten.test', password: 'Kompeten2026!' }, undefined, from);
    expect(byAddress.status).toBe(429);
    expect(Number(byAddress.headers.get('Retry-After'))).toBeGreaterThan(800);
    expect(await byAddress.text()).toContain('Terlalu banyak percobaan masuk yang gagal dari alamat jaringan Anda');
    const elsewhere = await app.postForm('/login', { email: 'koperasi@kompeten.test', password: 'Kompeten2026!' }, undefined, { ip: '198.51.100.251' });
    expect(elsewhere.status).toBe(302);
    // The English page says it in English.
    const english = await app.postForm('/login?lng=en', { email: 'koperasi@kompeten.test', password: 'x' }, undefined, from);
    expect(english.status).toBe(429);
    expect(await english.text()).toContain('Too many failed sign-ins from your network address');
  });

  it('answers a sign-in form with invalid input 400, and a reset request too', async () => {
    const signIn = await app.postForm('/login', { email: 'bukan-alamat', password: '' }, undefined, { ip: '198.51.100.77' });
    expect(signIn.status).toBe(400);
    expect(await signIn.text()).toContain('Masukkan alamat e-mail yang valid');
    const reset = await app.postForm('/forgot-password', { email: 'bukan-alamat' }, undefined, { ip: '198.51.100.77' });
    expect(reset.status).toBe(400);
  });

  it('counts a rate-limit window in the database and starts a new one when it ends', async () => {
    const first = await checkRateLimit(handle.db, 'test:window', 2, 60);
    const second = await checkRateLimit(handle.db, 'test:window', 2, 60);
    const third = await checkRateLimit(handle.db, 'test:window', 2, 60);
    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
    expect(third.retryAfterSeconds).toBeGreaterThan(0);
    expect(third.retryAfterSeconds).toBeLessThanOrEqual(60);
    await handle.db.updateTable('rate_limits').set({ window_started_at: new Date(Date.now() - 120_000), reset_at: new Date(Date.now() - 60_000) }).where('key', '=', 'test:window').execute();
    const fresh = await checkRateLimit(handle.db, 'test:window', 2, 60);
    expect(fresh).toMatchObject({ allowed: true, hits: 1 });
  });

  it.skipIf(!usingPostgres())('lets no concurrent burst of sign-ins past the back-off (PostgreSQL)', async () => {
    const from = { ip: '198.51.100.140' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.postForm('/login', { email: 'peserta@kompeten.test', password: `salah-${i}` }, undefined, from).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 400)).toHaveLength(5);
    expect(answers.filter((s) => s === 429)).toHaveLength(15);
  });

  it.skipIf(!usingPostgres())('counts concurrent attempts exactly (PostgreSQL)', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => checkRateLimit(handle.db, 'test:concurrent', 5, 60)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('password reset', () => {
  it('mails a one-hour, single-use link; the new password signs in, every session ends and the sign-in back-off is cleared', async () => {
    const email = 'koperasi@kompeten.test';
    const userId = await userIdByEmail(handle.db, email);
    const oldCookie = await app.sessionCookie(userId);
    const forgetful = { ip: '203.0.113.32' };
    for (let i = 0; i < 5; i++) await app.postForm('/login', { email, password: `lupa-${i}` }, undefined, forgetful);
    expect((await app.postForm('/login', { email, password: 'lupa lagi' }, undefined, forgetful)).status).toBe(429);

    const request = await app.postForm('/forgot-password', { email: 'Koperasi@Kompeten.test' }, undefined, { ip: '203.0.113.30' });
    expect(request.status).toBe(302);
    expect(request.headers.get('Location')).toBe('/forgot-password?sent=1');
    const [mail] = await mailTo(handle.db, email);
    expect(mail).toMatchObject({ template: 'password-reset', subject: 'Buat kata sandi baru Kompeten' });
    expect(mail!.text_body).toContain('60 menit');
    const link = linkIn(mail!.text_body, '/reset-password/');
    const token = await handle.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', userId).where('kind', '=', 'password_reset').executeTakeFirstOrThrow();
    const lifetime = token.expires_at.getTime() - token.created_at.getTime();
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000 + 1000);
    expect(await auditRows(handle.db, { action: 'user.password_reset_requested', entityId: userId })).toHaveLength(1);

    expect(await (await app.request(link)).text()).toContain('Buat kata sandi baru');
    const mismatch = await app.postForm(link, { password: 'kata sandi baru sekali', passwordConfirm: 'lain' });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('Kedua kata sandi tidak sama');
    const tooShort = await app.postForm(link, { password: 'pendek', passwordConfirm: 'pendek' });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('Kata sandi minimal 10 karakter');

    const sessionsBefore = (await sessionsOf(userId)).length;
    expect(sessionsBefore).toBeGreaterThanOrEqual(1);
    const done = await app.postForm(link, { password: 'kata sandi baru sekali', passwordConfirm: 'kata sandi baru sekali' }, undefined, { ip: '203.0.113.31' });
    expect(done.status).toBe(302);
    expect(done.headers.get('Location')).toBe('/login');
    expect(await sessionsOf(userId)).toHaveLength(0);
    expect(await signedIn(oldCookie)).toBe(false);
    const [audit] = await auditRows(handle.db, { action: 'user.password_reset', entityId: userId });
    expect(audit).toMatchObject({ ip: '203.0.113.31', after: { sessionsRevoked: sessionsBefore } });

    expect((await app.postForm('/login', { email, password: 'Kompeten2026!' })).status).toBe(400);
    const signIn = await app.postForm('/login', { email, password: 'kata sandi baru sekali', redirectTo: '/' }, undefined, forgetful);
    expect(signIn.status).toBe(302);
    expect(await signedIn(cookiesFrom(signIn))).toBe(true);

    // Single use.
    expect((await app.request(link)).status).toBe(410);
    expect((await app.postForm(link, { password: 'lagi kata sandi baru', passwordConfirm: 'lagi kata sandi baru' })).status).toBe(410);
  });

  it('answers the same for an unknown address, sends nothing, and retires older links when a new one is asked for', async () => {
    const unknown = await app.postForm('/forgot-password', { email: 'siapa@contoh.test' });
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get('Location')).toBe('/forgot-password?sent=1');
    expect(await mailTo(handle.db, 'siapa@contoh.test')).toHaveLength(0);

    const email = 'peserta@kompeten.test';
    await app.postForm('/forgot-password', { email });
    await app.postForm('/forgot-password', { email });
    const [first, second] = (await mailTo(handle.db, email)).map((m) => linkIn(m.text_body, '/reset-password/'));
    expect((await app.request(first!)).status).toBe(410);
    expect((await app.request(second!)).status).toBe(200);
  });

  it('refuses a link older than an hour', async () => {
    const email = 'asesor1@kompeten.test';
    await app.postForm('/forgot-password', { email });
    const link = linkIn((await mailTo(handle.db, email)).at(-1)!.text_body, '/reset-password/');
    await handle.db
      .updateTable('auth_tokens')
      .set({ created_at: new Date(Date.now() - 61 * 60_000), expires_at: new Date(Date.now() - 60_000) })
      .where('email', '=', email)
      .execute();
    expect((await app.request(link)).status).toBe(410);
    const attempt = await app.postForm(link, { password: 'kata sandi baru sekali', passwordConfirm: 'kata sandi baru sekali' });
    expect(attempt.status).toBe(410);
    expect((await app.postForm('/login', { email, password: 'Kompeten2026!', redirectTo: '/' })).status).toBe(302);
  });

  it('ignores a filled honeypot and limits requests per address', async () => {
    const bot = await app.postForm('/forgot-password', { email: 'lembaga@kompeten.test', website: 'x' });
    expect(bot.headers.get('Location')).toBe('/forgot-password?sent=1');
    expect((await mailTo(handle.db, 'lembaga@kompeten.test')).filter((m) => m.template === 'password-reset')).toHaveLength(0);

    for (let i = 0; i < 3; i++) expect((await app.postForm('/forgot-password', { email: 'lembaga@kompeten.test' }, undefined, { ip: `192.0.2.${i + 1}` })).status).toBe(302);
    const limited = await app.postForm('/forgot-password', { email: 'lembaga@kompeten.test' }, undefined, { ip: '192.0.2.9' });
    expect(limited.status).toBe(429);
    expect((await mailTo(handle.db, 'lembaga@kompeten.test')).filter((m) => m.template === 'password-reset')).toHaveLength(3);
  });
});
