import type { Kysely } from 'kysely';
import type { Database, Role } from '~db/schema';
import { DEMO_PASSWORD, seedDemoData } from '~/server/demo-seed';
import type { DatabaseHandle } from '~/lib/db.server';
import { hashPassword } from '~/lib/password.server';
import { loadApp, type TestApp } from './app';
import { createTestDatabase } from './database';

/**
 * Helpers for the accounts and authorization tests: a second Dinas (the "other
 * organization of the same kind"), users with chosen roles, and reading what the portal
 * queued in the mail outbox.
 */

/** A fresh database with the demo data, and the built app on it: where each page test starts. */
export async function demoApp(): Promise<{ handle: DatabaseHandle; app: TestApp }> {
  const handle = await createTestDatabase();
  await seedDemoData(handle.db);
  return { handle, app: await loadApp(handle) };
}

/** The demo's certification body (LSP) and training institute, where a coordinator grants roles. */
export async function demoInstitutions(db: Kysely<Database>): Promise<{ lsp: string; institute: string }> {
  const idOf = async (kind: 'certification_body' | 'training_institute') =>
    (await db.selectFrom('institutions').select('id').where('kind', '=', kind).orderBy('created_at').executeTakeFirstOrThrow()).id;
  return { lsp: await idOf('certification_body'), institute: await idOf('training_institute') };
}

export async function userIdByEmail(db: Kysely<Database>, email: string): Promise<string> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

export async function demoDinasId(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('institutions')
    .select('id')
    .where('kind', '=', 'dinas')
    .where('short_name', '=', 'Dindagkop-UKM Kota Pekalongan')
    .executeTakeFirstOrThrow();
  return row.id;
}

let passwordHash: Promise<string> | null = null;
const demoHash = () => (passwordHash ??= hashPassword(DEMO_PASSWORD));

/** A user with the demo password and the given roles. */
export async function createUser(
  db: Kysely<Database>,
  input: {
    email: string;
    displayName?: string;
    personId?: string | null;
    roles: { role: Role; institutionId?: string | null; cooperativeId?: string | null; grantedByDinasId?: string | null; registrationNumber?: string | null }[];
  },
): Promise<string> {
  const user = await db
    .insertInto('users')
    .values({
      email: input.email,
      password_hash: await demoHash(),
      display_name: input.displayName ?? input.email.split('@')[0]!,
      person_id: input.personId ?? null,
      email_verified_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const r of input.roles) {
    await db
      .insertInto('user_roles')
      .values({
        user_id: user.id,
        role: r.role,
        institution_id: r.institutionId ?? null,
        cooperative_id: r.cooperativeId ?? null,
        granted_by_dinas_id: r.grantedByDinasId ?? null,
        registration_number: r.registrationNumber ?? null,
      })
      .execute();
  }
  return user.id;
}

/** Another Dinas with one cooperative, one person on its roster, and its own coordinator. */
export async function seedOtherDinas(db: Kysely<Database>) {
  const dinas = await db
    .insertInto('institutions')
    .values({ kind: 'dinas', name: 'Dinas Koperasi dan UKM Kabupaten Batang', short_name: 'Dinkop-UKM Kab. Batang', regency_code: '33.25' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cooperative = await db
    .insertInto('cooperatives')
    .values({ dinas_id: dinas.id, name: 'KSP Batang Sejahtera', slug: 'ksp-batang-sejahtera', type: 'KSP' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto('people')
    .values({ nik: '3325011505800003', full_name: 'Wawan Batang', birth_date: '1980-05-15', sex: 'M' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('staff_positions').values({ person_id: person.id, cooperative_id: cooperative.id, position: 'Manajer' }).execute();
  const coordinatorId = await createUser(db, {
    email: 'koordinator@batang.test',
    displayName: 'Koordinator Batang',
    roles: [{ role: 'coordinator', institutionId: dinas.id, grantedByDinasId: dinas.id }],
  });
  return { dinasId: dinas.id, cooperativeId: cooperative.id, personId: person.id, coordinatorId };
}

/** A training institute's or certification body's administrator (institute_admin / certification_admin), signed in with the demo password. */
export async function createInstitutionAdmin(
  db: Kysely<Database>,
  input: { institutionId: string; email: string; displayName?: string; kind?: 'training_institute' | 'certification_body' },
): Promise<string> {
  const role = input.kind === 'certification_body' ? 'certification_admin' : 'institute_admin';
  return createUser(db, { email: input.email, displayName: input.displayName, roles: [{ role, institutionId: input.institutionId }] });
}

/** Another training institute and certification body, partners of no one yet, each with its own administrator. */
export async function seedOtherInstitutions(db: Kysely<Database>) {
  const insert = async (kind: 'training_institute' | 'certification_body', name: string) =>
    (await db.insertInto('institutions').values({ kind, name }).returning('id').executeTakeFirstOrThrow()).id;
  const instituteId = await insert('training_institute', 'LDP Mitra Batang');
  const lspId = await insert('certification_body', 'LSP Koperasi Batang');
  return {
    instituteId,
    lspId,
    instituteAdminId: await createInstitutionAdmin(db, { institutionId: instituteId, email: 'admin.ldp@batang.test', displayName: 'Admin LDP Batang' }),
    lspAdminId: await createInstitutionAdmin(db, { institutionId: lspId, email: 'admin.lsp@batang.test', displayName: 'Admin LSP Batang', kind: 'certification_body' }),
  };
}

export interface QueuedMail {
  id: string;
  to_address: string;
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  dinas_id: string | null;
  locale: string;
}

/** Messages queued to an address, oldest first. */
export async function mailTo(db: Kysely<Database>, address: string): Promise<QueuedMail[]> {
  return db
    .selectFrom('mail_outbox')
    .select(['id', 'to_address', 'template', 'subject', 'text_body', 'html_body', 'dinas_id', 'locale'])
    .where('to_address', '=', address.toLowerCase())
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The one link to this portal in a message's text that starts with `pathPrefix`, as a path. */
export function linkIn(text: string, pathPrefix: string): string {
  const links = [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => new URL(m[0]!)).filter((u) => u.pathname.startsWith(pathPrefix));
  if (links.length === 0) throw new Error(`No link to ${pathPrefix} in:\n${text}`);
  return links[0]!.pathname;
}

export async function auditRows(db: Kysely<Database>, filter: { action?: string; entityId?: string } = {}) {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  return query.execute();
}

/** The cookies a response sets, as one Cookie header value (name=value pairs). */
export function cookiesFrom(response: Response, previous = ''): string {
  const jar = new Map<string, string>();
  for (const pair of previous.split(';').map((c) => c.trim()).filter(Boolean)) {
    const [name, ...rest] = pair.split('=');
    jar.set(name!, rest.join('='));
  }
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...rest] = pair!.split('=');
    const value = rest.join('=');
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name!);
    else jar.set(name!, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
