import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { demoApp, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

let handle: DatabaseHandle;
let app: TestApp;
beforeAll(async () => {
  ({ handle, app } = await demoApp());
});
afterAll(() => handle.close());

describe('history on record pages', () => {
  it("a cohort's management page shows who opened it, to the coordinator only", async () => {
    const draft = await handle.db.selectFrom('cohorts').select('id').where('status', '=', 'draft').executeTakeFirstOrThrow();
    const coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    const opened = await app.postForm(`/cohorts/${draft.id}/manage`, { intent: 'transition', to: 'open' }, coordinator);
    expect(opened.status).toBe(302);
    const page = await (await app.request(`/cohorts/${draft.id}/manage`, { cookie: coordinator })).text();
    expect(page).toContain('Riwayat');
    expect(page).toContain('Pendaftaran dibuka');
    expect(page).toContain('Sri Wahyuni');

    const staff = await app.sessionCookie(await userIdByEmail(handle.db, 'lembaga@kompeten.test'));
    const staffPage = await app.request(`/cohorts/${draft.id}/manage`, { cookie: staff });
    expect(staffPage.status).toBe(200);
    expect(await staffPage.text()).not.toContain('Riwayat');
  });

  it("a program's page shows its creation", async () => {
    const coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    const created = await app.postForm(
      '/programs/new',
      {
        code: 'KASIR-01',
        title: 'Pelatihan Kasir Koperasi',
        targetPositions: 'Kasir',
        'units[0].code': 'K.64KSP00.020.1',
        'units[0].title': 'Melayani Transaksi Simpanan',
        'days[0].kind': 'training',
        'days[0].title': 'Hari 1',
        'days[0].startsAtTime': '08:00',
        'days[0].endsAtTime': '16:00',
      },
      coordinator,
    );
    expect(created.status).toBe(302);
    const page = await (await app.request(created.headers.get('Location')!, { cookie: coordinator })).text();
    expect(page).toContain('Riwayat');
    expect(page).toContain('Program dibuat');
  });
});
