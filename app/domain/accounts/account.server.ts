import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '~db/schema';
import { ForbiddenError } from '~/lib/errors';
import { recordAudit } from '~/domain/audit/record.server';
import type { Actor } from '~/lib/permissions';
import { deleteAllAuthSessions } from '~/lib/sessions.server';

/** "My account": what the signed-in user sees of themself, and signing out everywhere. */

function requireSignedIn(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new ForbiddenError('common:error.forbiddenBody');
}

export async function getOwnAccount(db: Kysely<Database>, actor: Actor | null) {
  requireSignedIn(actor);
  const user = await db
    .selectFrom('users as u')
    .leftJoin('people as p', 'p.id', 'u.person_id')
    .select(['u.email', 'u.display_name', 'u.created_at', 'p.full_name', 'p.nik', 'p.birth_date', 'p.status as personStatus'])
    .where('u.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const roles = await db
    .selectFrom('user_roles as r')
    .leftJoin('institutions as i', 'i.id', 'r.institution_id')
    .leftJoin('cooperatives as c', 'c.id', 'r.cooperative_id')
    .select(['r.id', 'r.role', 'r.registration_number', sql<string | null>`coalesce(i.name, c.name)`.as('organizationName')])
    .where('r.user_id', '=', actor.userId)
    .orderBy('r.created_at')
    .execute();
  const sessions = await db
    .selectFrom('auth_sessions')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('user_id', '=', actor.userId)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  return {
    email: user.email,
    displayName: user.display_name,
    createdAt: user.created_at,
    // The person sees their own NIK in full.
    person: user.nik ? { fullName: user.full_name!, nik: user.nik, birthDate: user.birth_date, status: user.personStatus! } : null,
    roles: roles.map((r) => ({ id: r.id, role: r.role as Role, organizationName: r.organizationName, registrationNumber: r.registration_number })),
    activeSessions: sessions.count,
  };
}

/** Ends every session of the actor, on every device, this one included. */
export async function signOutEverywhere(db: Kysely<Database>, actor: Actor | null): Promise<number> {
  requireSignedIn(actor);
  return db.transaction().execute(async (trx) => {
    const revoked = await deleteAllAuthSessions(trx, actor.userId);
    await recordAudit(trx, {
      actor,
      action: 'user.signed_out_everywhere',
      entityType: 'user',
      entityId: actor.userId,
      after: { sessionsRevoked: revoked },
    });
    return revoked;
  });
}
