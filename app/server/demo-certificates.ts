import type { Kysely } from 'kysely';
import { issueCohortCertificates } from '~/domain/certificates/issue.server';
import type { Actor, RoleGrant } from '~/lib/permissions';
import type { Database } from '~db/schema';

/**
 * The demo's past cohort gets its certificates through the issuing operation, as
 * Pekalongan's coordinator: a training certificate for everyone the attendance rule lets
 * through, a certificate of competency for everyone found competent. Runs after the exam
 * results are final. The verification codes are random: the README says where to find one.
 */
export async function seedDemoCertificates(db: Kysely<Database>, now = new Date()): Promise<void> {
  const cohort = await db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select('c.id')
    .where('p.code', '=', 'KABAG-PMB')
    .where('c.status', '=', 'completed')
    .executeTakeFirst();
  if (!cohort) return;
  // The demo's holders are not e-mailed (nothing waits in the outbox after seeding).
  await issueCohortCertificates(db, await actorOf(db, 'koordinator@kompeten.test'), cohort.id, now, { notify: false });
}

async function actorOf(db: Kysely<Database>, email: string): Promise<Actor> {
  const user = await db.selectFrom('users').select(['id', 'email', 'display_name', 'person_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await db.selectFrom('user_roles').select(['role', 'institution_id', 'cooperative_id']).where('user_id', '=', user.id).execute();
  const grants: RoleGrant[] = roles.map((r) => ({ role: r.role, institutionId: r.institution_id, cooperativeId: r.cooperative_id }));
  return { userId: user.id, email: user.email, displayName: user.display_name, personId: user.person_id, locale: 'id', roles: grants, ip: null, automated: true };
}
