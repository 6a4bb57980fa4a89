import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastFiscalYearOf } from '~/domain/cooperatives/annual-meeting-rule';
import { recordAnnualMeeting, removeAnnualMeeting } from '~/domain/cooperatives/annual-meetings.server';
import { createCooperative, getCooperative, updateCooperative } from '~/domain/cooperatives/cooperative.server';
import { listRegistry, REGISTRY_SORT_KEYS } from '~/domain/cooperatives/registry.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { ForbiddenError, NotFoundError, ValidationError } from '~/lib/errors';
import { type CooperativesWorld, demoToday, openCooperativesWorld, rejectsWith } from '../support/cooperatives-fixtures';

let handle: DatabaseHandle;
let world: CooperativesWorld;
const today = demoToday();
const lastYear = lastFiscalYearOf(today);
const page = (size = 25, sort: 'name' | 'number' | 'type' | 'district' | 'status' = 'name', dir: 'asc' | 'desc' = 'asc', p = 1) => ({
  page: p,
  pageSize: size,
  sort,
  dir,
  offset: (p - 1) * size,
});

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld(today));
});
afterAll(() => handle.close());

describe('the registry list', () => {
  it('lists the Dinas’s 30 cooperatives, paged and sorted by name', async () => {
    const first = await listRegistry(handle.db, world.coordinator, {}, page(10), today);
    expect(first.total).toBe(30);
    expect(first.pages).toBe(3);
    expect(first.items).toHaveLength(10);
    const names = first.items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const third = await listRegistry(handle.db, world.coordinator, {}, page(10, 'name', 'asc', 3), today);
    expect(third.items).toHaveLength(10);
    expect(third.items[0]!.name > names[9]!).toBe(true);
  });

  it('finds cooperatives by kelurahan, kecamatan, number and name words', async () => {
    const medono = await listRegistry(handle.db, world.coordinator, { q: 'medono' }, page(50), today);
    expect(medono.total).toBe(8);
    expect(medono.items.every((c) => c.village === 'Medono')).toBe(true);
    const utara = await listRegistry(handle.db, world.coordinator, { q: 'Pekalongan Utara' }, page(50), today);
    expect(utara.items.length).toBeGreaterThan(0);
    expect(utara.items.every((c) => c.district === 'Pekalongan Utara')).toBe(true);
    const one = (await listRegistry(handle.db, world.coordinator, {}, page(1), today)).items[0]!;
    const byNumber = await listRegistry(handle.db, world.coordinator, { q: one.cooperativeNumber!.slice(4) }, page(50), today);
    expect(byNumber.items.map((c) => c.id)).toEqual([one.id]);
    const byName = await listRegistry(handle.db, world.coordinator, { q: 'batik makmur' }, page(50), today);
    expect(byName.items.map((c) => c.name)).toEqual(['KSP Batik Makmur']);
    expect((await listRegistry(handle.db, world.coordinator, { q: '100%_' }, page(50), today)).total).toBe(0);
  });

  it('keeps the list’s order with a search, for every sort and both ways, page by page', async () => {
    // A search sorts by an expression of the column (so that the planner finds the matches
    // first): the same cooperatives in the same order as the whole list, filtered.
    for (const sort of REGISTRY_SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) {
        const whole = await listRegistry(handle.db, world.coordinator, {}, page(50, sort, dir), today);
        const expected = whole.items.filter((c) => `${c.name} ${c.cooperativeNumber ?? ''} ${c.village ?? ''} ${c.district ?? ''}`.toLowerCase().includes('pekalongan'));
        expect(expected.length, `${sort} ${dir}`).toBeGreaterThan(4);
        const found: string[] = [];
        for (let n = 1; n <= Math.ceil(expected.length / 4); n++) {
          found.push(...(await listRegistry(handle.db, world.coordinator, { q: 'Pekalongan' }, page(4, sort, dir, n), today)).items.map((c) => c.id));
        }
        expect(found, `${sort} ${dir}`).toEqual(expected.map((c) => c.id));
      }
    }
  });

  it('filters by type, status and a missing RAT for last year', async () => {
    const ksu = await listRegistry(handle.db, world.coordinator, { type: 'KSU' }, page(50), today);
    expect(ksu.total).toBeGreaterThan(0);
    expect(ksu.items.every((c) => c.type === 'KSU')).toBe(true);
    const inactive = await listRegistry(handle.db, world.coordinator, { status: 'inactive' }, page(50), today);
    expect(inactive.items.map((c) => c.status)).toEqual(['inactive']);
    const noRat = await listRegistry(handle.db, world.coordinator, { noRatLastYear: true }, page(50), today);
    expect(noRat.total).toBe(6);
    expect(noRat.items.every((c) => c.latestRatYear === lastYear - 1)).toBe(true);
  });

  it('sorts by cooperative number both ways', async () => {
    const asc = await listRegistry(handle.db, world.coordinator, {}, page(30, 'number', 'asc'), today);
    const desc = await listRegistry(handle.db, world.coordinator, {}, page(30, 'number', 'desc'), today);
    expect(asc.items.map((c) => c.id)).toEqual(desc.items.map((c) => c.id).reverse());
    expect(asc.items[0]!.cooperativeNumber! < asc.items[1]!.cooperativeNumber!).toBe(true);
  });

  it('shows another Dinas’s coordinator only their own cooperatives, and nobody else anything', async () => {
    const theirs = await listRegistry(handle.db, world.otherCoordinator, {}, page(), today);
    expect(theirs.items.map((c) => c.name)).toEqual(['KSP Batang Sejahtera']);
    await rejectsWith(listRegistry(handle.db, world.participant, {}, page(), today), NotFoundError);
    await rejectsWith(listRegistry(handle.db, world.admin, {}, page(), today), NotFoundError);
  });
});

describe('creating and editing a cooperative', () => {
  const values = {
    name: 'KSP Baru Makmur',
    type: 'KSP' as const,
    cooperativeNumber: '3375049999990001',
    village: 'Kuripan Yosorejo',
    district: 'Pekalongan Selatan',
    regency: 'Kota Pekalongan',
    postalCode: '51134',
  };

  it('refuses bad values field by field', async () => {
    const error = await rejectsWith(
      createCooperative(handle.db, world.coordinator, { dinasId: world.dinasId, values: { ...values, cooperativeNumber: '123', postalCode: 'abc', legalEntityDate: '2999-01-01' } }),
      ValidationError,
    );
    expect(error.fieldErrors).toEqual({ cooperativeNumber: ['cooperatives:errors.numberFormat'], postalCode: ['cooperatives:errors.postalCodeFormat'] });
    const future = await rejectsWith(
      createCooperative(handle.db, world.coordinator, { dinasId: world.dinasId, values: { ...values, legalEntityDate: '2999-01-01' } }),
      ValidationError,
    );
    expect(future.fieldErrors).toEqual({ legalEntityDate: ['cooperatives:errors.dateInFuture'] });
  });

  it('creates it with a stable slug and an audit entry, and refuses its number twice', async () => {
    const created = await createCooperative(handle.db, world.coordinator, { dinasId: world.dinasId, values });
    expect(created.slug).toBe('ksp-baru-makmur');
    const audit = await handle.db.selectFrom('audit_log').selectAll().where('entity_id', '=', created.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['cooperative.created']);
    expect(audit[0]!.dinas_id).toBe(world.dinasId);
    const again = await rejectsWith(
      createCooperative(handle.db, world.coordinator, { dinasId: world.dinasId, values: { ...values, name: 'KSP Baru Makmur' } }),
      ValidationError,
    );
    expect(again.fieldErrors).toEqual({ cooperativeNumber: ['cooperatives:errors.numberTaken'] });
    const twin = await createCooperative(handle.db, world.coordinator, { dinasId: world.dinasId, values: { ...values, cooperativeNumber: '3375049999990002' } });
    expect(twin.slug).toBe('ksp-baru-makmur-0002');
  });

  it('edits it, audits only the changed fields and keeps the slug', async () => {
    const row = await handle.db.selectFrom('cooperatives').select(['id', 'slug']).where('cooperative_number', '=', '3375049999990001').executeTakeFirstOrThrow();
    const result = await updateCooperative(handle.db, world.coordinator, { cooperativeId: row.id, values: { ...values, name: 'KSP Baru Makmur Jaya', status: 'inactive' } });
    expect(result.changed).toEqual(['name', 'status']);
    const after = await handle.db.selectFrom('cooperatives').select(['name', 'slug', 'status']).where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ name: 'KSP Baru Makmur Jaya', slug: row.slug, status: 'inactive' });
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', row.id).where('action', '=', 'cooperative.updated').executeTakeFirstOrThrow();
    expect(audit.before).toEqual({ name: 'KSP Baru Makmur', status: 'active' });
    expect(audit.after).toEqual({ name: 'KSP Baru Makmur Jaya', status: 'inactive' });
    const unchanged = await updateCooperative(handle.db, world.coordinator, { cooperativeId: row.id, values: { ...values, name: 'KSP Baru Makmur Jaya', status: 'inactive' } });
    expect(unchanged.changed).toEqual([]);
  });

  it('lets no one else create or edit: another Dinas gets not-found, the cooperative’s admin forbidden', async () => {
    const edit = (actor: typeof world.coordinator) =>
      updateCooperative(handle.db, actor, { cooperativeId: world.ownCooperativeId, values });
    await rejectsWith(edit(world.otherCoordinator), NotFoundError);
    await rejectsWith(edit(world.neighbourAdmin), NotFoundError);
    await rejectsWith(edit(world.admin), ForbiddenError);
    await rejectsWith(
      createCooperative(handle.db, world.otherCoordinator, { dinasId: world.dinasId, values: { ...values, cooperativeNumber: '3375049999990009' } }),
      NotFoundError,
    );
    await rejectsWith(getCooperative(handle.db, world.otherCoordinator, world.ownCooperativeId), NotFoundError);
    await rejectsWith(getCooperative(handle.db, world.coordinator, 'not-a-uuid'), NotFoundError);
    const own = await getCooperative(handle.db, world.admin, world.ownCooperativeId);
    expect(own).toMatchObject({ canManage: false, canManageRoster: true });
  });
});

describe('annual meetings (RAT)', () => {
  it('shows the seeded streak, flags a missing year, and clears the flag once recorded', async () => {
    const flagged = (await listRegistry(handle.db, world.coordinator, { noRatLastYear: true }, page(50), today)).items.find((c) => c.latestRatYear !== null)!;
    const before = await getCooperative(handle.db, world.coordinator, flagged.id);
    expect(before.standing.missingLastYear).toBe(true);
    expect(before.meetings.map((m) => m.fiscalYear)).toEqual([lastYear - 1, lastYear - 2]);

    const heldOn = `${lastYear + 1}-01-15` <= today ? `${lastYear + 1}-01-15` : today;
    // The demo seed's own entries (it records through the domain) come before this test's.
    const seeded = await handle.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    await recordAnnualMeeting(handle.db, world.coordinator, { cooperativeId: flagged.id, values: { fiscalYear: lastYear, heldOn } });
    const after = await getCooperative(handle.db, world.coordinator, flagged.id);
    expect(after.standing.missingLastYear).toBe(false);
    expect(after.standing.consecutiveOnTime).toBe(3);
    expect(after.standing.healthy).toBe(true);
    const stillFlagged = await listRegistry(handle.db, world.coordinator, { noRatLastYear: true }, page(50), today);
    expect(stillFlagged.items.map((c) => c.id)).not.toContain(flagged.id);

    // Recording the same year again corrects its date; removing it brings the flag back.
    await recordAnnualMeeting(handle.db, world.coordinator, { cooperativeId: flagged.id, values: { fiscalYear: lastYear, heldOn, notes: 'RAT ulang' } });
    const meetings = (await getCooperative(handle.db, world.coordinator, flagged.id)).meetings;
    expect(meetings.filter((m) => m.fiscalYear === lastYear)).toHaveLength(1);
    expect(meetings[0]!.notes).toBe('RAT ulang');
    await removeAnnualMeeting(handle.db, world.coordinator, { cooperativeId: flagged.id, meetingId: meetings[0]!.id });
    expect((await getCooperative(handle.db, world.coordinator, flagged.id)).standing.missingLastYear).toBe(true);
    const actions = (await handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', flagged.id).where('id', '>', seeded.id!).orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['annual_meeting.recorded', 'annual_meeting.recorded', 'annual_meeting.removed']);
  });

  it('refuses a meeting before the year ends, and lets only the coordinator record one', async () => {
    const error = await rejectsWith(
      recordAnnualMeeting(handle.db, world.coordinator, { cooperativeId: world.ownCooperativeId, values: { fiscalYear: lastYear, heldOn: `${lastYear}-06-01` } }),
      ValidationError,
    );
    expect(error.fieldErrors).toEqual({ heldOn: ['cooperatives:errors.rat.beforeYearEnd'] });
    await rejectsWith(
      recordAnnualMeeting(handle.db, world.admin, { cooperativeId: world.ownCooperativeId, values: { fiscalYear: lastYear, heldOn: today } }),
      ForbiddenError,
    );
  });
});
