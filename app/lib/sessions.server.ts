import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '~db/schema';
import { SESSION_DAYS } from './auth-cookie.server';
import { compiledOnce } from './compiled-query.server';
import type { Actor } from './permissions';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createAuthSession(
  db: Kysely<Database>,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS);
  await db
    .insertInto('auth_sessions')
    .values({ id, user_id: userId, expires_at: expiresAt, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null })
    .execute();
  return { id, expiresAt };
}

/**
 * The signed-in actor behind a session id, or null when the session is unknown,
 * expired, or its user deactivated. Sliding expiry: a session used again more than a
 * day after its last renewal is extended by the full period.
 */
export async function findActorBySession(
  db: Kysely<Database>,
  sessionId: string,
  ip: string | null,
): Promise<Actor | null> {
  const [row] = await sessionWithActor(db, sessionId, new Date());
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > DAY_MS) {
    await db
      .updateTable('auth_sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + SESSION_DAYS * DAY_MS) })
      .where('id', '=', sessionId)
      .execute();
  }
  return {
    userId: row.id,
    email: row.email,
    displayName: row.display_name,
    personId: row.person_id,
    locale: row.locale,
    roles: row.roles.map((r) => ({ role: r.role, institutionId: r.institution_id, cooperativeId: r.cooperative_id })),
    ip,
  };
}

/** Compiled once: every signed-in request asks. The roles come in the same statement. */
const sessionWithActor = compiledOnce((db: Kysely<Database>, sessionId: string, now: Date) =>
  db
    .selectFrom('auth_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sessionId', 's.last_seen_at', 'u.id', 'u.email', 'u.display_name', 'u.person_id', 'u.locale'])
    .select((eb) =>
      jsonArrayFrom(
        eb.selectFrom('user_roles as r').select(['r.role', 'r.institution_id', 'r.cooperative_id']).whereRef('r.user_id', '=', 'u.id').orderBy('r.created_at'),
      ).as('roles'),
    )
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', now)
    .where('u.is_active', '=', true),
);

export async function deleteAuthSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('id', '=', sessionId).execute();
}

export async function deleteAllAuthSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('auth_sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
