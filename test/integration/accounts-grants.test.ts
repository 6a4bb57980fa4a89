import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import {
  auditRows,
  createInstitutionAdmin,
  createUser,
  demoApp,
  demoDinasId,
  demoInstitutions,
  linkIn,
  mailTo,
  seedOtherDinas,
  seedOtherInstitutions,
  userIdByEmail,
} from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

/**
 * Nobody grants roles in an organization they do not administer (issue #10, item 1): a
 * Dinas's coordinator hands out coordinator and cooperative-admin roles of that Dinas, an
 * institute's or LSP's administrator the roles of that institution, the platform
 * administrator the coordinators of any Dinas and the admins of any institution.
 */

let handle: DatabaseHandle;
let app: TestApp;
let ids: {
  dinas: string;
  cooperative: string;
  institute: string;
  lsp: string;
  other: Awaited<ReturnType<typeof seedOtherDinas>>;
  otherInst: Awaited<ReturnType<typeof seedOtherInstitutions>>;
  instituteAdmin: string;
  lspAdmin: string;
  platformAdmin: string;
  coordinator: string;
};
const cookie = (userId: string) => app.sessionCookie(userId);

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  const db = handle.db;
  const dinas = await demoDinasId(db);
  const { institute, lsp } = await demoInstitutions(db);
  ids = {
    dinas,
    cooperative: (await db.selectFrom('cooperatives').select('id').where('dinas_id', '=', dinas).orderBy('name').executeTakeFirstOrThrow()).id,
    institute,
    lsp,
    other: await seedOtherDinas(db),
    otherInst: await seedOtherInstitutions(db),
    instituteAdmin: await createInstitutionAdmin(db, { institutionId: institute, email: 'admin.ldp@kompeten.test', displayName: 'Admin LDP Pekalongan' }),
    lspAdmin: await userIdByEmail(db, 'lsp@kompeten.test'),
    platformAdmin: await createUser(db, { email: 'operator@provinsi.test', displayName: 'Operator Provinsi', roles: [{ role: 'platform_admin' }] }),
    coordinator: await userIdByEmail(db, 'koordinator@kompeten.test'),
  };
});
afterAll(() => handle.close());

const tokensFor = (email: string) => handle.db.selectFrom('auth_tokens').selectAll().where('email', '=', email).execute();

describe('granting roles across organizations', () => {
  it("refuses the attack of the issue: Dinas 2's coordinator inviting staff into Dinas 1's training institute or LSP", async () => {
    const attacker = await cookie(ids.other.coordinatorId);
    for (const [role, organizationId, extra] of [
      ['institute_staff', ids.institute, {}],
      ['institute_admin', ids.institute, {}],
      ['certification_admin', ids.lsp, {}],
      ['assessor', ids.lsp, { registrationNumber: 'MET.000.000001 2024' }],
    ] as const) {
      const email = `penyusup.${role}@contoh.test`;
      const response = await app.postForm('/users/invite', { email, role, organizationId, ...extra }, attacker, { ip: '203.0.113.66' });
      expect([400, 404], role).toContain(response.status);
      if (response.status === 400) expect(await response.text(), role).toContain('Anda tidak dapat memberikan peran ini');
      expect(await tokensFor(email), role).toHaveLength(0);
      expect(await mailTo(handle.db, email), role).toHaveLength(0);
    }
    expect(await auditRows(handle.db, { action: 'invitation.sent' })).toHaveLength(0);

    // Nor on a user's page: the attacker's own world holds the other Dinas's person.
    const target = await createUser(handle.db, { email: 'wawan.batang@contoh.test', personId: ids.other.personId, roles: [{ role: 'participant' }] });
    const grant = await app.postForm(`/users/${target}`, { intent: 'grant-role', role: 'institute_staff', organizationId: ids.institute }, attacker);
    expect(grant.status).toBe(400);
    expect(await handle.db.selectFrom('user_roles').select('role').where('user_id', '=', target).execute()).toEqual([{ role: 'participant' }]);
  });

  it('lets each administrator grant exactly the roles of the organizations they administer', async () => {
    type Case = [actor: keyof typeof actors, role: string, organization: string, allowed: boolean, auditDinas?: string | null];
    const actors = { coordinator: ids.coordinator, instituteAdmin: ids.instituteAdmin, lspAdmin: ids.lspAdmin, platform: ids.platformAdmin };
    const met = { registrationNumber: 'MET.000.004512 2019' };
    const cases: Case[] = [
      ['coordinator', 'coordinator', ids.dinas, true, ids.dinas],
      ['coordinator', 'cooperative_admin', ids.cooperative, true, ids.dinas],
      ['coordinator', 'coordinator', ids.other.dinasId, false],
      ['coordinator', 'cooperative_admin', ids.other.cooperativeId, false],
      ['coordinator', 'institute_staff', ids.institute, false],
      ['coordinator', 'institute_admin', ids.institute, false],
      ['coordinator', 'assessor', ids.lsp, false],
      ['coordinator', 'certification_admin', ids.lsp, false],
      ['instituteAdmin', 'institute_staff', ids.institute, true, null],
      ['instituteAdmin', 'institute_admin', ids.institute, true, null],
      ['instituteAdmin', 'institute_staff', ids.otherInst.instituteId, false],
      ['instituteAdmin', 'assessor', ids.lsp, false],
      ['instituteAdmin', 'coordinator', ids.dinas, false],
      ['instituteAdmin', 'cooperative_admin', ids.cooperative, false],
      ['lspAdmin', 'assessor', ids.lsp, true, null],
      ['lspAdmin', 'certification_admin', ids.lsp, true, null],
      ['lspAdmin', 'assessor', ids.otherInst.lspId, false],
      ['lspAdmin', 'institute_staff', ids.institute, false],
      ['lspAdmin', 'coordinator', ids.dinas, false],
      ['platform', 'coordinator', ids.other.dinasId, true, ids.other.dinasId],
      ['platform', 'institute_admin', ids.otherInst.instituteId, true, null],
      ['platform', 'certification_admin', ids.otherInst.lspId, true, null],
      ['platform', 'institute_staff', ids.otherInst.instituteId, false],
      ['platform', 'assessor', ids.otherInst.lspId, false],
      ['platform', 'cooperative_admin', ids.cooperative, false],
      ['platform', 'institute_admin', ids.lsp, false],
    ];
    const failures: string[] = [];
    for (const [i, [actor, role, organizationId, allowed, auditDinas]] of cases.entries()) {
      const email = `pasangan${i}@contoh.test`;
      const response = await app.postForm('/users/invite', { email, role, organizationId, ...(role === 'assessor' ? met : {}) }, await cookie(actors[actor]));
      const tokens = await tokensFor(email);
      const label = `${actor} → ${role} @ ${organizationId}`;
      if (allowed) {
        if (response.status !== 302 || tokens.length !== 1) failures.push(`${label}: expected an invitation, got ${response.status}`);
        else {
          const [audit] = await auditRows(handle.db, { action: 'invitation.sent', entityId: tokens[0]!.id });
          if (audit?.dinas_id !== auditDinas) failures.push(`${label}: audited in ${audit?.dinas_id}, expected ${auditDinas}`);
          if (tokens[0]!.dinas_id !== auditDinas) failures.push(`${label}: invitation of Dinas ${tokens[0]!.dinas_id}`);
        }
      } else if (![400, 404].includes(response.status) || tokens.length > 0 || (await mailTo(handle.db, email)).length > 0) {
        failures.push(`${label}: expected a refusal, got ${response.status} with ${tokens.length} invitation(s)`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('offers in the role picker only the roles and organizations the administrator may grant', async () => {
    const coordinatorPage = await (await app.request('/users/invite', { cookie: await cookie(ids.coordinator) })).text();
    expect(coordinatorPage).toContain('value="cooperative_admin"');
    expect(coordinatorPage).not.toContain('value="institute_staff"');
    expect(coordinatorPage).not.toContain(`value="${ids.institute}"`);
    expect(coordinatorPage).not.toContain(`value="${ids.other.dinasId}"`);
    const institutePage = await (await app.request('/users/invite', { cookie: await cookie(ids.instituteAdmin) })).text();
    expect(institutePage).toContain('value="institute_staff"');
    expect(institutePage).toContain(`value="${ids.institute}"`);
    expect(institutePage).not.toContain('value="coordinator"');
    expect(institutePage).not.toContain(`value="${ids.otherInst.instituteId}"`);
    expect(institutePage).not.toContain(`value="${ids.dinas}"`);
    const platformPage = await (await app.request('/users/invite', { cookie: await cookie(ids.platformAdmin) })).text();
    for (const id of [ids.dinas, ids.other.dinasId, ids.institute, ids.otherInst.lspId]) expect(platformPage).toContain(`value="${id}"`);
    expect(platformPage).not.toContain('value="assessor"');
    expect(platformPage).not.toContain(`value="${ids.cooperative}"`);
  });
});

describe("an institution's own user administration", () => {
  it('lists its own staff only, and is out of reach of everyone else', async () => {
    const adminCookie = await cookie(ids.instituteAdmin);
    const list = await (await app.request('/users?size=100', { cookie: adminCookie })).text();
    expect(list).toContain('lembaga@kompeten.test');
    expect(list).toContain('admin.ldp@kompeten.test');
    for (const email of ['koordinator@kompeten.test', 'peserta@kompeten.test', 'asesor1@kompeten.test', 'admin.ldp@batang.test']) expect(list, email).not.toContain(email);
    const nav = list.slice(list.indexOf('<nav'), list.indexOf('</nav>'));
    expect(nav).toContain('href="/users"');

    const participant = await userIdByEmail(handle.db, 'peserta@kompeten.test');
    expect((await app.request(`/users/${participant}`, { cookie: adminCookie })).status).toBe(404);
    expect((await app.postForm(`/users/${participant}`, { intent: 'grant-role', role: 'institute_staff', organizationId: ids.institute }, adminCookie)).status).toBe(404);
    // The other institute's administrator does not see this institute's staff.
    const staff = await userIdByEmail(handle.db, 'lembaga@kompeten.test');
    expect((await app.request(`/users/${staff}`, { cookie: await cookie(ids.otherInst.instituteAdminId) })).status).toBe(404);
    // Staff without the admin role have no user pages at all.
    expect((await app.request('/users', { cookie: await cookie(staff) })).status).toBe(404);
    expect((await app.request('/users/invite', { cookie: await cookie(staff) })).status).toBe(404);
  });

  it("invites, grants and revokes its staff's roles, in the user's own history rather than a Dinas's log", async () => {
    const adminCookie = await cookie(ids.instituteAdmin);
    const email = 'instruktur.baru@contoh.test';
    expect((await app.postForm('/users/invite', { email, name: 'Instruktur Baru', role: 'institute_staff', organizationId: ids.institute }, adminCookie)).status).toBe(302);
    const [mail] = await mailTo(handle.db, email);
    expect(mail).toMatchObject({ dinas_id: null, template: 'invitation' });
    expect(mail!.text_body).toContain('Admin LDP Pekalongan mengundang Anda');
    const link = linkIn(mail!.text_body, '/invitations/');
    const accepted = await app.postForm(link, { intent: 'create', displayName: 'Instruktur Baru', password: 'sandi instruktur baru', passwordConfirm: 'sandi instruktur baru' });
    expect(accepted.status).toBe(302);
    const userId = await userIdByEmail(handle.db, email);
    expect(await handle.db.selectFrom('user_roles').select(['role', 'institution_id', 'granted_by_dinas_id']).where('user_id', '=', userId).execute()).toEqual([
      { role: 'institute_staff', institution_id: ids.institute, granted_by_dinas_id: null },
    ]);

    const granted = await app.postForm(`/users/${userId}`, { intent: 'grant-role', role: 'institute_admin', organizationId: ids.institute }, adminCookie, { ip: '203.0.113.70' });
    expect(granted.status).toBe(302);
    const staffRole = await handle.db.selectFrom('user_roles').select('id').where('user_id', '=', userId).where('role', '=', 'institute_staff').executeTakeFirstOrThrow();
    const revoked = await app.postForm(`/users/${userId}`, { intent: 'revoke-role', roleId: staffRole.id }, adminCookie, { ip: '203.0.113.70' });
    expect(revoked.status).toBe(302);
    const audit = await auditRows(handle.db, { entityId: userId });
    expect(audit.map((a) => [a.action, a.dinas_id])).toEqual([
      ['invitation.accepted', null],
      ['user.role_granted', null],
      ['user.role_revoked', null],
    ]);
    const page = await (await app.request(`/users/${userId}`, { cookie: adminCookie })).text();
    expect(page).toContain('Peran ditambahkan');
    expect(page).toContain('Peran dicabut');
    expect(page).toContain('Admin LDP Pekalongan');
    // An institution does not deactivate accounts (an account serves every organization of its owner).
    expect(page).not.toContain('value="deactivate"');
    expect((await app.postForm(`/users/${userId}`, { intent: 'deactivate' }, adminCookie)).status).toBe(403);

    // The Dinas's coordinator neither grants nor revokes the institute's roles.
    const coordinatorCookie = await cookie(ids.coordinator);
    const staff = await userIdByEmail(handle.db, 'lembaga@kompeten.test');
    const staffRoleOfDemo = await handle.db.selectFrom('user_roles').select('id').where('user_id', '=', staff).executeTakeFirstOrThrow();
    expect((await app.postForm(`/users/${staff}`, { intent: 'revoke-role', roleId: staffRoleOfDemo.id }, coordinatorCookie)).status).toBe(409);
    expect((await app.postForm(`/users/${staff}`, { intent: 'grant-role', role: 'institute_admin', organizationId: ids.institute }, coordinatorCookie)).status).toBe(400);
    expect(await handle.db.selectFrom('user_roles').select('role').where('user_id', '=', staff).execute()).toEqual([{ role: 'institute_staff' }]);
  });

  it("lets an LSP's certification admin manage its assessors, not another LSP's", async () => {
    const lspCookie = await cookie(ids.lspAdmin);
    const assessor = await userIdByEmail(handle.db, 'asesor2@kompeten.test');
    const list = await (await app.request('/users?size=100', { cookie: lspCookie })).text();
    expect(list).toContain('asesor2@kompeten.test');
    expect(list).not.toContain('lembaga@kompeten.test');
    const missingNumber = await app.postForm('/users/invite', { email: 'asesor.x@contoh.test', role: 'assessor', organizationId: ids.lsp }, lspCookie);
    expect(missingNumber.status).toBe(400);
    expect(await missingNumber.text()).toContain('Asesor wajib memiliki nomor registrasi');
    expect((await app.request(`/users/${assessor}`, { cookie: await cookie(ids.otherInst.lspAdminId) })).status).toBe(404);
    const role = await handle.db.selectFrom('user_roles').select('id').where('user_id', '=', assessor).executeTakeFirstOrThrow();
    expect((await app.postForm(`/users/${assessor}`, { intent: 'revoke-role', roleId: role.id }, await cookie(ids.otherInst.lspAdminId))).status).toBe(404);
    expect((await app.postForm(`/users/${assessor}`, { intent: 'revoke-role', roleId: role.id }, lspCookie)).status).toBe(302);
    const [audit] = await auditRows(handle.db, { action: 'user.role_revoked', entityId: assessor });
    expect(audit).toMatchObject({ dinas_id: null, actor_user_id: ids.lspAdmin });
  });
});
