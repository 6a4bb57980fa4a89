import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';
import { parseConfig, setConfig } from '~/lib/config.server';
import { addDays, DEFAULT_TIME_ZONE, todayIn } from '~/lib/dates';
import { seedDemoData } from '~/server/demo-seed';
import { createUser } from './accounts-fixtures';
import { createTestDatabase } from './database';
import { partnerUsedInstitutions } from './partners-fixtures';
import { repoRoot } from './server-process';

/**
 * Helpers for the programs, cohorts and enrollment tests: actors as the domain sees them,
 * the demo data's ids, and rosters of people to register.
 */

/** Domain operations read the portal's address for e-mail links. */
export function setTestConfig() {
  setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: path.join(repoRoot, '.cache/test-data') }));
}

/** Today in the demo Dinas's zone. */
export const today = () => todayIn(DEFAULT_TIME_ZONE);

/** A fresh database with the demo data, and the demo's ids: where each of these test files starts. */
export async function demoDatabase() {
  setTestConfig();
  const handle = await createTestDatabase();
  await seedDemoData(handle.db);
  await partnerUsedInstitutions(handle.db);
  return { handle, ids: await demoIds(handle.db) };
}

export async function actorFor(db: Kysely<Database>, email: string): Promise<Actor> {
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  const roles = await db.selectFrom('user_roles').select(['role', 'institution_id', 'cooperative_id']).where('user_id', '=', user.id).execute();
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    personId: user.person_id,
    locale: user.locale,
    roles: roles.map((r) => ({ role: r.role, institutionId: r.institution_id, cooperativeId: r.cooperative_id })),
    ip: '127.0.0.1',
  };
}

export async function demoIds(db: Kysely<Database>) {
  const dinas = await db.selectFrom('institutions').select('id').where('kind', '=', 'dinas').orderBy('created_at').executeTakeFirstOrThrow();
  const institute = await db.selectFrom('institutions').select('id').where('kind', '=', 'training_institute').orderBy('created_at').executeTakeFirstOrThrow();
  const lsp = await db.selectFrom('institutions').select('id').where('kind', '=', 'certification_body').orderBy('created_at').executeTakeFirstOrThrow();
  const program = await db.selectFrom('programs').select('id').where('code', '=', 'KABAG-PMB').executeTakeFirstOrThrow();
  const cohorts = await db.selectFrom('cohorts').select(['id', 'status']).where('dinas_id', '=', dinas.id).execute();
  const assessors = await db
    .selectFrom('users')
    .select('id')
    .where('email', 'in', ['asesor1@kompeten.test', 'asesor2@kompeten.test'])
    .orderBy('email')
    .execute();
  return {
    dinasId: dinas.id,
    instituteId: institute.id,
    lspId: lsp.id,
    programId: program.id,
    completedCohortId: cohorts.find((c) => c.status === 'completed')!.id,
    openCohortId: cohorts.find((c) => c.status === 'open')!.id,
    draftCohortId: cohorts.find((c) => c.status === 'draft')!.id,
    assessorIds: assessors.map((a) => a.id),
  };
}

export type DemoIds = Awaited<ReturnType<typeof demoIds>>;

let serial = 0;

/** A cooperative of the Dinas with people on its roster in the given positions. */
export async function cooperativeWithStaff(
  db: Kysely<Database>,
  dinasId: string,
  positions: string[],
  options: { emails?: boolean } = {},
): Promise<{ cooperativeId: string; personIds: string[] }> {
  serial++;
  const tag = `${process.pid % 1000}${String(serial).padStart(4, '0')}${Math.floor(Math.random() * 1000)}`;
  const cooperative = await db
    .insertInto('cooperatives')
    .values({ dinas_id: dinasId, name: `KSP Uji ${tag}`, slug: `ksp-uji-${tag}`, type: 'KSP' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const personIds: string[] = [];
  for (const [index, position] of positions.entries()) {
    const nik = `3375${String(serial).padStart(4, '0')}${String(index).padStart(2, '0')}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const person = await db
      .insertInto('people')
      .values({ nik, full_name: `Peserta ${tag}-${index}`, email: options.emails === false ? null : `peserta.${tag}.${index}@contoh.test` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('staff_positions').values({ person_id: person.id, cooperative_id: cooperative.id, position, starts_on: '2020-01-02' }).execute();
    personIds.push(person.id);
  }
  return { cooperativeId: cooperative.id, personIds };
}

/** A participant account for a person (their portal login). */
export async function participantFor(db: Kysely<Database>, personId: string): Promise<Actor> {
  const person = await db.selectFrom('people').select(['full_name', 'email']).where('id', '=', personId).executeTakeFirstOrThrow();
  const email = person.email ?? `p-${personId.slice(0, 8)}@contoh.test`;
  await createUser(db, { email, displayName: person.full_name, personId, roles: [{ role: 'participant' }] });
  return actorFor(db, email);
}

/**
 * An open cohort of the demo program starting in three weeks, with its sessions and a
 * registration window open now: the stage for registration tests.
 */
export async function openCohort(
  db: Kysely<Database>,
  ids: DemoIds,
  options: { capacity: number; quota?: number | null; requiresApproval?: boolean; startsInDays?: number; venue?: string },
): Promise<string> {
  const startsOn = addDays(today(), options.startsInDays ?? 21);
  const cohort = await db
    .insertInto('cohorts')
    .values({
      program_id: ids.programId,
      dinas_id: ids.dinasId,
      name: `Angkatan Uji ${++serial}`,
      status: 'open',
      venue_name: options.venue ?? 'Hotel Uji',
      time_zone: DEFAULT_TIME_ZONE,
      capacity: options.capacity,
      quota_per_cooperative: options.quota ?? null,
      starts_on: startsOn,
      ends_on: addDays(startsOn, 3),
      registration_opens_at: new Date(Date.now() - 86_400_000),
      registration_closes_at: new Date(Date.now() + 7 * 86_400_000),
      training_institute_id: ids.instituteId,
      certification_body_id: ids.lspId,
      requires_approval: options.requiresApproval ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const days = [0, 1, 2, 3];
  await db
    .insertInto('cohort_sessions')
    .values(
      days.map((d) => ({
        cohort_id: cohort.id,
        position: d + 1,
        kind: d === 3 ? ('exam' as const) : ('training' as const),
        title: d === 3 ? 'Uji kompetensi' : `Hari ${d + 1}`,
        starts_at: new Date(`${addDays(startsOn, d)}T01:00:00Z`),
        ends_at: new Date(`${addDays(startsOn, d)}T09:00:00Z`),
      })),
    )
    .execute();
  return cohort.id;
}

export async function enrollmentsOf(db: Kysely<Database>, cohortId: string) {
  return db
    .selectFrom('enrollments')
    .select(['id', 'person_id', 'cooperative_id', 'status', 'source', 'arrival_seq'])
    .where('cohort_id', '=', cohortId)
    .orderBy('arrival_seq')
    .execute();
}

export async function outboxFor(db: Kysely<Database>, filter: { to?: string; template?: string } = {}) {
  let query = db.selectFrom('mail_outbox').select(['id', 'to_address', 'template', 'subject', 'text_body', 'attachments', 'dinas_id']).orderBy('created_at').orderBy('id');
  if (filter.to) query = query.where('to_address', '=', filter.to.toLowerCase());
  if (filter.template) query = query.where('template', '=', filter.template);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, attachments: (typeof r.attachments === 'string' ? JSON.parse(r.attachments) : r.attachments) as { filename: string; contentType: string; contentBase64?: string }[] }));
}
