import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '~/domain/accounts/tokens.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { auditRows, cookiesFrom, createUser, demoApp, linkIn, mailTo, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

let handle: DatabaseHandle;
let app: TestApp;
let known: { personId: string; nik: string; birthDate: string; fullName: string; cooperativeId: string };
let adminCooperativeId: string;

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  const person = await handle.db
    .selectFrom('people as p')
    .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
    .leftJoin('users as u', 'u.person_id', 'p.id')
    .select(['p.id', 'p.nik', 'p.birth_date', 'p.full_name', 'sp.cooperative_id'])
    .where('u.id', 'is', null)
    .where('sp.position', '=', 'Ketua')
    .orderBy('p.nik')
    .executeTakeFirstOrThrow();
  known = { personId: person.id, nik: person.nik, birthDate: person.birth_date!, fullName: person.full_name, cooperativeId: person.cooperative_id };
  const admin = await handle.db
    .selectFrom('user_roles')
    .select('cooperative_id')
    .where('role', '=', 'cooperative_admin')
    .executeTakeFirstOrThrow();
  adminCooperativeId = admin.cooperative_id!;
});
afterAll(() => handle.close());


const PASSWORD = 'kopi tubruk pagi hari';

function signUpFields(overrides: Record<string, string>) {
  return {
    fullName: 'Peserta Baru',
    nik: '3375014203950007',
    birthDate: '1995-03-02',
    email: 'baru@contoh.test',
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    cooperativeId: adminCooperativeId,
    position: 'Kasir',
    ...overrides,
  };
}

describe('participant sign-up', () => {
  it('finds the cooperative by part of its name or number, a short list at a time, and signs up with the one chosen', async () => {
    const dinas = await handle.db.selectFrom('cooperatives').select('dinas_id').where('id', '=', adminCooperativeId).executeTakeFirstOrThrow();
    const many = Array.from({ length: 25 }, (_, i) => ({
      dinas_id: dinas.dinas_id,
      name: `KSP Cari Uji Bersama ${String(i + 1).padStart(2, '0')}`,
      slug: `ksp-cari-uji-bersama-${i + 1}`,
      type: 'KSP' as const,
      cooperative_number: `33759988776655${String(i + 1).padStart(2, '0')}`,
    }));
    const inserted = await handle.db.insertInto('cooperatives').values(many).returning(['id', 'name', 'cooperative_number']).execute();

    // The page no longer lists every cooperative in one select.
    const empty = await (await app.request('/signup')).text();
    expect(empty).not.toContain('<select');
    expect(empty).not.toContain('KSP Cari Uji Bersama');
    expect(empty).toContain('name="koperasi"');

    // Part of the name, in any case: at most 20, and how many more.
    const byName = await (await app.request(`/signup?koperasi=${encodeURIComponent('cari uji')}`)).text();
    const radios = [...byName.matchAll(/type="radio" name="cooperativeId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(radios).toHaveLength(20);
    expect(byName).toContain('5 lagi cocok');
    expect(byName).not.toContain('<select');

    // A misspelt name still finds them.
    const misspelt = await (await app.request(`/signup?koperasi=${encodeURIComponent('cari uji bersma')}`)).text();
    expect(misspelt).toContain('KSP Cari Uji Bersama 01');

    // Part of the number finds exactly that one.
    const target = inserted.find((c) => c.name.endsWith(' 17'))!;
    const byNumber = await (await app.request(`/signup?koperasi=${target.cooperative_number!.slice(8)}`)).text();
    const numbered = [...byNumber.matchAll(/type="radio" name="cooperativeId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(numbered).toEqual([target.id]);
    expect(byNumber).toContain('KSP Cari Uji Bersama 17');

    // The form posts the chosen cooperative; the account lands on its roster.
    const email = 'pencari@contoh.test';
    const posted = await app.postForm(`/signup?koperasi=${target.cooperative_number}`, signUpFields({ email, nik: '3375015506960003', birthDate: '1996-06-15', cooperativeId: target.id }));
    expect(posted.status).toBe(302);
    const link = linkIn((await mailTo(handle.db, email))[0]!.text_body, '/confirm-email/');
    expect((await app.postForm(link, {})).status).toBe(302);
    const user = await handle.db.selectFrom('users').select('person_id').where('email', '=', email).executeTakeFirstOrThrow();
    const positions = await handle.db.selectFrom('staff_positions').select('cooperative_id').where('person_id', '=', user.person_id!).execute();
    expect(positions).toEqual([{ cooperative_id: target.id }]);
  });

  it('keeps the cooperative chosen, and what was typed, when a page without JavaScript searches again', async () => {
    const chosen = await handle.db.selectFrom('cooperatives').select(['id', 'name', 'cooperative_number']).where('id', '=', adminCooperativeId).executeTakeFirstOrThrow();
    const other = await handle.db
      .selectFrom('cooperatives')
      .select(['id', 'name', 'cooperative_number'])
      .where('id', '!=', adminCooperativeId)
      .where('cooperative_number', 'is not', null)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    // "Cari" is a button of the sign-up form: the chosen radio and the typed fields travel with the search.
    const first = await (await app.request(`/signup?koperasi=${chosen.cooperative_number}`)).text();
    expect(first).toMatch(/<button[^>]*type="submit"[^>]*name="intent"[^>]*value="search"/);
    expect(first).not.toContain('method="get"');
    const email = 'cari.lagi@contoh.test';
    const fields = signUpFields({ email, nik: '3375015506960011', birthDate: '15-06-1996', cooperativeId: chosen.id, fullName: 'Pencari Kedua Kali' });
    const again = await app.postForm('/signup', { ...fields, intent: 'search', koperasi: other.cooperative_number!, koperasiShown: chosen.cooperative_number! });
    expect(again.status).toBe(200);
    const html = await again.text();
    // The new search's cooperatives, and the one chosen before, still chosen.
    const radios = [...html.matchAll(/<input type="radio" name="cooperativeId"[^>]*>/g)].map((m) => m[0]);
    expect(radios.map((r) => /value="([0-9a-f-]{36})"/.exec(r)![1])).toEqual([chosen.id, other.id]);
    expect(radios.filter((r) => r.includes('checked')).map((r) => /value="([0-9a-f-]{36})"/.exec(r)![1])).toEqual([chosen.id]);
    expect(html).toContain(other.name);
    expect(html).toContain(chosen.name);
    expect(html).toContain('value="Pencari Kedua Kali"');
    expect(html).toContain(`value="${other.cooperative_number}"`);
    expect(html).not.toContain(PASSWORD);
    expect(await mailTo(handle.db, email)).toHaveLength(0);

    // Enter in another field "clicks" Cari too; with the search unchanged that is the sign-up.
    const signedUp = await app.postForm('/signup', { ...fields, intent: 'search', koperasi: other.cooperative_number!, koperasiShown: other.cooperative_number! });
    expect(signedUp.status).toBe(302);
    expect(signedUp.headers.get('Location')).toBe('/signup?sent=1');
    expect(await mailTo(handle.db, email)).toHaveLength(1);
  });

  it('links a person already on a roster to the new account, after the e-mailed link is followed', async () => {
    const email = 'ketua.dikenal@contoh.test';
    const response = await app.postForm('/signup', signUpFields({ fullName: known.fullName, nik: known.nik, birthDate: known.birthDate, email, cooperativeId: known.cooperativeId }), undefined, { ip: '198.51.100.10' });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/signup?sent=1');
    expect(await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();

    const [mail, ...more] = await mailTo(handle.db, email);
    expect(more).toHaveLength(0);
    expect(mail!.template).toBe('account-confirm');
    expect(mail!.subject).toBe('Konfirmasi pendaftaran akun Kompeten');
    const link = linkIn(mail!.text_body, '/confirm-email/');
    const token = link.split('/').pop()!;
    // Only the token's hash is stored.
    const stored = await handle.db.selectFrom('auth_tokens').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect(stored.kind).toBe('email_verification');
    expect(stored.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const page = await app.request(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);

    const confirmed = await app.postForm(link, {}, undefined, { ip: '198.51.100.10' });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('Location')).toBe('/account');
    const cookie = cookiesFrom(confirmed);
    expect(cookie).toContain('kompeten_session=');

    const user = await handle.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect(user.person_id).toBe(known.personId);
    expect(user.email_verified_at).not.toBeNull();
    const roles = await handle.db.selectFrom('user_roles').select(['role', 'institution_id', 'cooperative_id']).where('user_id', '=', user.id).execute();
    expect(roles).toEqual([{ role: 'participant', institution_id: null, cooperative_id: null }]);
    const person = await handle.db.selectFrom('people').select('status').where('id', '=', known.personId).executeTakeFirstOrThrow();
    expect(person.status).toBe('confirmed');

    const [audit] = await auditRows(handle.db, { action: 'user.signed_up', entityId: user.id });
    expect(audit).toMatchObject({ actor_user_id: null, ip: '198.51.100.10', entity_type: 'user' });
    expect(audit!.dinas_id).not.toBeNull();
    expect(audit!.after).toMatchObject({ linkedToKnownPerson: true, personId: known.personId, role: 'participant' });
    expect(JSON.stringify(audit)).not.toContain(known.nik);
    const requested = await auditRows(handle.db, { action: 'user.sign_up_requested', entityId: stored.id });
    expect(requested).toHaveLength(1);
    expect(JSON.stringify(requested[0]!.after)).toContain(`${known.nik.slice(0, 4)}********`);

    // The password hash does not stay in the token's record.
    const used = await handle.db.selectFrom('auth_tokens').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
    expect(used.used_at).not.toBeNull();
    expect(JSON.stringify(used.payload)).not.toMatch(/argon2|passwordHash/);

    // The account page shows the person's own NIK in full.
    const account = await (await app.request('/account', { cookie })).text();
    expect(account).toContain(known.nik);

    // The link works once.
    expect((await app.postForm(link, {})).status).toBe(410);
    expect((await app.request(link)).status).toBe(410);

    // And the new password signs in.
    const signIn = await app.postForm('/login', { email, password: PASSWORD, redirectTo: '/' });
    expect(signIn.status).toBe(302);
  });

  it('puts someone not on any roster on the chosen cooperative as a pending person, for its admin to confirm', async () => {
    const email = 'baru@contoh.test';
    expect((await app.postForm('/signup', signUpFields({ email }))).status).toBe(302);
    const link = linkIn((await mailTo(handle.db, email))[0]!.text_body, '/confirm-email/');
    const confirmed = await app.postForm(link, {});
    expect(confirmed.status).toBe(302);

    const user = await handle.db.selectFrom('users').select(['id', 'person_id']).where('email', '=', email).executeTakeFirstOrThrow();
    const person = await handle.db.selectFrom('people').selectAll().where('id', '=', user.person_id!).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ nik: '3375014203950007', status: 'pending', sex: 'F', birth_date: '1995-03-02', full_name: 'Peserta Baru' });
    const positions = await handle.db.selectFrom('staff_positions').select(['cooperative_id', 'position']).where('person_id', '=', person.id).execute();
    expect(positions).toEqual([{ cooperative_id: adminCooperativeId, position: 'Kasir' }]);

    // The cooperative admin sees them with a masked NIK; the coordinator with the full NIK.
    const adminCookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koperasi@kompeten.test'));
    const adminPage = await (await app.request('/users/pending', { cookie: adminCookie })).text();
    expect(adminPage).toContain('Peserta Baru');
    expect(adminPage).toContain('3375********0007');
    expect(adminPage).not.toContain('3375014203950007');
    const coordinatorCookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    expect(await (await app.request('/users/pending', { cookie: coordinatorCookie })).text()).toContain('3375014203950007');

    // An admin of another cooperative neither sees nor confirms them.
    const otherCooperative = await handle.db
      .selectFrom('cooperatives')
      .select('id')
      .where('id', '!=', adminCooperativeId)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const otherAdmin = await createUser(handle.db, {
      email: 'admin.lain@contoh.test',
      roles: [{ role: 'cooperative_admin', cooperativeId: otherCooperative.id }],
    });
    const otherCookie = await app.sessionCookie(otherAdmin);
    expect(await (await app.request('/users/pending', { cookie: otherCookie })).text()).not.toContain('Peserta Baru');
    expect((await app.postForm('/users/pending', { personId: person.id }, otherCookie)).status).toBe(404);

    const confirm = await app.postForm('/users/pending', { personId: person.id }, adminCookie, { ip: '203.0.113.7' });
    expect(confirm.status).toBe(302);
    expect((await handle.db.selectFrom('people').select('status').where('id', '=', person.id).executeTakeFirstOrThrow()).status).toBe('confirmed');
    const [audit] = await auditRows(handle.db, { action: 'person.confirmed', entityId: person.id });
    expect(audit).toMatchObject({ actor_user_id: await userIdByEmail(handle.db, 'koperasi@kompeten.test'), ip: '203.0.113.7' });
    expect(audit!.before).toEqual({ status: 'pending' });
    // Confirming twice is a conflict, not a second audit row.
    expect((await app.postForm('/users/pending', { personId: person.id }, adminCookie)).status).toBe(409);
    expect(await auditRows(handle.db, { action: 'person.confirmed', entityId: person.id })).toHaveLength(1);
  });

  it('checks the NIK: digits, region, the birth-date part and that it matches the birth date', async () => {
    const before = (await handle.db.selectFrom('mail_outbox').select('id').execute()).length;
    const cases: [Record<string, string>, string][] = [
      [{ nik: '33750142039500' }, 'NIK terdiri dari tepat 16 angka'],
      [{ nik: '0000000000000000' }, 'NIK ini tidak valid'],
      [{ nik: '9975014203950007' }, 'Kode wilayah pada NIK tidak dikenal'],
      [{ nik: '3375017303950007' }, 'Bagian tanggal lahir pada NIK tidak valid'],
      [{ nik: '3375014203950007', birthDate: '1995-03-03' }, 'NIK tidak cocok dengan tanggal lahir'],
      [{ nik: known.nik, birthDate: '1960-01-01' }, 'NIK tidak cocok dengan tanggal lahir'],
    ];
    for (const [fields, message] of cases) {
      const response = await app.postForm('/signup', signUpFields({ email: 'salah@contoh.test', ...fields }));
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(await response.text(), JSON.stringify(fields)).toContain(message);
    }
    // A NIK on a roster recorded with another birth date (here: another century) is refused too.
    await handle.db.insertInto('people').values({ nik: '3375011203050019', full_name: 'Anak Muda', birth_date: '2005-03-12', sex: 'M' }).execute();
    const otherCentury = await app.postForm('/signup', signUpFields({ email: 'salah@contoh.test', nik: '3375011203050019', birthDate: '1905-03-12' }));
    expect(otherCentury.status).toBe(400);
    expect(await otherCentury.text()).toContain('NIK dan tanggal lahir tidak cocok dengan data kami');
    expect((await handle.db.selectFrom('mail_outbox').select('id').execute()).length).toBe(before);
  });

  it('answers an address that already has an account the same way, and mails its owner a note instead', async () => {
    const response = await app.postForm('/signup', signUpFields({ email: 'Koordinator@Kompeten.test', nik: '3375010101900011', birthDate: '1990-01-01' }));
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/signup?sent=1');
    const mails = await mailTo(handle.db, 'koordinator@kompeten.test');
    expect(mails.map((m) => m.template)).toEqual(['account-exists']);
    expect(linkIn(mails[0]!.text_body, '/forgot-password')).toBe('/forgot-password');
    const tokens = await handle.db.selectFrom('auth_tokens').select('id').where('email', '=', 'koordinator@kompeten.test').execute();
    expect(tokens).toHaveLength(0);
  });

  it('tells a person who already has an account to sign in instead', async () => {
    const participant = await handle.db
      .selectFrom('users as u')
      .innerJoin('people as p', 'p.id', 'u.person_id')
      .select(['p.nik', 'p.birth_date'])
      .where('u.email', '=', 'peserta@kompeten.test')
      .executeTakeFirstOrThrow();
    const response = await app.postForm('/signup', signUpFields({ email: 'kedua@contoh.test', nik: participant.nik, birthDate: participant.birth_date! }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Sudah ada akun untuk NIK ini');
  });

  it('drops a submission whose honeypot field is filled, with the answer a person gets', async () => {
    const response = await app.postForm('/signup', { ...signUpFields({ email: 'robot@contoh.test', nik: '3375010101900027', birthDate: '1990-01-01' }), website: 'http://spam.example' });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/signup?sent=1');
    expect(await mailTo(handle.db, 'robot@contoh.test')).toHaveLength(0);
    expect(await handle.db.selectFrom('auth_tokens').select('id').where('email', '=', 'robot@contoh.test').execute()).toHaveLength(0);
  });

  it('limits sign-ups per e-mail address and per client address, in the database', async () => {
    const fields = signUpFields({ email: 'berulang@contoh.test', nik: '3375010101900035', birthDate: '1990-01-01' });
    for (let i = 0; i < 3; i++) expect((await app.postForm('/signup', fields, undefined, { ip: '192.0.2.50' })).status).toBe(302);
    const limited = await app.postForm('/signup', fields, undefined, { ip: '192.0.2.51' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Terlalu banyak percobaan');
    expect(await mailTo(handle.db, 'berulang@contoh.test')).toHaveLength(3);

    for (let i = 0; i < 10; i++) {
      const response = await app.postForm('/signup', signUpFields({ email: `ip${i}@contoh.test`, nik: '3375010101900043', birthDate: '1990-01-01' }), undefined, { ip: '192.0.2.99' });
      expect(response.status).toBe(302);
    }
    expect((await app.postForm('/signup', signUpFields({ email: 'ip10@contoh.test', nik: '3375010101900043', birthDate: '1990-01-01' }), undefined, { ip: '192.0.2.99' })).status).toBe(429);
    const counter = await handle.db.selectFrom('rate_limits').selectAll().where('key', '=', 'signUp:ip:192.0.2.99').executeTakeFirstOrThrow();
    expect(counter.hits).toBe(11);
  });

  it('refuses an expired confirmation link', async () => {
    const email = 'lambat@contoh.test';
    expect((await app.postForm('/signup', signUpFields({ email, nik: '3375010101900051', birthDate: '1990-01-01' }))).status).toBe(302);
    const link = linkIn((await mailTo(handle.db, email))[0]!.text_body, '/confirm-email/');
    await handle.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('email', '=', email)
      .execute();
    expect((await app.request(link)).status).toBe(410);
    expect((await app.postForm(link, {})).status).toBe(410);
    expect(await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();

    // A day after it expired, the request (NIK, password hash) is forgotten when the next link is issued.
    await handle.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 2 * 86_400_000) }).where('email', '=', email).execute();
    expect((await app.postForm('/signup', signUpFields({ email: 'berikutnya@contoh.test', nik: '3375010101900078', birthDate: '1990-01-01' }))).status).toBe(302);
    expect(await handle.db.selectFrom('auth_tokens').select('id').where('email', '=', email).execute()).toHaveLength(0);
  });

  it("shows the coordinator that a confirmation link was sent, never the link (only its recipient may use it)", async () => {
    const email = 'tautan.rahasia@contoh.test';
    expect((await app.postForm('/signup', signUpFields({ email, nik: '3375010101900086', birthDate: '1990-01-01' }), undefined, { ip: '198.51.100.77' })).status).toBe(302);
    const [mail] = await mailTo(handle.db, email);
    const link = linkIn(mail!.text_body, '/confirm-email/');
    const token = link.split('/').pop()!;
    expect(token.length).toBeGreaterThan(20);
    const coordinatorCookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    const page = await (await app.request(`/mail/${mail!.id}`, { cookie: coordinatorCookie })).text();
    expect(page).toContain('/confirm-email/…');
    expect(page).not.toContain(token);
    // The message itself keeps the link: the recipient's copy works.
    expect((await app.request(link)).status).toBe(200);
  });
});
