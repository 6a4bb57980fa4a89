import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffPosition, endStaffPosition, findPersonByNik, getRoster, updateStaffPosition } from '~/domain/cooperatives/roster.server';
import { getPublicRoster } from '~/domain/cooperatives/public-roster.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { addDays } from '~/lib/dates';
import { NotFoundError, ValidationError } from '~/lib/errors';
import { actorOf, type CooperativesWorld, demoToday, openCooperativesWorld, rejectsWith } from '../support/cooperatives-fixtures';

let handle: DatabaseHandle;
let world: CooperativesWorld;
const today = demoToday();

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld(today));
});
afterAll(() => handle.close());

describe('a cooperative’s roster', () => {
  it('masks NIKs for the cooperative admin and shows them to the coordinator', async () => {
    const forAdmin = await getRoster(handle.db, world.admin, world.ownCooperativeId);
    const forCoordinator = await getRoster(handle.db, world.coordinator, world.ownCooperativeId);
    expect(forAdmin.current.length).toBeGreaterThan(2);
    expect(forAdmin.canManage).toBe(true);
    for (const entry of forAdmin.current) expect(entry.nik).toMatch(/^\d{4}\*{8}\d{4}$/);
    for (const entry of forCoordinator.current) expect(entry.nik).toMatch(/^\d{16}$/);
    const full = forCoordinator.current[0]!.nik;
    expect(forAdmin.current.find((e) => e.positionId === forCoordinator.current[0]!.positionId)!.nik).toBe(`${full.slice(0, 4)}********${full.slice(12)}`);
  });

  it('shows a person their own NIK in full even where others are masked', async () => {
    const roster = await getRoster(handle.db, world.coordinator, world.ownCooperativeId);
    const self = roster.current.find((e) => !['Kepala Bagian Pembiayaan'].includes(e.position))!;
    await handle.db.updateTable('users').set({ person_id: self.personId }).where('id', '=', world.ids.adminId).execute();
    try {
      const asSelf = await getRoster(handle.db, await actorOf(handle.db, world.ids.adminId), world.ownCooperativeId);
      expect(asSelf.current.find((e) => e.positionId === self.positionId)!.nik).toBe(self.nik);
      expect(asSelf.current.filter((e) => e.personId !== self.personId).every((e) => e.nik.includes('*'))).toBe(true);
    } finally {
      await handle.db.updateTable('users').set({ person_id: null }).where('id', '=', world.ids.adminId).execute();
    }
  });

  it('is not found for a participant, who holds no role in the cooperative', async () => {
    await rejectsWith(getRoster(handle.db, world.participant, world.ownCooperativeId), NotFoundError);
  });

  it('registers a new person with the admin’s position entry, audited', async () => {
    const added = await addStaffPosition(handle.db, world.admin, {
      cooperativeId: world.ownCooperativeId,
      values: { nik: '3375015507950001', fullName: 'Rina  Kasih', birthDate: '1995-07-15', position: ' Account   Officer ', startsOn: '2024-02-01' },
    });
    expect(added.createdPerson).toBe(true);
    const person = await handle.db.selectFrom('people').select(['full_name', 'nik']).where('id', '=', added.personId).executeTakeFirstOrThrow();
    expect(person).toEqual({ full_name: 'Rina Kasih', nik: '3375015507950001' });
    const roster = await getRoster(handle.db, world.admin, world.ownCooperativeId);
    expect(roster.current.find((e) => e.personId === added.personId)).toMatchObject({ position: 'Account Officer', startsOn: '2024-02-01', nik: '3375********0001' });
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'entity_type', 'actor_user_id']).where('actor_user_id', '=', world.ids.adminId).orderBy('id').execute();
    expect(audit.map((a) => `${a.entity_type}:${a.action}`)).toEqual(['person:person.created', 'cooperative:staff_position.created']);
  });

  it('offers a known NIK as the existing person instead of creating a duplicate', async () => {
    const known = await findPersonByNik(handle.db, world.neighbourAdmin, { cooperativeId: world.neighbour.id, nik: '3375015507950001' });
    expect(known).toMatchObject({ fullName: 'Rina Kasih', nik: '3375********0001' });
    expect(known!.currentPositions).toEqual([
      expect.objectContaining({ cooperativeId: world.ownCooperativeId, position: 'Account Officer', canEnd: false }),
    ]);
    expect(await findPersonByNik(handle.db, world.neighbourAdmin, { cooperativeId: world.neighbour.id, nik: '3375015507950002' })).toBeNull();
    await rejectsWith(findPersonByNik(handle.db, world.neighbourAdmin, { cooperativeId: world.neighbour.id, nik: '12345' }), ValidationError);

    // The neighbour's admin adds her as well: the same person (name unchanged), no duplicate.
    const added = await addStaffPosition(handle.db, world.neighbourAdmin, {
      cooperativeId: world.neighbour.id,
      values: { nik: '3375015507950001', fullName: 'Someone Else', position: 'Pengawas' },
    });
    expect(added.createdPerson).toBe(false);
    expect(added.fullName).toBe('Rina Kasih');
    const people = await handle.db.selectFrom('people').select('full_name').where('nik', '=', '3375015507950001').execute();
    expect(people).toEqual([{ full_name: 'Rina Kasih' }]);
  });

  it('moves a person to another cooperative: the old position ends the day before, history stays', async () => {
    const person = await handle.db.selectFrom('people').select('id').where('nik', '=', '3375015507950001').executeTakeFirstOrThrow();
    const old = await handle.db
      .selectFrom('staff_positions')
      .select('id')
      .where('person_id', '=', person.id)
      .where('cooperative_id', '=', world.ownCooperativeId)
      .executeTakeFirstOrThrow();
    // The neighbour's admin may not end a position in someone else's cooperative: not theirs, so not found.
    await rejectsWith(
      addStaffPosition(handle.db, world.neighbourAdmin, {
        cooperativeId: world.neighbour.id,
        values: { nik: '3375015507950001', position: 'Manajer', endPositionIds: [old.id] },
      }),
      NotFoundError,
    );
    const startsOn = addDays(today, -10);
    await addStaffPosition(handle.db, world.coordinator, {
      cooperativeId: world.neighbour.id,
      values: { nik: '3375015507950001', position: 'Manajer', startsOn, endPositionIds: [old.id] },
    });
    const ended = await handle.db.selectFrom('staff_positions').select(['ends_on']).where('id', '=', old.id).executeTakeFirstOrThrow();
    expect(ended.ends_on).toBe(addDays(startsOn, -1));
    const ownRoster = await getRoster(handle.db, world.coordinator, world.ownCooperativeId);
    expect(ownRoster.current.map((e) => e.personId)).not.toContain(person.id);
    expect(ownRoster.past.find((e) => e.personId === person.id)).toMatchObject({ position: 'Account Officer', startsOn: '2024-02-01' });
    const neighbourRoster = await getRoster(handle.db, world.coordinator, world.neighbour.id);
    expect(neighbourRoster.current.filter((e) => e.personId === person.id).map((e) => e.position).sort()).toEqual(['Manajer', 'Pengawas']);
    const movedAudit = await handle.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'staff_position.ended')
      .where('entity_id', '=', world.ownCooperativeId)
      .executeTakeFirstOrThrow();
    expect(movedAudit.after).toMatchObject({ fullName: 'Rina Kasih', movedTo: world.neighbour.name });
  });

  it('refuses the same current position twice and dates in the wrong order', async () => {
    const same = await rejectsWith(
      addStaffPosition(handle.db, world.coordinator, { cooperativeId: world.neighbour.id, values: { nik: '3375015507950001', position: 'manajer' } }),
      ValidationError,
    );
    expect(same.fieldErrors).toEqual({ position: ['cooperatives:errors.alreadyHolds'] });
    const order = await rejectsWith(
      addStaffPosition(handle.db, world.coordinator, { cooperativeId: world.neighbour.id, values: { nik: '3375015507950001', position: 'Kasir', startsOn: '2024-05-01', endsOn: '2024-04-01' } }),
      ValidationError,
    );
    expect(order.fieldErrors).toEqual({ endsOn: ['cooperatives:errors.endBeforeStart'] });
    const unknown = await rejectsWith(
      addStaffPosition(handle.db, world.coordinator, { cooperativeId: world.neighbour.id, values: { nik: '3375015507950002', position: 'Kasir' } }),
      ValidationError,
    );
    expect(unknown.fieldErrors).toEqual({ fullName: ['cooperatives:errors.fullNameRequired'], birthDate: ['cooperatives:errors.birthDateRequired'] });
  });

  it('edits and ends a position, each change audited', async () => {
    const roster = await getRoster(handle.db, world.admin, world.ownCooperativeId);
    const entry = roster.current.find((e) => e.position === 'Ketua')!;
    await updateStaffPosition(handle.db, world.admin, { cooperativeId: world.ownCooperativeId, positionId: entry.positionId, values: { position: 'Ketua Umum', startsOn: '2019-01-02' } });
    const error = await rejectsWith(
      endStaffPosition(handle.db, world.admin, { cooperativeId: world.ownCooperativeId, positionId: entry.positionId, values: { endsOn: '2018-12-31' } }),
      ValidationError,
    );
    expect(error.fieldErrors).toEqual({ endsOn: ['cooperatives:errors.endBeforeStart'] });
    await endStaffPosition(handle.db, world.admin, { cooperativeId: world.ownCooperativeId, positionId: entry.positionId, values: { endsOn: addDays(today, -1) } });
    const after = await getRoster(handle.db, world.admin, world.ownCooperativeId);
    expect(after.current.map((e) => e.positionId)).not.toContain(entry.positionId);
    expect(after.past.find((e) => e.positionId === entry.positionId)).toMatchObject({ position: 'Ketua Umum', startsOn: '2019-01-02', endsOn: addDays(today, -1) });
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', world.ownCooperativeId).where('action', 'in', ['staff_position.updated', 'staff_position.ended']).where('actor_user_id', '=', world.ids.adminId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['staff_position.updated', 'staff_position.ended']);
    expect(audit[0]!.after).toMatchObject({ position: 'Ketua Umum', startsOn: '2019-01-02' });
  });

  it('keeps other cooperatives’ rosters out of reach (not found)', async () => {
    const ownPosition = (await getRoster(handle.db, world.coordinator, world.ownCooperativeId)).current[0]!;
    await rejectsWith(getRoster(handle.db, world.otherCoordinator, world.ownCooperativeId), NotFoundError);
    await rejectsWith(
      endStaffPosition(handle.db, world.neighbourAdmin, { cooperativeId: world.ownCooperativeId, positionId: ownPosition.positionId, values: { endsOn: today } }),
      NotFoundError,
    );
    // A position id of another cooperative under one's own cooperative's address is not found either.
    await rejectsWith(
      endStaffPosition(handle.db, world.neighbourAdmin, { cooperativeId: world.neighbour.id, positionId: ownPosition.positionId, values: { endsOn: today } }),
      NotFoundError,
    );
    await rejectsWith(
      addStaffPosition(handle.db, world.otherCoordinator, { cooperativeId: world.ownCooperativeId, values: { nik: '3375015507950003', fullName: 'X', position: 'Kasir' } }),
      NotFoundError,
    );
  });
});

describe('the public roster', () => {
  it('lists current staff with only their valid certificates, and no personal data', async () => {
    const cooperative = await handle.db.selectFrom('cooperatives').select(['id', 'slug']).where('id', '=', world.ownCooperativeId).executeTakeFirstOrThrow();
    const enrollment = await handle.db
      .selectFrom('enrollments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .select(['e.id', 'e.person_id', 'p.full_name'])
      .where('e.cooperative_id', '=', cooperative.id)
      .executeTakeFirstOrThrow();
    // The demo's past cohort has issued this person real certificates: this test writes its own.
    await handle.db.deleteFrom('certificates').where('person_id', '=', enrollment.person_id).execute();
    const certificate = (kind: 'competency' | 'training', code: string, extra: Record<string, unknown> = {}) => ({
      kind,
      enrollment_id: enrollment.id,
      person_id: enrollment.person_id,
      cooperative_id: cooperative.id,
      number: `KABAG-PMB/${code}`,
      verification_code: code,
      snapshot: JSON.stringify({}),
      template_version: 'test',
      ...extra,
    });
    await handle.db
      .insertInto('certificates')
      .values([
        certificate('competency', 'VALIDCODE1', { valid_until: addDays(today, 365) }),
        certificate('training', 'REVOKED001', { status: 'revoked', revoked_at: new Date(), revoke_reason: 'keliru' }),
      ])
      .execute();
    const enrollment2 = await handle.db
      .selectFrom('enrollments')
      .select('id')
      .where('person_id', '=', enrollment.person_id)
      .where('id', '<>', enrollment.id)
      .executeTakeFirst();
    if (enrollment2) {
      await handle.db.insertInto('certificates').values(certificate('competency', 'EXPIRED001', { enrollment_id: enrollment2.id, valid_until: addDays(today, -1) })).execute();
    }
    await handle.db
      .insertInto('certificates')
      .values(certificate('training', 'EXPIRED002', { valid_until: addDays(today, -1) }))
      .execute();

    const roster = (await getPublicRoster(handle.db, cooperative.slug))!;
    const member = roster.staff.find((s) => s.fullName === enrollment.full_name)!;
    expect(member.certificates.map((c) => c.verificationCode)).toEqual(['VALIDCODE1']);
    expect(roster.staff.map((s) => s.fullName)).not.toContain('Rina Kasih'); // moved away
    expect(roster.staff.map((s) => s.position)).not.toContain('Ketua Umum'); // ended
    const json = JSON.stringify(roster);
    const people = await handle.db
      .selectFrom('people as p')
      .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
      .select(['p.nik', 'p.birth_date', 'p.phone', 'p.email'])
      .where('sp.cooperative_id', '=', cooperative.id)
      .execute();
    for (const p of people) {
      for (const value of [p.nik, p.birth_date, p.phone, p.email]) if (value) expect(json).not.toContain(value);
    }
    expect(await getPublicRoster(handle.db, 'no-such-cooperative')).toBeNull();
    expect(await getPublicRoster(handle.db, '../etc')).toBeNull();
  });
});
