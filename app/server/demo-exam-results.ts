import type { Kysely } from 'kysely';
import { finalizeExamResults } from '~/domain/assessment/finalize.server';
import { examGrid, saveExamResults } from '~/domain/assessment/grid.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { dateText } from '~/lib/date-input';
import type { Actor, RoleGrant } from '~/lib/permissions';
import type { Database } from '~db/schema';

/**
 * The demo's past cohort gets final exam results, entered through the exam operations as
 * the LSP's assessor and finalized by its admin: most participants K on every unit, three
 * BK on one unit, and whoever the attendance rule keeps out recorded as "did not attend".
 * Runs after the demo's attendance is in place (it decides who may sit the exam).
 */
export async function seedDemoExamResults(db: Kysely<Database>): Promise<void> {
  const cohort = await db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select(['c.id', 'c.certification_body_id as bodyId'])
    .where('p.code', '=', 'KABAG-PMB')
    .where('c.status', '=', 'completed')
    .executeTakeFirst();
  if (!cohort?.bodyId) return;

  const assessor = await actorOf(db, 'asesor1@kompeten.test');
  const admin = await actorOf(db, 'lsp@kompeten.test');
  const grid = await examGrid(db, assessor, cohort.id);
  const [first, second] = grid.assessors;
  let eligibleIndex = 0;
  const rows = grid.rows.map((r, i) => {
    const common = {
      enrollmentId: r.enrollmentId,
      assessorUserId: (i % 2 === 0 ? first : (second ?? first))?.userId,
      examDate: dateText(grid.defaults.examDate) ?? '',
      venue: grid.defaults.venue ?? '',
    };
    if (!r.eligible) return { ...common, absent: true, note: 'Tidak memenuhi syarat kehadiran' };
    const notYet = [3, 9, 15].includes(eligibleIndex++);
    // One unit (collateral appraisal) is where a few fall short.
    return { ...common, units: grid.units.map((u, j) => `${u.id}:${notYet && j === 2 ? 'BK' : 'K'}`) };
  });
  // The same parsing the grid's form goes through.
  const values = ResultGridSchema.parse({ rows });
  await saveExamResults(db, assessor, { cohortId: cohort.id, ...values });
  await finalizeExamResults(db, admin, { cohortId: cohort.id });
}

async function actorOf(db: Kysely<Database>, email: string): Promise<Actor> {
  const user = await db.selectFrom('users').select(['id', 'email', 'display_name', 'person_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await db.selectFrom('user_roles').select(['role', 'institution_id', 'cooperative_id']).where('user_id', '=', user.id).execute();
  const grants: RoleGrant[] = roles.map((r) => ({ role: r.role, institutionId: r.institution_id, cooperativeId: r.cooperative_id }));
  return { userId: user.id, email: user.email, displayName: user.display_name, personId: user.person_id, locale: 'id', roles: grants, ip: null, automated: true };
}
