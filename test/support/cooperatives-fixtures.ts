import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { seedDemoData } from '~/server/demo-seed';
import { DEFAULT_TIME_ZONE, todayIn } from '~/lib/dates';
import type { Actor } from '~/lib/permissions';
import { createAuthSession, findActorBySession } from '~/lib/sessions.server';
import { createUser, seedOtherDinas, userIdByEmail } from './accounts-fixtures';
import { createTestDatabase } from './database';

/** Today in the demo Dinas's zone (it keeps WIB), the day the cooperatives domain works on. */
export const demoToday = () => todayIn(DEFAULT_TIME_ZONE);

/** A fresh test database with the demo data (as of `today`) and the cooperatives world on it. */
export async function openCooperativesWorld(today = demoToday()) {
  const handle = await createTestDatabase();
  await seedDemoData(handle.db, { today });
  return { handle, world: await cooperativesWorld(handle.db) };
}

/**
 * The people the cooperatives tests act as, built through the real session lookup: the
 * demo coordinator, the demo cooperative admin (of their own cooperative), the coordinator
 * of another Dinas, and a cooperative admin of another demo cooperative.
 */
export async function actorOf(db: Kysely<Database>, userId: string): Promise<Actor> {
  const session = await createAuthSession(db, userId, { ip: '127.0.0.1', userAgent: 'vitest' });
  const actor = await findActorBySession(db, session.id, '127.0.0.1');
  if (!actor) throw new Error(`no actor for ${userId}`);
  return actor;
}

export async function cooperativesWorld(db: Kysely<Database>) {
  const coordinatorId = await userIdByEmail(db, 'koordinator@kompeten.test');
  const adminId = await userIdByEmail(db, 'koperasi@kompeten.test');
  const participantId = await userIdByEmail(db, 'peserta@kompeten.test');
  const other = await seedOtherDinas(db);
  const adminRole = await db.selectFrom('user_roles').select('cooperative_id').where('user_id', '=', adminId).where('role', '=', 'cooperative_admin').executeTakeFirstOrThrow();
  const ownCooperativeId = adminRole.cooperative_id!;
  const dinasId = (await db.selectFrom('cooperatives').select('dinas_id').where('id', '=', ownCooperativeId).executeTakeFirstOrThrow()).dinas_id;
  const neighbour = await db
    .selectFrom('cooperatives')
    .select(['id', 'name', 'slug'])
    .where('dinas_id', '=', dinasId)
    .where('id', '<>', ownCooperativeId)
    .orderBy('name')
    .executeTakeFirstOrThrow();
  const neighbourAdminId = await createUser(db, {
    email: 'admin.tetangga@kompeten.test',
    roles: [{ role: 'cooperative_admin', cooperativeId: neighbour.id, grantedByDinasId: dinasId }],
  });
  return {
    dinasId,
    ownCooperativeId,
    neighbour,
    other,
    ids: { coordinatorId, adminId, participantId, otherCoordinatorId: other.coordinatorId, neighbourAdminId },
    coordinator: await actorOf(db, coordinatorId),
    admin: await actorOf(db, adminId),
    participant: await actorOf(db, participantId),
    otherCoordinator: await actorOf(db, other.coordinatorId),
    neighbourAdmin: await actorOf(db, neighbourAdminId),
  };
}

export type CooperativesWorld = Awaited<ReturnType<typeof cooperativesWorld>>;

/** Throws unless the promise rejects with an error of this class; returns the error. */
export async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: new (...args: any[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}, but it succeeded`);
}
