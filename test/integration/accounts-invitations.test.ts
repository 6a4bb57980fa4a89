import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { auditRows, cookiesFrom, demoApp, demoInstitutions, demoDinasId, linkIn, mailTo, seedOtherDinas, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

let handle: DatabaseHandle;
let app: TestApp;
let coordinatorCookie: string;
let ids: { dinas: string; lsp: string; institute: string; cooperative: string; other: Awaited<ReturnType<typeof seedOtherDinas>> };

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  const dinas = await demoDinasId(handle.db);
  ids = {
    dinas,
    ...(await demoInstitutions(handle.db)),
    cooperative: (await handle.db.selectFrom('cooperatives').select('id').where('dinas_id', '=', dinas).orderBy('name').executeTakeFirstOrThrow()).id,
    other: await seedOtherDinas(handle.db),
  };
  coordinatorCookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
});
afterAll(() => handle.close());

/** The cooperative the demo's cooperative admin administers. */
const adminCooperativeId = async () =>
  (await handle.db.selectFrom('user_roles').select('cooperative_id').where('role', '=', 'cooperative_admin').executeTakeFirstOrThrow()).cooperative_id!;

describe('invitations', () => {
  it("invites a new assessor by e-mail (the LSP's certification admin); the link sets name and password, signs them in, and works once", async () => {
    const email = 'asesor.baru@contoh.test';
    const lspAdminId = await userIdByEmail(handle.db, 'lsp@kompeten.test');
    const lspCookie = await app.sessionCookie(lspAdminId);
    const sent = await app.postForm('/users/invite', { email, name: 'Asesor Baru', role: 'assessor', organizationId: ids.lsp, registrationNumber: 'MET.000.009999 2024' }, lspCookie, { ip: '203.0.113.40' });
    expect(sent.status).toBe(302);
    expect(sent.headers.get('Location')).toBe('/users/invite');

    const [mail, ...more] = await mailTo(handle.db, email);
    expect(more).toHaveLength(0);
    // An LSP's invitation is in no Dinas's outbox or log.
    expect(mail).toMatchObject({ template: 'invitation', dinas_id: null, subject: 'Undangan bergabung di Kompeten sebagai Asesor (LSP)' });
    expect(mail!.text_body).toContain('Rina Marlina mengundang Anda');
    expect(mail!.text_body).toContain('LSP Koperasi Jasa Keuangan Nusantara');
    expect(mail!.text_body).toContain('7 hari');
    const link = linkIn(mail!.text_body, '/invitations/');
    const token = await handle.db.selectFrom('auth_tokens').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    const days = (token.expires_at.getTime() - token.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    const [sentAudit] = await auditRows(handle.db, { action: 'invitation.sent', entityId: token.id });
    expect(sentAudit).toMatchObject({ dinas_id: null, ip: '203.0.113.40', actor_user_id: lspAdminId });
    expect(await (await app.request('/users/invite', { cookie: lspCookie })).text()).toContain(email);
    expect(await (await app.request('/users/invite', { cookie: coordinatorCookie })).text()).not.toContain(email);

    const page = await app.request(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Anda diundang sebagai Asesor (LSP) untuk LSP Koperasi Jasa Keuangan Nusantara');
    expect(html).toContain('value="Asesor Baru"');

    const accepted = await app.postForm(link, { intent: 'create', displayName: 'Dr. Asesor Baru', password: 'sandi asesor baru', passwordConfirm: 'sandi asesor baru' }, undefined, { ip: '203.0.113.41' });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('Location')).toBe('/account');
    const cookie = cookiesFrom(accepted);
    expect(await (await app.request('/account', { cookie })).text()).toContain('Dr. Asesor Baru');

    const user = await handle.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect(user.display_name).toBe('Dr. Asesor Baru');
    expect(user.email_verified_at).not.toBeNull();
    const roles = await handle.db.selectFrom('user_roles').selectAll().where('user_id', '=', user.id).execute();
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({ role: 'assessor', institution_id: ids.lsp, registration_number: 'MET.000.009999 2024', granted_by_dinas_id: null });
    const [acceptAudit] = await auditRows(handle.db, { action: 'invitation.accepted', entityId: user.id });
    expect(acceptAudit).toMatchObject({ dinas_id: null, ip: '203.0.113.41', after: { createdAccount: true, role: 'assessor' } });

    expect((await app.request(link)).status).toBe(410);
    expect((await app.postForm(link, { intent: 'create', displayName: 'X', password: 'sandi asesor baru', passwordConfirm: 'sandi asesor baru' })).status).toBe(410);
    expect(await (await app.request('/users?q=asesor.baru', { cookie: lspCookie })).text()).toContain('Dr. Asesor Baru');
  });

  it('adds the role to an existing account once its owner has signed in', async () => {
    const email = 'peserta@kompeten.test';
    const userId = await userIdByEmail(handle.db, email);
    expect((await app.postForm('/users/invite', { email, role: 'cooperative_admin', organizationId: ids.cooperative }, coordinatorCookie)).status).toBe(302);
    const link = linkIn((await mailTo(handle.db, email)).at(-1)!.text_body, '/invitations/');

    const anonymous = await (await app.request(link)).text();
    expect(anonymous).toContain('sudah memiliki akun');
    expect(anonymous).toContain(`/login?redirectTo=${encodeURIComponent(link)}`);
    expect((await app.postForm(link, { intent: 'accept' })).status).toBe(409);
    const someoneElse = await app.sessionCookie(await userIdByEmail(handle.db, 'lembaga@kompeten.test'));
    expect(await (await app.request(link, { cookie: someoneElse })).text()).toContain('Anda sedang masuk dengan akun lain');
    expect((await app.postForm(link, { intent: 'accept' }, someoneElse)).status).toBe(409);

    const cookie = await app.sessionCookie(userId);
    const accepted = await app.postForm(link, { intent: 'accept' }, cookie);
    expect(accepted.status).toBe(302);
    const roles = await handle.db.selectFrom('user_roles').select(['role', 'cooperative_id']).where('user_id', '=', userId).orderBy('created_at').execute();
    expect(roles.map((r) => r.role)).toEqual(['participant', 'cooperative_admin']);
    expect(roles[1]!.cooperative_id).toBe(ids.cooperative);
    const [audit] = await auditRows(handle.db, { action: 'invitation.accepted', entityId: userId });
    expect(audit).toMatchObject({ actor_user_id: userId, after: { createdAccount: false } });
    expect((await app.postForm(link, { intent: 'accept' }, cookie)).status).toBe(410);
  });

  it('checks that the role is the coordinator’s to grant and the organization lies within the Dinas', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ role: 'assessor', organizationId: ids.lsp, registrationNumber: 'MET.1' }, 'Anda tidak dapat memberikan peran ini'],
      [{ role: 'institute_staff', organizationId: ids.institute }, 'Anda tidak dapat memberikan peran ini'],
      [{ role: 'cooperative_admin', organizationId: ids.lsp }, 'Organisasi ini tidak sesuai'],
      [{ role: 'coordinator', organizationId: ids.cooperative }, 'Organisasi ini tidak sesuai'],
      [{ role: 'cooperative_admin', organizationId: ids.other.cooperativeId }, 'Organisasi ini tidak sesuai'],
      [{ role: 'coordinator', organizationId: ids.other.dinasId }, 'Organisasi ini tidak sesuai'],
      [{ role: 'participant', organizationId: ids.dinas }, 'Pilih peran'],
    ];
    for (const [fields, message] of cases) {
      const response = await app.postForm('/users/invite', { email: 'cek@contoh.test', ...fields }, coordinatorCookie);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(await response.text(), JSON.stringify(fields)).toContain(message);
    }
    expect(await mailTo(handle.db, 'cek@contoh.test')).toHaveLength(0);

    const held = await app.postForm('/users/invite', { email: 'koperasi@kompeten.test', role: 'cooperative_admin', organizationId: await adminCooperativeId() }, coordinatorCookie);
    expect(held.status).toBe(400);
    expect(await held.text()).toContain('sudah memegang peran tersebut');

    // The other Dinas's coordinator cannot hand out roles in this Dinas's cooperatives.
    const otherCookie = await app.sessionCookie(ids.other.coordinatorId);
    const cross = await app.postForm('/users/invite', { email: 'cek@contoh.test', role: 'cooperative_admin', organizationId: ids.cooperative }, otherCookie);
    expect(await cross.text()).toContain('Organisasi ini tidak sesuai');
  });

  it('is for administrators only', async () => {
    for (const email of ['lembaga@kompeten.test', 'asesor1@kompeten.test', 'koperasi@kompeten.test', 'peserta@kompeten.test']) {
      const cookie = await app.sessionCookie(await userIdByEmail(handle.db, email));
      const response = await app.postForm('/users/invite', { email: 'cek2@contoh.test', role: 'institute_staff', organizationId: ids.institute }, cookie);
      expect(response.status, email).toBe(404);
      expect((await app.request('/users/invite', { cookie })).status, email).toBe(404);
    }
    const anonymous = await app.postForm('/users/invite', { email: 'cek2@contoh.test', role: 'institute_staff', organizationId: ids.institute });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/);
    expect(await mailTo(handle.db, 'cek2@contoh.test')).toHaveLength(0);
  });

  it('refuses an invitation older than seven days', async () => {
    const email = 'terlambat@contoh.test';
    await app.postForm('/users/invite', { email, role: 'cooperative_admin', organizationId: ids.cooperative }, coordinatorCookie);
    const link = linkIn((await mailTo(handle.db, email))[0]!.text_body, '/invitations/');
    await handle.db
      .updateTable('auth_tokens')
      .set({ created_at: new Date(Date.now() - 8 * 86_400_000), expires_at: new Date(Date.now() - 86_400_000) })
      .where('email', '=', email)
      .execute();
    expect((await app.request(link)).status).toBe(410);
    const attempt = await app.postForm(link, { intent: 'create', displayName: 'Terlambat', password: 'sandi yang panjang', passwordConfirm: 'sandi yang panjang' });
    expect(attempt.status).toBe(410);
    expect(await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('answers a form with invalid input 400 with its errors, and changes nothing', async () => {
    const invite = await app.postForm('/users/invite', { email: 'bukan-alamat', role: 'cooperative_admin', organizationId: ids.cooperative }, coordinatorCookie);
    expect(invite.status).toBe(400);
    expect(await invite.text()).toContain('Masukkan alamat e-mail yang valid');
    expect(await mailTo(handle.db, 'bukan-alamat')).toHaveLength(0);

    const email = 'nama.pendek@contoh.test';
    await app.postForm('/users/invite', { email, role: 'cooperative_admin', organizationId: ids.cooperative }, coordinatorCookie);
    const link = linkIn((await mailTo(handle.db, email))[0]!.text_body, '/invitations/');
    const create = await app.postForm(link, { intent: 'create', displayName: 'X', password: 'sandi yang panjang', passwordConfirm: 'sandi yang panjang' });
    expect(create.status).toBe(400);
    expect(await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    expect((await app.request(link)).status).toBe(200);
  });
});
