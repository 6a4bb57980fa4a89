import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~db/schema';
import { grantRole, revokeRole } from '~/domain/accounts/users.server';
import { addStaffPosition } from '~/domain/cooperatives/roster.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { userIdsOfDinas } from '~/lib/dinas-scope.server';
import { createUser } from '../support/accounts-fixtures';
import { type CooperativesWorld, openCooperativesWorld } from '../support/cooperatives-fixtures';
import { usingPostgres } from '../support/database';

/**
 * The kept "world" of each Dinas (`dinas_users`, written by the database's triggers) against
 * the rule worked out from the tables it comes from, after every kind of change that moves a
 * user in or out: through the domain where a user can make the change, by SQL where only an
 * operator can (a cooperative moved to another Dinas, an account relinked, one deleted).
 */

let handle: DatabaseHandle;
let world: CooperativesWorld;
let db: Kysely<Database>;

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld());
  db = handle.db;
});
afterAll(() => handle.close());

/** "dinas user" pairs, sorted. */
async function pairs(query: ReturnType<typeof sql<{ dinas_id: string; user_id: string }>>): Promise<string[]> {
  const { rows } = await query.execute(db);
  return rows.map((r) => `${r.dinas_id} ${r.user_id}`).sort();
}

const kept = () => pairs(sql`select dinas_id, user_id from dinas_users`);

/** The rule, read from roles, rosters and accounts as they are now. */
const derived = () =>
  pairs(sql`
    select distinct dinas_id, user_id from (
      select granted_by_dinas_id as dinas_id, user_id from user_roles where granted_by_dinas_id is not null
      union all select institution_id, user_id from user_roles where role = 'coordinator' and institution_id is not null
      union all select c.dinas_id, r.user_id from user_roles r join cooperatives c on c.id = r.cooperative_id
      union all select c.dinas_id, u.id from users u join staff_positions p on p.person_id = u.person_id join cooperatives c on c.id = p.cooperative_id
    ) w`);

async function dinasOf(userId: string): Promise<string[]> {
  const rows = await db.selectFrom('dinas_users').select('dinas_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.dinas_id).sort();
}

async function expectKeptAsDerived() {
  const [k, d] = await Promise.all([kept(), derived()]);
  expect(k).toEqual(d);
  return k;
}

describe('the users each Dinas administers, kept by the database', () => {
  it('holds every user of the demo and of a second Dinas as the rule says', async () => {
    const all = await expectKeptAsDerived();
    expect(all.length).toBeGreaterThan(8);
    expect(await dinasOf(world.ids.coordinatorId)).toEqual([world.dinasId]);
    expect(await dinasOf(world.ids.otherCoordinatorId)).toEqual([world.other.dinasId]);
    expect(await dinasOf(world.ids.neighbourAdminId)).toEqual([world.dinasId]);
    // The page's ids come from it.
    expect((await userIdsOfDinas(db, world.other.dinasId)).sort()).toEqual(
      all.filter((p) => p.startsWith(`${world.other.dinasId} `)).map((p) => p.split(' ')[1]).sort(),
    );
  });

  it('follows a role granted and revoked by a coordinator', async () => {
    // A user of the other Dinas only: on its roster.
    const wawan = await createUser(db, { email: 'wawan.dinas-users@batang.test', personId: world.other.personId, roles: [{ role: 'participant' }] });
    expect(await dinasOf(wawan)).toEqual([world.other.dinasId]);

    await grantRole(db, world.otherCoordinator, wawan, { role: 'cooperative_admin', organizationId: world.other.cooperativeId });
    await expectKeptAsDerived();
    const role = await db.selectFrom('user_roles').select('id').where('user_id', '=', wawan).where('role', '=', 'cooperative_admin').executeTakeFirstOrThrow();
    await revokeRole(db, world.otherCoordinator, wawan, role.id);
    expect(await dinasOf(wawan)).toEqual([world.other.dinasId]);
    await expectKeptAsDerived();
  });

  it('follows a roster: a person of another Dinas added to a cooperative brings their account along', async () => {
    const wawan = (await db.selectFrom('users').select('id').where('email', '=', 'wawan.dinas-users@batang.test').executeTakeFirstOrThrow()).id;
    await addStaffPosition(db, world.admin, {
      cooperativeId: world.ownCooperativeId,
      values: { nik: '3325011505800003', fullName: 'Wawan Batang', birthDate: '1980-05-15', position: 'Pengawas' },
    });
    expect(await dinasOf(wawan)).toEqual([world.dinasId, world.other.dinasId].sort());
    await expectKeptAsDerived();

    // A position's person corrected: the account of the old person leaves, the new one's comes.
    const position = await db
      .selectFrom('staff_positions')
      .select('id')
      .where('person_id', '=', world.other.personId)
      .where('cooperative_id', '=', world.ownCooperativeId)
      .executeTakeFirstOrThrow();
    const rina = await db
      .insertInto('people')
      .values({ nik: '3325014107900004', full_name: 'Rina Dinas Users', birth_date: '1990-07-01', sex: 'F' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rinaUser = await createUser(db, { email: 'rina.dinas-users@kompeten.test', personId: rina.id, roles: [{ role: 'participant' }] });
    expect(await dinasOf(rinaUser)).toEqual([]);
    await db.updateTable('staff_positions').set({ person_id: rina.id }).where('id', '=', position.id).execute();
    expect(await dinasOf(wawan)).toEqual([world.other.dinasId]);
    expect(await dinasOf(rinaUser)).toEqual([world.dinasId]);
    await expectKeptAsDerived();

    // The position deleted: she leaves.
    await db.deleteFrom('staff_positions').where('id', '=', position.id).execute();
    expect(await dinasOf(rinaUser)).toEqual([]);
    await expectKeptAsDerived();
  });

  it('follows many positions in one statement, an account relinked to another person, and an account deleted', async () => {
    const people = await db
      .insertInto('people')
      .values([
        { nik: '3325010101800005', full_name: 'Satu', birth_date: '1980-01-01', sex: 'M' },
        { nik: '3325010202800006', full_name: 'Dua', birth_date: '1980-02-02', sex: 'M' },
        { nik: '3325010303800007', full_name: 'Tiga', birth_date: '1980-03-03', sex: 'M' },
      ])
      .returning('id')
      .execute();
    const satu = await createUser(db, { email: 'satu@kompeten.test', personId: people[0]!.id, roles: [] });
    const dua = await createUser(db, { email: 'dua@kompeten.test', personId: people[1]!.id, roles: [] });
    await db
      .insertInto('staff_positions')
      .values([
        { person_id: people[0]!.id, cooperative_id: world.ownCooperativeId, position: 'Kasir' },
        { person_id: people[1]!.id, cooperative_id: world.other.cooperativeId, position: 'Kasir' },
        { person_id: people[2]!.id, cooperative_id: world.other.cooperativeId, position: 'Kasir' },
      ])
      .execute();
    expect(await dinasOf(satu)).toEqual([world.dinasId]);
    expect(await dinasOf(dua)).toEqual([world.other.dinasId]);
    await expectKeptAsDerived();

    // Satu's account now belongs to Tiga, who is only on the other Dinas's roster.
    await db.updateTable('users').set({ person_id: null }).where('id', '=', satu).execute();
    expect(await dinasOf(satu)).toEqual([]);
    await db.updateTable('users').set({ person_id: people[2]!.id }).where('id', '=', satu).execute();
    expect(await dinasOf(satu)).toEqual([world.other.dinasId]);
    await expectKeptAsDerived();

    // Any other change to an account leaves its world as it is.
    await db.updateTable('users').set({ display_name: 'Satu Baru' }).where('id', '=', satu).execute();
    expect(await dinasOf(satu)).toEqual([world.other.dinasId]);

    await db.deleteFrom('users').where('id', '=', dua).execute();
    expect(await dinasOf(dua)).toEqual([]);
    await expectKeptAsDerived();
  });

  it('moves a cooperative’s admins and roster accounts with it to another Dinas', async () => {
    const admin = world.ids.neighbourAdminId;
    expect(await dinasOf(admin)).toEqual([world.dinasId]);
    await db.updateTable('cooperatives').set({ dinas_id: world.other.dinasId }).where('id', '=', world.neighbour.id).execute();
    // Granted by the demo Dinas, so it still administers the admin; the cooperative's Dinas now does as well.
    expect(await dinasOf(admin)).toEqual([world.dinasId, world.other.dinasId].sort());
    await expectKeptAsDerived();
    await db.updateTable('cooperatives').set({ dinas_id: world.dinasId }).where('id', '=', world.neighbour.id).execute();
    expect(await dinasOf(admin)).toEqual([world.dinasId]);
    await expectKeptAsDerived();
  });

  it.runIf(usingPostgres())('keeps two transactions changing one user’s world at once in step (PostgreSQL)', async () => {
    // A user on the other Dinas's roster gets a role in the demo Dinas while, at the same
    // time, their position there is deleted. Each transaction works the world out from its
    // own view; without taking turns the second would keep the other Dinas from before.
    const person = await db
      .insertInto('people')
      .values({ nik: '3325010404800008', full_name: 'Empat', birth_date: '1980-04-04', sex: 'M' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const empat = await createUser(db, { email: 'empat@kompeten.test', personId: person.id, roles: [] });
    const position = await db
      .insertInto('staff_positions')
      .values({ person_id: person.id, cooperative_id: world.other.cooperativeId, position: 'Kasir' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await dinasOf(empat)).toEqual([world.other.dinasId]);

    let second: Promise<unknown> | undefined;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('user_roles').values({ user_id: empat, role: 'cooperative_admin', cooperative_id: world.ownCooperativeId, granted_by_dinas_id: world.dinasId }).execute();
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      second = db.deleteFrom('staff_positions').where('id', '=', position.id).execute();
      // Wait until the second transaction waits for this one.
      for (let i = 0; ; i++) {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where ${rows[0]!.pid} = any(pg_blocking_pids(pid))`.execute(db);
        if (waiting.rows[0]!.n > 0) break;
        if (i > 500) throw new Error('the second transaction never waited');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    await second;
    expect(await dinasOf(empat)).toEqual([world.dinasId]);
    await expectKeptAsDerived();
  });
});
