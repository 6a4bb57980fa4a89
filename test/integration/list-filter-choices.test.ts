import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { createUser, demoApp, seedOtherDinas, seedOtherInstitutions } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

/**
 * A list's filters offer only what the user can see: a select whose only value is the
 * user's own organization (or the one role, type or status there is) is not offered, and a
 * select lists only values of the records the user sees.
 */
let handle: DatabaseHandle;
let app: TestApp;
let batang: Awaited<ReturnType<typeof seedOtherDinas>>;
let institutions: Awaited<ReturnType<typeof seedOtherInstitutions>>;

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  batang = await seedOtherDinas(handle.db);
  institutions = await seedOtherInstitutions(handle.db);
});
afterAll(() => handle.close());

const page = async (path: string, userId: string) => {
  const response = await app.request(path, { cookie: await app.sessionCookie(userId) });
  expect(response.status, path).toBe(200);
  return response.text();
};

/** The values a select offers (its empty "Semua" choice left out). */
function optionsOf(html: string, id: string): string[] | null {
  const select = new RegExp(`<select[^>]*id="${id}"[^>]*>(.*?)</select>`, 's').exec(html);
  if (!select) return null;
  return [...select[1]!.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter(Boolean);
}

describe('the user list', () => {
  it("offers an institute's admin no role filter while the institute has one kind of role, then only its own roles", async () => {
    expect(optionsOf(await page('/users', institutions.instituteAdminId), 'users-role')).toBeNull();

    const staffId = await createUser(handle.db, {
      email: 'staf.ldp@batang.test',
      displayName: 'Staf LDP Batang',
      // Also a coordinator elsewhere: the institute does not see that role.
      roles: [
        { role: 'institute_staff', institutionId: institutions.instituteId },
        { role: 'coordinator', institutionId: batang.dinasId, grantedByDinasId: batang.dinasId },
      ],
    });
    const html = await page('/users', institutions.instituteAdminId);
    expect(optionsOf(html, 'users-role')).toEqual(['institute_admin', 'institute_staff']);
    // Filtering by a role the institute does not see finds nobody, not its staff who hold it elsewhere.
    const coordinators = await page('/users?role=coordinator', institutions.instituteAdminId);
    expect(coordinators).not.toContain('Staf LDP Batang');
    expect(await page('/users?role=institute_staff', institutions.instituteAdminId)).toContain('Staf LDP Batang');
    await handle.db.deleteFrom('user_roles').where('user_id', '=', staffId).execute();
    await handle.db.deleteFrom('users').where('id', '=', staffId).execute();
  });

  it("offers a Dinas coordinator only the roles of the Dinas's people", async () => {
    // Batang has only its coordinator: one role, no filter.
    expect(optionsOf(await page('/users', batang.coordinatorId), 'users-role')).toBeNull();
    await createUser(handle.db, { email: 'admin.koperasi@batang.test', roles: [{ role: 'cooperative_admin', cooperativeId: batang.cooperativeId, grantedByDinasId: batang.dinasId }] });
    expect(optionsOf(await page('/users', batang.coordinatorId), 'users-role')).toEqual(['coordinator', 'cooperative_admin']);
  });
});

describe('the cooperative registry', () => {
  it('offers a type or status filter only when its cooperatives have more than one', async () => {
    const before = await page('/cooperatives', batang.coordinatorId);
    expect(before).toContain('KSP Batang Sejahtera');
    expect(optionsOf(before, 'type')).toBeNull();
    expect(optionsOf(before, 'status')).toBeNull();

    await handle.db
      .insertInto('cooperatives')
      .values({ dinas_id: batang.dinasId, name: 'Koperasi Konsumen Batang', slug: 'koperasi-konsumen-batang', type: 'Koperasi Konsumen', status: 'inactive' })
      .execute();
    const after = await page('/cooperatives', batang.coordinatorId);
    expect(optionsOf(after, 'type')).toEqual(['KSP', 'Koperasi Konsumen']);
    expect(optionsOf(after, 'status')).toEqual(['active', 'inactive']);
    // A filter still applies when set by a link, also while it is not offered.
    expect(await page('/cooperatives?status=inactive', batang.coordinatorId)).not.toContain('KSP Batang Sejahtera');
  });
});

describe('the audit log', () => {
  it('offers only the actions, kinds of record and people of its own Dinas, each only when there are two or more', async () => {
    const empty = await page('/audit', batang.coordinatorId);
    for (const id of ['audit-action', 'audit-entity-type', 'audit-user']) expect(optionsOf(empty, id), id).toBeNull();

    const entry = (action: string) => ({
      actor_user_id: batang.coordinatorId,
      dinas_id: batang.dinasId,
      action,
      entity_type: 'cooperative',
      entity_id: batang.cooperativeId,
    });
    await handle.db.insertInto('audit_log').values([entry('cooperative.create'), entry('cooperative.update')]).execute();
    const html = await page('/audit', batang.coordinatorId);
    expect(optionsOf(html, 'audit-action')).toEqual(['cooperative.create', 'cooperative.update']);
    // One kind of record and one person: nothing to choose.
    expect(optionsOf(html, 'audit-entity-type')).toBeNull();
    expect(optionsOf(html, 'audit-user')).toBeNull();
    // A link into the history of one record keeps its kind while the filters are applied again.
    const history = await page(`/audit?entityType=cooperative&entityId=${batang.cooperativeId}`, batang.coordinatorId);
    expect(history).toContain('<input type="hidden" name="entityType" value="cooperative"/>');
  });
});
