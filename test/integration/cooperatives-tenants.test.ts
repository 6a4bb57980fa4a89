import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { type CooperativesWorld, demoToday, openCooperativesWorld } from '../support/cooperatives-fixtures';

/**
 * Two Dinas on one portal, as the cooperative registry and rosters see them: a NIK of
 * another Dinas typed on a roster form reveals nothing until the admin proves they know the
 * person (issue #10, item 3), and another organization's record answers 404 on every
 * route of the area, GET and POST (item 8).
 */

let handle: DatabaseHandle;
let app: TestApp;
let world: CooperativesWorld;
const today = demoToday();

/** A person of the demo Dinas (Kota Pekalongan) only, with a position nobody else has. */
const secret = {
  nik: '3375014304850007',
  fullName: 'Ratna Sari Dewi',
  birthDate: '1985-04-03',
  position: 'Kepala Unit Rahasia',
  startsOn: '2021-03-04',
};
let secretPersonId: string;
let ownCooperativeName: string;
const cookies = { coordinator: '', admin: '', otherCoordinator: '', otherAdmin: '', neighbourAdmin: '' };
let otherAdminId: string;

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld(today));
  app = await loadApp(handle);
  const db = handle.db;
  secretPersonId = (
    await db
      .insertInto('people')
      .values({ nik: secret.nik, full_name: secret.fullName, birth_date: secret.birthDate, sex: 'F' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('staff_positions').values({ person_id: secretPersonId, cooperative_id: world.ownCooperativeId, position: secret.position, starts_on: secret.startsOn }).execute();
  ownCooperativeName = (await db.selectFrom('cooperatives').select('name').where('id', '=', world.ownCooperativeId).executeTakeFirstOrThrow()).name;
  otherAdminId = await createUser(db, {
    email: 'admin.koperasi@batang.test',
    roles: [{ role: 'cooperative_admin', cooperativeId: world.other.cooperativeId, grantedByDinasId: world.other.dinasId }],
  });
  cookies.coordinator = await app.sessionCookie(world.ids.coordinatorId);
  cookies.admin = await app.sessionCookie(world.ids.adminId);
  cookies.otherCoordinator = await app.sessionCookie(world.ids.otherCoordinatorId);
  cookies.otherAdmin = await app.sessionCookie(otherAdminId);
  cookies.neighbourAdmin = await app.sessionCookie(world.ids.neighbourAdminId);
});
afterAll(() => handle.close());

/** What a roster add may write: people, positions and audit rows. */
async function counts() {
  const n = async (table: 'people' | 'staff_positions' | 'audit_log') =>
    Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { people: await n('people'), positions: await n('staff_positions'), audit: await n('audit_log') };
}

/** The page without what differs between two answers anyway (the NIK typed, per-request nonces). */
const comparable = (page: string, nik: string) => page.replaceAll(nik, 'NIK').replace(/nonce="[^"]*"/g, '');

describe('a NIK of another Dinas on the roster form', () => {
  const otherRoster = () => `/cooperatives/${world.other.cooperativeId}/roster`;

  it('reveals nothing: the answer is the one for an unknown NIK, asking for name and birth date', async () => {
    const attack = await app.postForm(otherRoster(), { intent: 'lookup', nik: secret.nik }, cookies.otherAdmin);
    expect(attack.status).toBe(200);
    const page = await attack.text();
    for (const leak of [secret.fullName, 'Ratna', secret.position, ownCooperativeName, secret.startsOn, 'Maret 2021', secret.birthDate]) {
      expect(page, leak).not.toContain(leak);
    }
    expect(page).toContain('NIK ini belum terdaftar di Dinas Anda');
    expect(page).toContain('name="birthDate"');
    // Byte for byte the answer to a NIK nobody has (but for the NIK itself).
    const unknownNik = '3375014304850099';
    const unknown = await (await app.postForm(otherRoster(), { intent: 'lookup', nik: unknownNik }, cookies.otherAdmin)).text();
    expect(comparable(page, secret.nik)).toBe(comparable(unknown, unknownNik));
    // The coordinator of that Dinas is told no more.
    const asCoordinator = await (await app.postForm(otherRoster(), { intent: 'lookup', nik: secret.nik }, cookies.otherCoordinator)).text();
    expect(asCoordinator).not.toContain(secret.fullName);
    expect(asCoordinator).not.toContain(ownCooperativeName);
  });

  it('refuses a wrong name or birth date with the neutral message, writing nothing', async () => {
    const before = await counts();
    const tries = [
      { fullName: 'Ratna Dewi', birthDate: secret.birthDate },
      { fullName: secret.fullName, birthDate: '1985-04-04' },
      { fullName: 'Siapa Saja', birthDate: '1985-04-03' },
    ];
    for (const values of tries) {
      const response = await app.postForm(otherRoster(), { nik: secret.nik, ...values, position: 'Kasir', startsOn: '', endsOn: '' }, cookies.otherAdmin);
      expect(response.status, JSON.stringify(values)).toBe(400);
      const page = await response.text();
      expect(page).toContain('NIK ini tidak dapat ditambahkan dengan data tersebut');
      for (const leak of [secret.fullName, secret.position, ownCooperativeName]) if (leak !== values.fullName) expect(page).not.toContain(leak);
    }
    // A NIK nobody has, with a birth date that is not the NIK's: the same words.
    const unknown = await app.postForm(otherRoster(), { nik: '3375014304850099', fullName: 'Orang Baru', birthDate: '1985-04-04', position: 'Kasir' }, cookies.otherAdmin);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('NIK ini tidak dapat ditambahkan dengan data tersebut');
    // Name and birth date are both asked for, as for a new person.
    const bare = await app.postForm(otherRoster(), { nik: secret.nik, position: 'Kasir' }, cookies.otherAdmin);
    expect(bare.status).toBe(400);
    const barePage = await bare.text();
    expect(barePage).toContain('Masukkan nama lengkap (sesuai KTP)');
    expect(barePage).toContain('Masukkan tanggal lahir (sesuai KTP)');
    expect(await counts()).toEqual(before);
  });

  it('links the person when the name (any case and spacing) and birth date are theirs, audited in both Dinas', async () => {
    const before = await counts();
    const response = await app.postForm(
      otherRoster(),
      { nik: secret.nik, fullName: '  ratna   SARI dewi ', birthDate: secret.birthDate, position: 'Kasir', startsOn: today, endsOn: '' },
      cookies.otherAdmin,
    );
    expect(response.status).toBe(302);
    const after = await counts();
    expect(after.people).toBe(before.people); // the same person, no duplicate
    expect(after.positions).toBe(before.positions + 1);
    const positions = await handle.db.selectFrom('staff_positions').select(['cooperative_id', 'position', 'ends_on']).where('person_id', '=', secretPersonId).orderBy('created_at').execute();
    expect(positions).toEqual([
      { cooperative_id: world.ownCooperativeId, position: secret.position, ends_on: null }, // not ended by another Dinas
      { cooperative_id: world.other.cooperativeId, position: 'Kasir', ends_on: null },
    ]);
    const linked = await handle.db.selectFrom('audit_log').select(['dinas_id', 'actor_user_id', 'entity_id', 'after']).where('action', '=', 'person.linked').execute();
    expect(linked).toHaveLength(2);
    expect(linked.map((r) => r.dinas_id).sort()).toEqual([world.dinasId, world.other.dinasId].sort());
    expect(linked.every((r) => r.actor_user_id === otherAdminId && r.entity_id === secretPersonId)).toBe(true);
    // The person's own Dinas reads who added them where.
    expect(linked.find((r) => r.dinas_id === world.dinasId)!.after).toMatchObject({ fullName: secret.fullName, addedTo: 'KSP Batang Sejahtera' });
    const ownLog = await (await app.request(`/audit?action=person.linked`, { cookie: cookies.coordinator })).text();
    expect(ownLog).toContain('Orang dari Dinas lain ditambahkan ke daftar');

    // Now the other Dinas knows her — as its own: its own positions only, not the first Dinas's.
    const lookup = await (await app.postForm(otherRoster(), { intent: 'lookup', nik: secret.nik }, cookies.otherAdmin)).text();
    expect(lookup).toContain(secret.fullName);
    expect(lookup).not.toContain(ownCooperativeName);
    expect(lookup).not.toContain(secret.position);
  });

  it('keeps the same-Dinas flow: the known person is offered, with their positions', async () => {
    const neighbourRoster = `/cooperatives/${world.neighbour.id}/roster`;
    const page = await (await app.postForm(neighbourRoster, { intent: 'lookup', nik: secret.nik }, cookies.neighbourAdmin)).text();
    expect(page).toContain(`NIK ini milik ${secret.fullName}`);
    expect(page).toContain(`${secret.position} di ${ownCooperativeName}`);
    expect(page).not.toContain('name="birthDate"');
    const added = await app.postForm(neighbourRoster, { nik: secret.nik, position: 'Pengawas' }, cookies.neighbourAdmin);
    expect(added.status).toBe(302);
    expect(await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'person.linked').execute()).toHaveLength(2);
  });

  it('refuses a roster import row with a NIK only another Dinas knows, without comparing names', async () => {
    await handle.db.updateTable('cooperatives').set({ cooperative_number: '3325010000000001' }).where('id', '=', world.other.cooperativeId).execute();
    const demoPerson = await handle.db
      .selectFrom('people as p')
      .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
      .select(['p.nik', 'p.full_name'])
      .where('sp.cooperative_id', '=', world.neighbour.id)
      .where('p.id', '<>', secretPersonId)
      .orderBy('p.nik')
      .executeTakeFirstOrThrow();
    const form = new FormData();
    form.append('kind', 'roster');
    form.append('cooperativeId', world.other.cooperativeId);
    const csv = `nomor_induk_koperasi,nik,nama_lengkap,jabatan\n3325010000000001,${demoPerson.nik},${demoPerson.full_name},Kasir\n`;
    form.append('file', new File([csv], 'pengurus.csv'));
    const upload = await app.request('/cooperatives/import', { method: 'POST', body: form, cookie: cookies.otherAdmin, redirect: 'manual' });
    expect(upload.status).toBe(302);
    const preview = await (await app.request(upload.headers.get('Location')!, { cookie: cookies.otherAdmin })).text();
    expect(preview).toContain('NIK ini tidak dapat ditambahkan dengan data tersebut');
    expect(preview).not.toContain('terdaftar atas nama lain');
    expect(preview).not.toContain('Konfirmasi dan simpan');
  });

  it('limits NIK look-ups per user', async () => {
    const path = otherRoster();
    await app.postForm(path, { intent: 'lookup', nik: '3375014304850099' }, cookies.otherCoordinator);
    const key = `nikLookup:account:${world.ids.otherCoordinatorId}`;
    await handle.db.updateTable('rate_limits').set({ hits: 120 }).where('key', '=', key).execute();
    const limited = await app.postForm(path, { intent: 'lookup', nik: '3375014304850099' }, cookies.otherCoordinator);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Terlalu banyak NIK dicari');
    const before = await counts();
    const add = await app.postForm(path, { nik: '3375014304850099', fullName: 'Orang Baru', birthDate: '1985-04-03', position: 'Kasir' }, cookies.otherCoordinator);
    expect(add.status).toBe(429);
    expect((await counts()).people).toBe(before.people);
    // Another user is not affected.
    expect((await app.postForm(path, { intent: 'lookup', nik: '3375014304850099' }, cookies.otherAdmin)).status).toBe(200);
    await handle.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  });
});

describe('another organization’s record answers 404, GET and POST', () => {
  type Who = 'otherCoordinator' | 'neighbourAdmin';
  interface Probe {
    route: string;
    method: 'GET' | 'POST';
    path: () => string;
    form?: () => Record<string, string | string[]>;
    multipart?: boolean;
  }
  let positionId: string;
  let batchId: string;
  let meetingId: string;
  const own = () => `/cooperatives/${world.ownCooperativeId}`;

  beforeAll(async () => {
    positionId = (await handle.db.selectFrom('staff_positions').select('id').where('cooperative_id', '=', world.ownCooperativeId).where('ends_on', 'is', null).executeTakeFirstOrThrow()).id;
    meetingId = (
      await handle.db.insertInto('annual_meetings').values({ cooperative_id: world.ownCooperativeId, fiscal_year: 2015, held_on: '2016-03-01' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    batchId = (
      await handle.db
        .insertInto('import_batches')
        .values({
          dinas_id: world.dinasId,
          cooperative_id: world.ownCooperativeId,
          user_id: world.ids.adminId,
          kind: 'roster',
          file_name: 'pengurus.csv',
          file_format: 'csv',
          row_count: 0,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });

  const probes: Probe[] = [
    { route: 'cooperative', method: 'GET', path: () => own() },
    { route: 'cooperative: record RAT', method: 'POST', path: () => own(), form: () => ({ fiscalYear: '2016', heldOn: '2017-03-01' }) },
    { route: 'cooperative: remove RAT', method: 'POST', path: () => own(), form: () => ({ intent: 'remove-meeting', meetingId }) },
    { route: 'edit', method: 'GET', path: () => `${own()}/edit` },
    { route: 'edit', method: 'POST', path: () => `${own()}/edit`, form: () => ({ name: 'Diambil Alih', type: 'KSP', cooperativeNumber: '3375049999990001' }) },
    { route: 'roster', method: 'GET', path: () => `${own()}/roster` },
    { route: 'roster: NIK look-up', method: 'POST', path: () => `${own()}/roster`, form: () => ({ intent: 'lookup', nik: secret.nik }) },
    { route: 'roster: add', method: 'POST', path: () => `${own()}/roster`, form: () => ({ nik: '3375014304850088', fullName: 'Penyusup', birthDate: '1985-04-03', position: 'Kasir' }) },
    { route: 'position', method: 'GET', path: () => `${own()}/roster/${positionId}` },
    { route: 'position: edit', method: 'POST', path: () => `${own()}/roster/${positionId}`, form: () => ({ intent: 'edit', position: 'Diubah' }) },
    { route: 'position: end', method: 'POST', path: () => `${own()}/roster/${positionId}`, form: () => ({ intent: 'end', endsOn: today }) },
    { route: 'roster export', method: 'GET', path: () => `${own()}/roster/export?format=csv` },
    { route: 'roster import', method: 'GET', path: () => `/cooperatives/import?kind=roster&cooperative=${world.ownCooperativeId}` },
    { route: 'roster import', method: 'POST', path: () => '/cooperatives/import', multipart: true, form: () => ({ kind: 'roster', cooperativeId: world.ownCooperativeId }) },
    { route: 'import batch', method: 'GET', path: () => `/cooperatives/import/${batchId}` },
    { route: 'import batch: confirm', method: 'POST', path: () => `/cooperatives/import/${batchId}`, form: () => ({ intent: 'confirm' }) },
    { route: 'import batch: cancel', method: 'POST', path: () => `/cooperatives/import/${batchId}`, form: () => ({ intent: 'cancel' }) },
  ];

  async function send(probe: Probe, cookie: string): Promise<Response> {
    if (probe.method === 'GET') return app.request(probe.path(), { cookie, redirect: 'manual' });
    if (probe.multipart) {
      const body = new FormData();
      for (const [k, v] of Object.entries(probe.form!())) for (const one of [v].flat()) body.append(k, one);
      body.append('file', new File(['nomor_induk_koperasi,nik,nama_lengkap,jabatan\n'], 'pengurus.csv'));
      return app.request(probe.path(), { method: 'POST', body, cookie, redirect: 'manual' });
    }
    return app.postForm(probe.path(), probe.form!(), cookie);
  }

  it.each(probes.flatMap((p) => (['otherCoordinator', 'neighbourAdmin'] as Who[]).map((who) => [who, p.route, p.method, p] as const)))(
    'as %s: %s (%s) → 404',
    async (who, _route, _method, probe) => {
      const before = await counts();
      const response = await send(probe, cookies[who]);
      expect(response.status).toBe(404);
      expect(await counts()).toEqual(before);
    },
  );

  it('moving a person out of another organization’s cooperative is not found (it was 403)', async () => {
    const person = await handle.db
      .selectFrom('staff_positions as sp')
      .innerJoin('people as p', 'p.id', 'sp.person_id')
      .select(['p.id', 'p.nik', 'sp.id as positionId'])
      .where('sp.id', '=', positionId)
      .executeTakeFirstOrThrow();
    const before = await counts();
    // The neighbour's admin, on their own roster, names a position of the demo admin's cooperative.
    const neighbour = await app.postForm(`/cooperatives/${world.neighbour.id}/roster`, { nik: person.nik, position: 'Manajer', endPositionIds: person.positionId }, cookies.neighbourAdmin);
    expect(neighbour.status).toBe(404);
    // The other Dinas's coordinator, for a person their Dinas knows too (a past position there).
    await handle.db.insertInto('staff_positions').values({ person_id: person.id, cooperative_id: world.other.cooperativeId, position: 'Magang', starts_on: '2010-01-01', ends_on: '2010-12-31' }).execute();
    const afterSeed = await counts();
    const other = await app.postForm(`/cooperatives/${world.other.cooperativeId}/roster`, { nik: person.nik, position: 'Manajer', endPositionIds: person.positionId }, cookies.otherCoordinator);
    expect(other.status).toBe(404);
    expect(await counts()).toEqual(afterSeed);
    expect(afterSeed.positions).toBe(before.positions + 1);
    const still = await handle.db.selectFrom('staff_positions').select('ends_on').where('id', '=', person.positionId).executeTakeFirstOrThrow();
    expect(still.ends_on).toBeNull();
  });

  it('someone who reaches the record but may not do the action keeps 403', async () => {
    expect((await app.request(`${own()}/edit`, { cookie: cookies.admin })).status).toBe(403);
    expect((await app.postForm(`${own()}/edit`, { name: 'X', type: 'KSP', cooperativeNumber: '3375049999990001' }, cookies.admin)).status).toBe(403);
    expect((await app.postForm(own(), { fiscalYear: '2016', heldOn: '2017-03-01' }, cookies.admin)).status).toBe(403);
  });
});
