import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { auditRows, createUser, demoApp, demoInstitutions, demoDinasId, seedOtherDinas, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

let handle: DatabaseHandle;
let app: TestApp;
let coordinatorId: string;
let coordinatorCookie: string;
let other: Awaited<ReturnType<typeof seedOtherDinas>>;
let otherParticipantId: string;
let lspId: string;
let instituteId: string;

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  coordinatorId = await userIdByEmail(handle.db, 'koordinator@kompeten.test');
  coordinatorCookie = await app.sessionCookie(coordinatorId);
  other = await seedOtherDinas(handle.db);
  otherParticipantId = await createUser(handle.db, {
    email: 'wawan@batang.test',
    displayName: 'Wawan Batang',
    personId: other.personId,
    roles: [{ role: 'participant' }],
  });
  ({ lsp: lspId, institute: instituteId } = await demoInstitutions(handle.db));
});
afterAll(() => handle.close());

/** The client address the forms come from (the audit shows it). */
const FROM_CLIENT = { ip: '203.0.113.60' };

describe('user administration', () => {
  it('lists the users of the Dinas’s world and nobody else’s', async () => {
    const html = await (await app.request('/users?size=100', { cookie: coordinatorCookie })).text();
    for (const email of ['koordinator@', 'lembaga@', 'asesor1@', 'asesor2@', 'lsp@', 'koperasi@', 'peserta@']) {
      expect(html, email).toContain(`${email}kompeten.test`);
    }
    expect(html).not.toContain('koordinator@batang.test');
    expect(html).not.toContain('wawan@batang.test');

    const otherCookie = await app.sessionCookie(other.coordinatorId);
    const otherHtml = await (await app.request('/users', { cookie: otherCookie })).text();
    expect(otherHtml).toContain('koordinator@batang.test');
    expect(otherHtml).toContain('wawan@batang.test');
    expect(otherHtml).not.toContain('kompeten.test');
  });

  it('filters by role, search and status, and pages on the server', async () => {
    const assessors = await (await app.request('/users?role=assessor', { cookie: coordinatorCookie })).text();
    expect(assessors).toContain('asesor1@kompeten.test');
    expect(assessors).not.toContain('lembaga@kompeten.test');
    const search = await (await app.request('/users?q=LEMBAGA', { cookie: coordinatorCookie })).text();
    expect(search).toContain('lembaga@kompeten.test');
    expect(search).not.toContain('asesor1@kompeten.test');
    const inactive = await (await app.request('/users?status=inactive', { cookie: coordinatorCookie })).text();
    expect(inactive).toContain('Tidak ada pengguna yang cocok.');
    const firstPage = await (await app.request('/users?size=2&sort=email&dir=asc', { cookie: coordinatorCookie })).text();
    expect(firstPage).toContain('Halaman 1 dari 4');
    expect(firstPage).toContain('asesor1@kompeten.test');
    expect(firstPage).not.toContain('lsp@kompeten.test');
  });

  it('shows another Dinas’s users as "not found", and keeps the pages from everyone but administrators', async () => {
    expect((await app.request(`/users/${otherParticipantId}`, { cookie: coordinatorCookie })).status).toBe(404);
    expect((await app.postForm(`/users/${otherParticipantId}`, { intent: 'deactivate' }, coordinatorCookie, FROM_CLIENT)).status).toBe(404);
    expect((await handle.db.selectFrom('users').select('is_active').where('id', '=', otherParticipantId).executeTakeFirstOrThrow()).is_active).toBe(true);
    const participantId = await userIdByEmail(handle.db, 'peserta@kompeten.test');
    for (const email of ['lembaga@kompeten.test', 'asesor1@kompeten.test', 'koperasi@kompeten.test', 'peserta@kompeten.test']) {
      const cookie = await app.sessionCookie(await userIdByEmail(handle.db, email));
      expect((await app.request('/users', { cookie })).status, email).toBe(404);
      expect((await app.request(`/users/${participantId}`, { cookie })).status, email).toBe(404);
    }
    // The LSP's certification admin has a user list of the LSP's own: a participant is not on it.
    const lspCookie = await app.sessionCookie(await userIdByEmail(handle.db, 'lsp@kompeten.test'));
    expect((await app.request('/users', { cookie: lspCookie })).status).toBe(200);
    expect((await app.request(`/users/${participantId}`, { cookie: lspCookie })).status).toBe(404);
  });

  it('shows a participant’s NIK in full to the coordinator, with the account’s history', async () => {
    const participantId = await userIdByEmail(handle.db, 'peserta@kompeten.test');
    const person = await handle.db
      .selectFrom('users as u')
      .innerJoin('people as p', 'p.id', 'u.person_id')
      .select('p.nik')
      .where('u.id', '=', participantId)
      .executeTakeFirstOrThrow();
    const html = await (await app.request(`/users/${participantId}`, { cookie: coordinatorCookie })).text();
    expect(html).toContain(person.nik);
    expect(html).toContain('Riwayat');
  });

  it('deactivates a user: sessions end, sign-in fails, and the history says who did it; then reactivates', async () => {
    const userId = await userIdByEmail(handle.db, 'asesor2@kompeten.test');
    const cookie = await app.sessionCookie(userId);
    const response = await app.postForm(`/users/${userId}`, { intent: 'deactivate' }, coordinatorCookie, FROM_CLIENT);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/users/${userId}`);
    expect(await handle.db.selectFrom('auth_sessions').select('id').where('user_id', '=', userId).execute()).toHaveLength(0);
    expect(await (await app.request('/', { cookie })).text()).not.toContain('class="user-name"');
    expect((await app.postForm('/login', { email: 'asesor2@kompeten.test', password: 'Kompeten2026!' })).status).toBe(400);
    const [audit] = await auditRows(handle.db, { action: 'user.deactivated', entityId: userId });
    expect(audit).toMatchObject({ actor_user_id: coordinatorId, dinas_id: await demoDinasId(handle.db), ip: '203.0.113.60', before: { isActive: true } });
    expect(audit!.after).toMatchObject({ isActive: false, sessionsRevoked: 1 });

    const page = await (await app.request(`/users/${userId}`, { cookie: coordinatorCookie })).text();
    expect(page).toContain('Akun dinonaktifkan');
    expect(page).toContain('Sri Wahyuni');

    expect((await app.postForm(`/users/${userId}`, { intent: 'deactivate' }, coordinatorCookie, FROM_CLIENT)).status).toBe(409);
    expect((await app.postForm(`/users/${userId}`, { intent: 'reactivate' }, coordinatorCookie, FROM_CLIENT)).status).toBe(302);
    expect((await app.postForm('/login', { email: 'asesor2@kompeten.test', password: 'Kompeten2026!' })).status).toBe(302);
    expect(await auditRows(handle.db, { action: 'user.reactivated', entityId: userId })).toHaveLength(1);
  });

  it('does not let a coordinator deactivate themself or revoke their own coordinator role', async () => {
    const response = await app.postForm(`/users/${coordinatorId}`, { intent: 'deactivate' }, coordinatorCookie, FROM_CLIENT);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('tidak dapat menonaktifkan akun sendiri');
    const role = await handle.db.selectFrom('user_roles').select('id').where('user_id', '=', coordinatorId).executeTakeFirstOrThrow();
    expect((await app.postForm(`/users/${coordinatorId}`, { intent: 'revoke-role', roleId: role.id }, coordinatorCookie, FROM_CLIENT)).status).toBe(409);
    expect(await handle.db.selectFrom('user_roles').select('id').where('id', '=', role.id).executeTakeFirst()).toBeDefined();
  });

  it('changes a role: grants a new one and revokes it, each audited in the Dinas', async () => {
    const userId = await userIdByEmail(handle.db, 'peserta@kompeten.test');
    const dinasId = await demoDinasId(handle.db);
    const cooperative = await handle.db.selectFrom('cooperatives').select(['id', 'name']).where('dinas_id', '=', dinasId).orderBy('name').executeTakeFirstOrThrow();
    // An LSP's role is the LSP's to grant, not the Dinas's.
    expect((await app.postForm(`/users/${userId}`, { intent: 'grant-role', role: 'certification_admin', organizationId: lspId }, coordinatorCookie, FROM_CLIENT)).status).toBe(400);
    const granted = await app.postForm(`/users/${userId}`, { intent: 'grant-role', role: 'cooperative_admin', organizationId: cooperative.id }, coordinatorCookie, FROM_CLIENT);
    expect(granted.status).toBe(302);
    const roles = await handle.db.selectFrom('user_roles').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
    expect(roles.map((r) => r.role)).toEqual(['participant', 'cooperative_admin']);
    expect(roles[1]).toMatchObject({ cooperative_id: cooperative.id, granted_by_dinas_id: dinasId });
    expect((await app.postForm(`/users/${userId}`, { intent: 'grant-role', role: 'cooperative_admin', organizationId: cooperative.id }, coordinatorCookie, FROM_CLIENT)).status).toBe(400);

    const revoked = await app.postForm(`/users/${userId}`, { intent: 'revoke-role', roleId: roles[1]!.id }, coordinatorCookie, FROM_CLIENT);
    expect(revoked.status).toBe(302);
    expect((await handle.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map((r) => r.role)).toEqual(['participant']);
    const audit = (await auditRows(handle.db, { entityId: userId })).filter((r) => r.action.startsWith('user.role_'));
    expect(audit.map((r) => [r.action, r.dinas_id])).toEqual([
      ['user.role_granted', dinasId],
      ['user.role_revoked', dinasId],
    ]);
    expect(audit[1]!.before).toMatchObject({ role: 'cooperative_admin', organization: cooperative.name });
  });

  it('answers the grant form with invalid input 400, and grants nothing', async () => {
    const userId = await userIdByEmail(handle.db, 'asesor2@kompeten.test');
    const before = await handle.db.selectFrom('user_roles').select('id').where('user_id', '=', userId).execute();
    const response = await app.postForm(`/users/${userId}`, { intent: 'grant-role', role: 'bukan-peran', organizationId: lspId }, coordinatorCookie, FROM_CLIENT);
    expect(response.status).toBe(400);
    expect(await handle.db.selectFrom('user_roles').select('id').where('user_id', '=', userId).execute()).toHaveLength(before.length);
  });

  it('leaves roles of institutions and of another Dinas alone, and hides that Dinas’s own roles', async () => {
    const shared = await createUser(handle.db, {
      email: 'staf.bersama@contoh.test',
      roles: [
        { role: 'institute_staff', institutionId: instituteId, grantedByDinasId: await demoDinasId(handle.db) },
        { role: 'assessor', institutionId: lspId, grantedByDinasId: other.dinasId, registrationNumber: 'MET.2' },
        { role: 'coordinator', institutionId: other.dinasId, grantedByDinasId: other.dinasId },
      ],
    });
    const html = await (await app.request(`/users/${shared}`, { cookie: coordinatorCookie })).text();
    expect(html).not.toContain('Dinkop-UKM Kab. Batang');
    expect(html).not.toContain('Dinas Koperasi dan UKM Kabupaten Batang');
    const roles = await handle.db.selectFrom('user_roles').select(['id', 'role']).where('user_id', '=', shared).execute();
    const byRole = Object.fromEntries(roles.map((r) => [r.role, r.id]));
    expect((await app.postForm(`/users/${shared}`, { intent: 'revoke-role', roleId: byRole.assessor! }, coordinatorCookie, FROM_CLIENT)).status).toBe(409);
    expect((await app.postForm(`/users/${shared}`, { intent: 'revoke-role', roleId: byRole.coordinator! }, coordinatorCookie, FROM_CLIENT)).status).toBe(404);
    // Even a role the Dinas once granted at an institute is the institute's to revoke now.
    expect((await app.postForm(`/users/${shared}`, { intent: 'revoke-role', roleId: byRole.institute_staff! }, coordinatorCookie, FROM_CLIENT)).status).toBe(409);
    expect(await handle.db.selectFrom('user_roles').select('role').where('user_id', '=', shared).orderBy('role').execute()).toEqual([
      { role: 'assessor' },
      { role: 'coordinator' },
      { role: 'institute_staff' },
    ]);
  });
});

describe('each demo role', () => {
  it('signs in and sees the menu of its own world', async () => {
    const menus: Record<string, { has: string[]; hasNot: string[] }> = {
      'koordinator@kompeten.test': { has: ['/users', '/audit', '/account'], hasNot: ['/users/pending', '/platform'] },
      'koperasi@kompeten.test': { has: ['/users/pending', '/account'], hasNot: ['/users"', '/audit'] },
      'lembaga@kompeten.test': { has: ['/account'], hasNot: ['/users', '/audit'] },
      'asesor1@kompeten.test': { has: ['/account'], hasNot: ['/users', '/audit'] },
      'lsp@kompeten.test': { has: ['/users', '/account'], hasNot: ['/users/pending', '/audit', '/platform'] },
      'peserta@kompeten.test': { has: ['/account'], hasNot: ['/users', '/audit'] },
    };
    for (const [email, menu] of Object.entries(menus)) {
      const signIn = await app.postForm('/login', { email, password: 'Kompeten2026!', redirectTo: '/' });
      expect(signIn.status, email).toBe(302);
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const html = await (await app.request('/', { cookie })).text();
      const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
      for (const link of menu.has) expect(nav, `${email} ${link}`).toContain(`href="${link}`);
      for (const link of menu.hasNot) expect(nav, `${email} ${link}`).not.toContain(`href="${link}`);
    }
  });
});
