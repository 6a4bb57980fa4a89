import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '~/server/demo-seed';
import { issueToken } from '~/domain/accounts/tokens.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createUser, demoDinasId, seedOtherDinas, userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { repoRoot } from '../support/server-process';

/**
 * Every route that exports an `action` (found in the build, so a route added later is
 * caught) is posted to by every kind of user: nobody signed in, each role of the demo
 * Dinas, an admin of another cooperative, the coordinator of another Dinas, the demo
 * institute's administrator and the platform administrator. Roles in
 * `allow` must get through (any answer but 403/404, a redirect to sign in, or a 5xx);
 * everyone else must be refused (403/404, or sent to sign in and back). Public routes answer
 * anyone without a server error.
 *
 * A new mutating route fails "every mutating route is in the matrix" until it has a
 * line in MATRIX below: its path and a form body that would succeed for an allowed role.
 */

const WHO = [
  'anonymous',
  'coordinator',
  'otherCoordinator',
  'institute_staff',
  'assessor',
  'certification_admin',
  'cooperative_admin',
  'otherCooperativeAdmin',
  'participant',
  'institute_admin',
  'platform_admin',
] as const;
type Who = (typeof WHO)[number];
type SignedIn = Exclude<Who, 'anonymous'>;

interface Fixture {
  dinasId: string;
  otherDinasId: string;
  instituteId: string;
  lspId: string;
  /** The demo cooperative admin's cooperative (the demo participant works there). */
  cooperativeId: string;
  /** Another cooperative of the demo Dinas, with its own admin (otherCooperativeAdmin). */
  otherCooperativeId: string;
  otherDinasCooperativeId: string;
  programId: string;
  cohorts: { open: string; draft: string; past: string };
  sessionId: string;
  /** A roster position in `cooperativeId`. */
  positionId: string;
  /** A person on `cooperativeId`'s roster without a cohort or account. */
  rosterPersonId: string;
  mailId: string;
  /** A certificate of the demo Dinas's completed cohort. */
  certificateId: string;
  /** The cooperative `cooperativeId` as its edit form shows it. */
  cooperative: { name: string; type: string; number: string };
  /** An import preview uploaded by the demo coordinator (only its uploader may act on it). */
  importBatchId: string;
  /** The demo Dinas's name and short name, as its profile form shows them. */
  dinasProfile: { name: string; shortName: string };
  /** A signatory of the demo Dinas. */
  signatoryId: string;
  /** A user of the demo Dinas's world whose account the matrix may change. */
  targetUserId: string;
  targetRoleId: string;
  pendingPersonId: string;
  users: Record<SignedIn, string>;
  tokens: { invitation: string; reset: string; confirmation: string };
}

interface MatrixEntry {
  path: (f: Fixture) => string;
  /** The form a browser would post; a body that succeeds for an allowed role. */
  form?: (f: Fixture, who: Who) => Record<string, string | string[]>;
  /** Who gets through: 'public' for everyone (signed in or not), else the roles listed. */
  allow: 'public' | readonly Who[];
  /** Posted as multipart/form-data with a small CSV file in the field `file` (uploads). */
  multipart?: boolean;
}

const COORDINATOR = ['coordinator'] as const;
const SIGNED_IN = WHO.filter((w) => w !== 'anonymous');

/** Route id (as in the build) → how to post to it and who may. One line per route. */
const MATRIX: Record<string, MatrixEntry> = {
  // Public doors: signing in and out, language, sign-up, password reset, invitations.
  'routes/_auth.login': { path: () => '/login', form: () => ({ email: 'nobody@contoh.test', password: 'wrong password' }), allow: 'public' },
  'routes/logout': { path: () => '/logout', allow: 'public' },
  'routes/language': { path: () => '/language', form: () => ({ lng: 'en', redirectTo: '/' }), allow: 'public' },
  'routes/_auth.signup': { path: () => '/signup', form: (f, who) => signUpForm(f, who), allow: 'public' },
  'routes/_auth.confirm-email.$token': { path: (f) => `/confirm-email/${f.tokens.confirmation}`, allow: 'public' },
  'routes/_auth.forgot-password': { path: () => '/forgot-password', form: () => ({ email: 'peserta@kompeten.test' }), allow: 'public' },
  'routes/_auth.reset-password.$token': { path: (f) => `/reset-password/${f.tokens.reset}`, form: () => ({ password: 'sandi baru panjang', passwordConfirm: 'sandi baru panjang' }), allow: 'public' },
  'routes/_auth.invitations.$token': { path: (f) => `/invitations/${f.tokens.invitation}`, form: () => ({ intent: 'create', displayName: 'Tamu', password: 'sandi tamu panjang', passwordConfirm: 'sandi tamu panjang' }), allow: 'public' },
  // Accounts and users.
  'routes/account': { path: () => '/account', form: () => ({ intent: 'sign-out-everywhere' }), allow: SIGNED_IN },
  // Each administrator invites into an organization of their own (a cooperative of their Dinas, their LSP); the others get 404.
  'routes/users.invite': { path: () => '/users/invite', form: (f, who) => inviteForm(f, who), allow: ['coordinator', 'otherCoordinator', 'certification_admin', 'institute_admin', 'platform_admin'] },
  // The target is staff of the demo institute, in the demo Dinas's world: its coordinator and the institute's admin reach it.
  'routes/users.$userId': {
    path: (f) => `/users/${f.targetUserId}`,
    form: (f, who) =>
      who === 'institute_admin'
        ? { intent: 'grant-role', role: 'institute_admin', organizationId: f.instituteId }
        : { intent: 'grant-role', role: 'cooperative_admin', organizationId: f.cooperativeId },
    allow: ['coordinator', 'institute_admin'],
  },
  'routes/users.pending': { path: () => '/users/pending', form: (f) => ({ personId: f.pendingPersonId }), allow: ['coordinator', 'cooperative_admin'] },
  // The platform: adding a Dinas with its first coordinator.
  'routes/platform.dinas.new': { path: () => '/platform/dinas/new', form: () => ({ name: 'Dinas Koperasi dan UKM Kota Matriks', regencyCode: '35.79', timeZone: 'Asia/Jakarta', coordinatorName: 'Koordinator Matriks', coordinatorEmail: 'koordinator@matriks.test' }), allow: ['platform_admin'] },
  // Mail outbox.
  'routes/mail.$messageId': { path: (f) => `/mail/${f.mailId}`, form: () => ({ intent: 'resend' }), allow: COORDINATOR },
  // Programs, cohorts and registration.
  'routes/programs.new': { path: () => '/programs/new', form: (_f, who) => programForm(`MATRIX-${who}`), allow: ['coordinator', 'otherCoordinator'] },
  'routes/programs.$programId.edit': { path: (f) => `/programs/${f.programId}/edit`, form: () => programForm('KABAG-PMB'), allow: COORDINATOR },
  'routes/cohorts.new': { path: () => '/cohorts/new', form: (f) => cohortForm(f), allow: COORDINATOR },
  'routes/cohorts.$cohortId.edit': { path: (f) => `/cohorts/${f.cohorts.draft}/edit`, form: (f) => cohortForm(f), allow: COORDINATOR },
  'routes/cohorts.$cohortId.manage': { path: (f) => `/cohorts/${f.cohorts.draft}/manage`, form: () => ({ intent: 'transition', to: 'completed' }), allow: COORDINATOR },
  'routes/cohorts.$cohortId.sessions.new': { path: (f) => `/cohorts/${f.cohorts.draft}/sessions/new`, form: () => sessionForm(), allow: COORDINATOR },
  'routes/cohorts.$cohortId.sessions.$sessionId': { path: (f) => `/cohorts/${f.cohorts.open}/sessions/${f.sessionId}`, form: () => ({ intent: 'save', ...sessionForm() }), allow: COORDINATOR },
  // Attendance: the coordinator and the cohort's training institute (its staff and admin) take the roll call.
  'routes/cohorts.$cohortId.sessions.$sessionId_.attendance': {
    path: (f) => `/cohorts/${f.cohorts.open}/sessions/${f.sessionId}/attendance`,
    form: () => ({ 'marks[0].id': '00000000-0000-4000-8000-000000000001', 'marks[0].enrollmentId': '00000000-0000-4000-8000-000000000002' }),
    allow: ['coordinator', 'institute_staff', 'institute_admin'],
  },
  'routes/cohorts.$cohortId.sessions.$sessionId_.attendance.marks': {
    path: (f) => `/cohorts/${f.cohorts.open}/sessions/${f.sessionId}/attendance/marks`,
    allow: ['coordinator', 'institute_staff', 'institute_admin'],
  },
  'routes/cohorts.$cohortId.participants': { path: (f) => `/cohorts/${f.cohorts.open}/participants`, form: () => ({ intent: 'approve' }), allow: COORDINATOR },
  'routes/cohorts.$cohortId.nominate': { path: (f) => `/cohorts/${f.cohorts.open}/nominate`, form: () => ({}), allow: ['cooperative_admin', 'otherCooperativeAdmin'] },
  'routes/cohorts.$cohortId.register': { path: (f) => `/cohorts/${f.cohorts.open}/register`, form: () => ({ intent: 'register', redirectTo: '/my/cohorts' }), allow: ['participant'] },
  // Self check-in by typed code: the door is open to anyone signed in (the code and the registration decide; a wrong code is a field error).
  'routes/hadir': { path: () => '/hadir', form: () => ({ code: 'ZZZ ZZZ' }), allow: SIGNED_IN },
  // Exam results: the cohort's certification body (the past cohort's results are final, so these are refused as changes, not as access).
  'routes/cohorts.$cohortId.exam._index': { path: (f) => `/cohorts/${f.cohorts.past}/exam`, form: () => ({ correctionReason: 'Matriks' }), allow: ['assessor', 'certification_admin'] },
  'routes/cohorts.$cohortId.exam.finalize': { path: (f) => `/cohorts/${f.cohorts.past}/exam/finalize`, form: () => ({}), allow: ['certification_admin'] },
  // The upload's preview (a file) — for the past cohort, whose results are final: the admin gets the preview, the assessor the refusal beside the form.
  'routes/cohorts.$cohortId.exam.upload': { path: (f) => `/cohorts/${f.cohorts.past}/exam/upload`, multipart: true, form: () => ({}), allow: ['assessor', 'certification_admin'] },
  // Certificates: the Dinas's coordinator issues a completed cohort's (idempotent: a second post issues nothing more).
  'routes/certificates.$certificateId': { path: (f) => `/certificates/${f.certificateId}`, form: () => ({ intent: 'revoke', reason: 'Matriks: dicabut' }), allow: COORDINATOR },
  'routes/cohorts.$cohortId.certificates': { path: (f) => `/cohorts/${f.cohorts.past}/certificates`, form: () => ({ intent: 'issue' }), allow: COORDINATOR },
  // Cooperative registry, RAT and rosters.
  'routes/cooperatives.new': { path: () => '/cooperatives/new', form: (_f, who) => ({ name: `KSP Matriks ${who}`, type: 'KSP', cooperativeNumber: `33759900${String(WHO.indexOf(who)).padStart(8, '0')}` }), allow: ['coordinator', 'otherCoordinator'] },
  'routes/dashboard.coverage': { path: () => '/dashboard/coverage', form: (f) => ({ cohort: f.cohorts.open, position: 'Kepala Bagian Pembiayaan' }), allow: COORDINATOR },
  'routes/cooperatives.$cooperativeId._index': { path: (f) => `/cooperatives/${f.cooperativeId}`, form: () => ({ fiscalYear: '2010', heldOn: '2011-03-01' }), allow: COORDINATOR },
  'routes/cooperatives.$cooperativeId.edit': { path: (f) => `/cooperatives/${f.cooperativeId}/edit`, form: (f) => ({ name: f.cooperative.name, type: f.cooperative.type, cooperativeNumber: f.cooperative.number, street: 'Jl. Matriks No. 1' }), allow: COORDINATOR },
  'routes/cooperatives.$cooperativeId.roster._index': { path: (f) => `/cooperatives/${f.cooperativeId}/roster`, form: (_f, who) => ({ nik: `3375010101900${String(300 + WHO.indexOf(who))}`, fullName: 'Staf Matriks', birthDate: '1990-01-01', position: 'Kasir' }), allow: ['coordinator', 'cooperative_admin'] },
  'routes/cooperatives.$cooperativeId.roster.$positionId': { path: (f) => `/cooperatives/${f.cooperativeId}/roster/${f.positionId}`, form: () => ({ position: 'Kasir Senior', startsOn: '2020-01-02' }), allow: ['coordinator', 'cooperative_admin'] },
  'routes/cooperatives.import._index': { path: (f) => `/cooperatives/import?kind=roster&cooperative=${f.cooperativeId}`, multipart: true, form: (f) => ({ kind: 'roster', cooperativeId: f.cooperativeId }), allow: ['coordinator', 'cooperative_admin'] },
  'routes/cooperatives.import.$batchId': { path: (f) => `/cooperatives/import/${f.importBatchId}`, form: () => ({ intent: 'cancel' }), allow: COORDINATOR },
  // An organization's own settings and a Dinas's partners.
  'routes/organizations.$organizationId._index': { path: (f) => `/organizations/${f.dinasId}`, multipart: true, form: (f) => ({ ...f.dinasProfile, timeZone: 'Asia/Jakarta', letterhead: 'Jl. Matriks No. 1' }), allow: COORDINATOR },
  'routes/organizations.$organizationId.signatories._index': { path: (f) => `/organizations/${f.dinasId}/signatories`, form: (f) => ({ intent: 'deactivate', signatoryId: f.signatoryId }), allow: COORDINATOR },
  'routes/organizations.$organizationId.signatories.new': { path: (f) => `/organizations/${f.dinasId}/signatories/new`, multipart: true, form: () => ({ name: 'Penanda Matriks', title: 'Sekretaris Dinas' }), allow: COORDINATOR },
  'routes/organizations.$organizationId.signatories.$signatoryId._index': { path: (f) => `/organizations/${f.dinasId}/signatories/${f.signatoryId}`, multipart: true, form: () => ({ name: 'Penanda Matriks', title: 'Kepala Dinas', nip: '197001012000031001' }), allow: COORDINATOR },
  // Any Dinas may partner with any institute or LSP: the other Dinas's coordinator adds it for their own Dinas.
  'routes/partners': { path: () => '/partners', form: (f) => ({ intent: 'add', partnerId: f.lspId }), allow: ['coordinator', 'otherCoordinator'] },
};

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function programForm(code: string) {
  return {
    code,
    title: 'Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS',
    targetPositions: 'Kepala Bagian Pembiayaan',
    'units[0].code': 'K.64KSP00.010.1',
    'units[0].title': 'Menyusun Rencana Kerja Bagian Pembiayaan',
    'days[0].kind': 'training',
    'days[0].title': 'Hari 1',
    'days[0].startsAtTime': '08:00',
    'days[0].endsAtTime': '16:00',
  };
}

function cohortForm(f: Fixture) {
  return { programId: f.programId, name: 'Angkatan Matriks', startsOn: inDays(150), timeZone: 'Asia/Jakarta', venueName: 'Hotel Matriks', capacity: '25' };
}

function sessionForm() {
  return { kind: 'training', title: 'Sesi tambahan', date: inDays(160), startsAtTime: '08:00', endsAtTime: '12:00' };
}

function inviteForm(f: Fixture, who: Who): Record<string, string> {
  const email = `undangan.${who}@contoh.test`;
  if (who === 'otherCoordinator') return { email, role: 'cooperative_admin', organizationId: f.otherDinasCooperativeId };
  if (who === 'certification_admin') return { email, role: 'assessor', organizationId: f.lspId, registrationNumber: 'MET.000.000777 2024' };
  if (who === 'institute_admin') return { email, role: 'institute_staff', organizationId: f.instituteId };
  if (who === 'platform_admin') return { email, role: 'coordinator', organizationId: f.otherDinasId };
  return { email, role: 'cooperative_admin', organizationId: f.cooperativeId };
}

function signUpForm(f: Fixture, who: Who) {
  return {
    fullName: 'Pendaftar Matriks',
    nik: '3375010101900094',
    birthDate: '1990-01-01',
    email: `daftar.${who}@contoh.test`,
    password: 'sandi pendaftar panjang',
    passwordConfirm: 'sandi pendaftar panjang',
    cooperativeId: f.cooperativeId,
    position: 'Kasir',
  };
}

const build = (await import(pathToFileURL(path.join(repoRoot, 'build/index.js')).href)) as ServerBuild;
const mutatingRoutes = Object.values(build.routes)
  .filter((route) => typeof route.module.action === 'function')
  .map((route) => route.id)
  .sort();

let handle: DatabaseHandle;
let app: TestApp;
let fixture: Fixture;

async function buildFixture(db: DatabaseHandle['db']): Promise<Fixture> {
  const dinasId = await demoDinasId(db);
  const other = await seedOtherDinas(db);
  const institution = async (kind: 'training_institute' | 'certification_body') =>
    (await db.selectFrom('institutions').select('id').where('kind', '=', kind).orderBy('created_at').executeTakeFirstOrThrow()).id;
  const cooperativeId = (await db.selectFrom('user_roles').select('cooperative_id').where('role', '=', 'cooperative_admin').executeTakeFirstOrThrow()).cooperative_id!;
  const otherCooperativeId = (
    await db.selectFrom('cooperatives').select('id').where('dinas_id', '=', dinasId).where('id', '!=', cooperativeId).where('status', '=', 'active').orderBy('name').executeTakeFirstOrThrow()
  ).id;
  const cohort = async (status: 'open' | 'draft' | 'completed') =>
    (await db.selectFrom('cohorts').select('id').where('dinas_id', '=', dinasId).where('status', '=', status).executeTakeFirstOrThrow()).id;
  const cohorts = { open: await cohort('open'), draft: await cohort('draft'), past: await cohort('completed') };
  const position = await db
    .selectFrom('staff_positions as sp')
    .leftJoin('users as u', 'u.person_id', 'sp.person_id')
    .select(['sp.id', 'sp.person_id'])
    .where('sp.cooperative_id', '=', cooperativeId)
    .where('u.id', 'is', null)
    .orderBy('sp.position')
    .executeTakeFirstOrThrow();
  const pending = await db
    .insertInto('people')
    .values({ nik: '3375014505910008', full_name: 'Menunggu Konfirmasi', birth_date: '1991-05-05', sex: 'F', status: 'pending' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('staff_positions').values({ person_id: pending.id, cooperative_id: cooperativeId, position: 'Kasir' }).execute();
  const targetUserId = await createUser(db, {
    email: 'sasaran@contoh.test',
    roles: [{ role: 'institute_staff', institutionId: await institution('training_institute'), grantedByDinasId: dinasId }],
  });
  const targetRoleId = (await db.selectFrom('user_roles').select('id').where('user_id', '=', targetUserId).executeTakeFirstOrThrow()).id;
  const mail = await db
    .insertInto('mail_outbox')
    .values({ dinas_id: dinasId, to_address: 'surat@contoh.test', template: 'invitation', subject: 'Uji', message_id: '<matrix@kompeten.test>', status: 'failed', attempts: 8 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tokens = {
    invitation: (
      await issueToken(db, {
        kind: 'invitation',
        email: 'tamu@contoh.test',
        dinasId,
        payload: { role: 'institute_staff', institutionId: await institution('training_institute'), cooperativeId: null, registrationNumber: null, organizationName: 'LDP', name: null },
      })
    ).token,
    reset: (await issueToken(db, { kind: 'password_reset', email: 'asesor2@kompeten.test', userId: await userIdByEmail(db, 'asesor2@kompeten.test') })).token,
    confirmation: (
      await issueToken(db, {
        kind: 'email_verification',
        email: 'konfirmasi@contoh.test',
        dinasId,
        payload: { fullName: 'Konfirmasi', nik: '3375010202900019', birthDate: '1990-02-02', cooperativeId, position: 'Kasir', locale: 'id', passwordHash: 'x' },
      })
    ).token,
  };
  const cooperative = await db
    .selectFrom('cooperatives')
    .select(['name', 'type', 'cooperative_number'])
    .where('id', '=', cooperativeId)
    .executeTakeFirstOrThrow();
  const importBatch = await db
    .insertInto('import_batches')
    .values({
      dinas_id: dinasId,
      cooperative_id: null,
      user_id: await userIdByEmail(db, 'koordinator@kompeten.test'),
      kind: 'registry',
      file_name: 'registri.csv',
      file_format: 'csv',
      row_count: 0,
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const dinasRow = await db.selectFrom('institutions').select(['name', 'short_name']).where('id', '=', dinasId).executeTakeFirstOrThrow();
  const signatory = await db.insertInto('signatories').values({ institution_id: dinasId, name: 'Kepala Dinas Matriks', title: 'Kepala Dinas' }).returning('id').executeTakeFirstOrThrow();
  return {
    dinasProfile: { name: dinasRow.name, shortName: dinasRow.short_name ?? '' },
    signatoryId: signatory.id,
    cooperative: { name: cooperative.name, type: cooperative.type, number: cooperative.cooperative_number! },
    importBatchId: importBatch.id,
    dinasId,
    otherDinasId: other.dinasId,
    instituteId: await institution('training_institute'),
    lspId: await institution('certification_body'),
    cooperativeId,
    otherCooperativeId,
    otherDinasCooperativeId: other.cooperativeId,
    programId: (await db.selectFrom('programs').select('id').where('dinas_id', '=', dinasId).executeTakeFirstOrThrow()).id,
    cohorts,
    sessionId: (await db.selectFrom('cohort_sessions').select('id').where('cohort_id', '=', cohorts.open).orderBy('position').executeTakeFirstOrThrow()).id,
    positionId: position.id,
    rosterPersonId: position.person_id,
    mailId: mail.id,
    certificateId: (
      await db
        .selectFrom('certificates as x')
        .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
        .select('x.id')
        .where('e.cohort_id', '=', cohorts.past)
        .executeTakeFirstOrThrow()
    ).id,
    targetUserId,
    targetRoleId,
    pendingPersonId: pending.id,
    users: {
      coordinator: await userIdByEmail(db, 'koordinator@kompeten.test'),
      otherCoordinator: other.coordinatorId,
      institute_staff: await userIdByEmail(db, 'lembaga@kompeten.test'),
      assessor: await userIdByEmail(db, 'asesor1@kompeten.test'),
      certification_admin: await userIdByEmail(db, 'lsp@kompeten.test'),
      cooperative_admin: await userIdByEmail(db, 'koperasi@kompeten.test'),
      otherCooperativeAdmin: await createUser(db, { email: 'admin.lain@contoh.test', roles: [{ role: 'cooperative_admin', cooperativeId: otherCooperativeId }] }),
      participant: await userIdByEmail(db, 'peserta@kompeten.test'),
      institute_admin: await createUser(db, { email: 'admin.ldp@contoh.test', roles: [{ role: 'institute_admin', institutionId: await institution('training_institute') }] }),
      platform_admin: await createUser(db, { email: 'operator@contoh.test', roles: [{ role: 'platform_admin' }] }),
    },
    tokens,
  };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db);
  app = await loadApp(handle);
  fixture = await buildFixture(handle.db);
});
afterAll(() => handle?.close());

async function postAs(who: Who, entry: MatrixEntry): Promise<Response> {
  // A fresh session per request: some actions end every session of their user.
  const cookie = who === 'anonymous' ? undefined : await app.sessionCookie(fixture.users[who]);
  const fields = entry.form?.(fixture, who) ?? {};
  if (entry.multipart) {
    const body = new FormData();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
    body.append('file', new File(['nik,nama,jabatan\n'], 'matriks.csv', { type: 'text/csv' }));
    return app.request(entry.path(fixture), { method: 'POST', body, cookie, redirect: 'manual' });
  }
  return app.postForm(entry.path(fixture), fields, cookie);
}

function refused(response: Response): boolean {
  if (response.status === 403 || response.status === 404) return true;
  // requireActor sends the signed-out to sign in and back (a plain '/login' is a success, e.g. after signing out everywhere).
  return response.status >= 300 && response.status < 400 && (response.headers.get('Location') ?? '').startsWith('/login?redirectTo=');
}

describe('authorization matrix', () => {
  it('has a line for every mutating route, and none for a route that is gone', () => {
    const missing = mutatingRoutes.filter((id) => !(id in MATRIX));
    expect(
      missing,
      `These routes export an action but are not in the authorization matrix. Add a line per route to MATRIX in ` +
        `test/integration/authorization-matrix.test.ts (path, a form that succeeds, and who is allowed):\n  ${missing.join('\n  ')}`,
    ).toEqual([]);
    const stale = Object.keys(MATRIX).filter((id) => !mutatingRoutes.includes(id));
    expect(stale, `MATRIX names routes that no longer export an action; remove them:\n  ${stale.join('\n  ')}`).toEqual([]);
  });

  it.each(Object.keys(MATRIX).filter((id) => mutatingRoutes.includes(id)))('%s lets in exactly the roles it should', async (id) => {
    const entry = MATRIX[id]!;
    // The refused go first, so the allowed requests' changes can't mask a refusal.
    const order = [...WHO].sort((a, b) => Number(allowed(entry, a)) - Number(allowed(entry, b)));
    const failures: string[] = [];
    for (const who of order) {
      const response = await postAs(who, entry);
      const outcome = `${response.status}${response.headers.get('Location') ? ` → ${response.headers.get('Location')}` : ''}`;
      if (response.status >= 500) failures.push(`${who}: server error ${outcome}`);
      else if (allowed(entry, who) && refused(response)) failures.push(`${who}: expected to be let in, was refused (${outcome})`);
      else if (!allowed(entry, who) && !refused(response)) failures.push(`${who}: expected to be refused, got ${outcome}`);
    }
    expect(failures, `${id} (${entry.path(fixture)})`).toEqual([]);
  });
});

function allowed(entry: MatrixEntry, who: Who): boolean {
  return entry.allow === 'public' || entry.allow.includes(who);
}
