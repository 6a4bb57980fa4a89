import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~db/schema';
import { seedDemoData } from '~/server/demo-seed';
import type { DatabaseHandle } from '~/lib/db.server';
import { createUser, userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { repoRoot } from '../support/server-process';

/**
 * The role × route matrix with two Dinas on one portal (the demo data: Kota Pekalongan and
 * Kota Malang). Every route of the build with dynamic params is requested with Pekalongan's
 * records by every kind of Malang user — GET, and POST of an empty form where the route has
 * an action — and must answer 404: another organization's record is not even confirmed to
 * exist. A route added later with a param nobody here knows fails "every route with params
 * is covered" until PARAMS (or EXCLUDED, with a reason) names it.
 */

const build = (await import(pathToFileURL(path.join(repoRoot, 'build/index.js')).href)) as ServerBuild;

/** Routes whose param is not another organization's record: public by design. */
const EXCLUDED: Record<string, string> = {
  'routes/koperasi.$slug': 'the public roster page of a cooperative, open to anyone by its slug or number',
  'routes/_auth.confirm-email.$token': 'the token itself is the credential (an e-mail confirmation link), not a record of a Dinas',
  'routes/_auth.reset-password.$token': 'the token itself is the credential (a password-reset link), not a record of a Dinas',
  'routes/_auth.invitations.$token': 'the token itself is the credential (an invitation link), not a record of a Dinas',
  'routes/cooperatives.templates.$file': 'the import templates are the same empty files for every Dinas',
  'routes/$': 'the catch-all "not found" page',
  'routes/dashboard.export.$file': "the table's name (programs.csv …), not a record: the export is always of the coordinator's own Dinas (dashboard.test.ts)",
  'routes/platform.dashboard.export.$file': "the file's name (dinas.csv/.xlsx), not a record: only the platform operator gets it, anyone else 404 (province.test.ts)",
  'routes/organizations.$organizationId.logo': 'an organization\'s logo is public, as it is printed on letters and certificates',
  'routes/verify.$code': "a certificate's public verification page: the 80-bit code is the key, anyone holding it may check the certificate",
  'routes/verify.$code_.json': "a certificate's public verification data (/verify/<code>.json), by its code",
  'routes/verify.$code_.pdf': "a certificate's PDF (/verify/<code>.pdf), by its code, as printed for anyone to check",
};

/**
 * A cohort that is open, running or done has a public page (anyone may read it and sign up):
 * these routes answer for such a cohort of any Dinas, and 404 only for a draft.
 */
const PUBLIC_COHORT_ROUTES: Record<string, string> = {
  'routes/cohorts.$cohortId._index': "a published cohort's public page, linked from the home page for anyone",
  'routes/cohorts.$cohortId.calendar[.]ics': "a published cohort's public calendar file",
};

/**
 * Answers other than 404 that are not leaks, each with its reason. Anything else is a leak.
 * (`public` is whether the Pekalongan cohort in the path is published: not a draft.)
 */
function notALeak(routeId: string, who: MalangUser, method: 'GET' | 'POST', publicCohort: boolean, response: Response): string | null {
  if (routeId in PUBLIC_COHORT_ROUTES && publicCohort && response.status < 500) return PUBLIC_COHORT_ROUTES[routeId]!;
  if (routeId === 'routes/cohorts.$cohortId.register') {
    const location = response.headers.get('Location') ?? '';
    // The GET only sends the browser to the cohort's page (which answers 404 for a draft).
    if (method === 'GET' && response.status === 302 && /^\/cohorts\/[0-9a-f-]+$/.test(location)) return 'GET redirects to the cohort page';
    // Any participant may sign up for a published cohort (one outside the Dinas waits for approval).
    if (method === 'POST' && who === 'participant' && publicCohort && response.status === 302) return 'self-registration for a published cohort';
  }
  return null;
}

type Bindings = Record<string, string>;
type MalangUser = 'coordinator' | 'instituteStaff' | 'cooperativeAdmin' | 'participant';
const MALANG_USERS: readonly MalangUser[] = ['coordinator', 'instituteStaff', 'cooperativeAdmin', 'participant'];

interface World {
  pekalongan: { dinasId: string; names: string[]; users: Record<MalangUser, string> };
  malang: { dinasId: string; cohortId: string; cooperativeId: string; programId: string; users: Record<MalangUser, string> };
  /** Each group binds params that belong together (a session of that cohort), with Pekalongan's records. */
  params: { names: string[]; values: Bindings[] }[];
  /** Pekalongan's published (non-draft) cohorts. */
  publicCohorts: Set<string>;
}

const routesWithParams = Object.values(build.routes)
  .filter((route) => /(^|\/)[:*]/.test(route.path ?? ''))
  .map((route) => ({ id: route.id, path: route.path!, hasLoader: typeof route.module.loader === 'function', hasAction: typeof route.module.action === 'function' }))
  .sort((a, b) => a.id.localeCompare(b.id));
const checkedRoutes = routesWithParams.filter((route) => !(route.id in EXCLUDED));

const paramsOf = (routePath: string) => [...routePath.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);

let handle: DatabaseHandle;
let app: TestApp;
let world: World;

const dinasOf = async (db: Kysely<Database>, city: string) =>
  (await db.selectFrom('institutions').select('id').where('kind', '=', 'dinas').where('city', '=', city).executeTakeFirstOrThrow()).id;

async function buildWorld(db: Kysely<Database>): Promise<World> {
  const pekalongan = await dinasOf(db, 'Kota Pekalongan');
  const malang = await dinasOf(db, 'Kota Malang');
  const cohortsOf = (dinasId: string) => db.selectFrom('cohorts').select(['id', 'status', 'name', 'venue_name']).where('dinas_id', '=', dinasId).orderBy('starts_on').execute();
  const cooperativesOf = (dinasId: string) => db.selectFrom('cooperatives').select(['id', 'name']).where('dinas_id', '=', dinasId).orderBy('cooperative_number').execute();

  // Pekalongan's records, one of each kind (and each cohort: past, open, draft).
  const pCohorts = await cohortsOf(pekalongan);
  const pCooperatives = await cooperativesOf(pekalongan);
  const adminCooperativeId = (
    await db
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('r.cooperative_id')
      .where('u.email', '=', 'koperasi@kompeten.test')
      .executeTakeFirstOrThrow()
  ).cooperative_id!;
  const cohortValues: Bindings[] = [];
  for (const cohort of pCohorts) {
    const session = await db.selectFrom('cohort_sessions').select('id').where('cohort_id', '=', cohort.id).orderBy('position').executeTakeFirstOrThrow();
    // A registration of the cohort (made here for a cohort that has none yet).
    let enrollment = await db.selectFrom('enrollments').select('id').where('cohort_id', '=', cohort.id).orderBy('arrival_seq').executeTakeFirst();
    if (!enrollment) {
      const staff = await db
        .selectFrom('staff_positions as sp')
        .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
        .select(['sp.person_id', 'sp.cooperative_id'])
        .where('c.dinas_id', '=', pekalongan)
        .orderBy('sp.person_id')
        .executeTakeFirstOrThrow();
      enrollment = await db
        .insertInto('enrollments')
        .values({ cohort_id: cohort.id, person_id: staff.person_id, cooperative_id: staff.cooperative_id, status: 'pending', source: 'coordinator' })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    cohortValues.push({ cohortId: cohort.id, sessionId: session.id, enrollmentId: enrollment.id });
  }
  // Pekalongan's own Dinas and its LDP, each with a signatory.
  const organizationValues: Bindings[] = [];
  for (const organizationId of [pekalongan, (await db.selectFrom('institutions').select('id').where('name', '=', 'LDP Mitra Koperasi Nusantara').executeTakeFirstOrThrow()).id]) {
    const signatory = await db
      .insertInto('signatories')
      .values({ institution_id: organizationId, name: 'Penanda Tangan Pekalongan', title: 'Kepala', signature_image: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), signature_type: 'image/png' })
      .returning('id')
      .executeTakeFirstOrThrow();
    organizationValues.push({ organizationId, signatoryId: signatory.id });
  }
  const cooperativeValues: Bindings[] = [];
  for (const cooperativeId of [adminCooperativeId, pCooperatives.at(-1)!.id]) {
    const position = await db.selectFrom('staff_positions').select('id').where('cooperative_id', '=', cooperativeId).orderBy('position').executeTakeFirstOrThrow();
    cooperativeValues.push({ cooperativeId, positionId: position.id });
  }
  const program = await db.selectFrom('programs').select(['id', 'code', 'title']).where('dinas_id', '=', pekalongan).executeTakeFirstOrThrow();
  const pCoordinator = await userIdByEmail(db, 'koordinator@kompeten.test');
  const mail = await db
    .insertInto('mail_outbox')
    .values({ dinas_id: pekalongan, to_address: 'surat.pekalongan@contoh.test', template: 'invitation', subject: 'Surat Pekalongan Rahasia', message_id: '<isolasi@kompeten.test>', status: 'failed', attempts: 8 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const certificateValues = (
    await db
      .selectFrom('certificates as x')
      .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
      .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
      .select('x.id as certificateId')
      .where('c.dinas_id', '=', pekalongan)
      .limit(2)
      .execute()
  ).map((r) => ({ certificateId: r.certificateId }));
  const batch = await db
    .insertInto('import_batches')
    .values({ dinas_id: pekalongan, cooperative_id: null, user_id: pCoordinator, kind: 'registry', file_name: 'registri-pekalongan.csv', file_format: 'csv', row_count: 0, expires_at: new Date(Date.now() + 86_400_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const userValues: Bindings[] = [];
  for (const email of ['koordinator@kompeten.test', 'lembaga@kompeten.test', 'koperasi@kompeten.test']) userValues.push({ userId: await userIdByEmail(db, email) });

  // Malang's users: its coordinator and LDP staff from the demo, an admin of one of its
  // cooperatives and a participant (a Kabag Pembiayaan there) made here.
  const mCooperatives = await cooperativesOf(malang);
  const mCooperativeId = mCooperatives[0]!.id;
  const kabag = await db
    .selectFrom('staff_positions')
    .select('person_id')
    .where('cooperative_id', '=', mCooperativeId)
    .where('position', '=', 'Kepala Bagian Pembiayaan')
    .executeTakeFirstOrThrow();
  const mCohort = (await cohortsOf(malang))[0]!;

  const pekalonganNames = [
    'Pekalongan',
    'Dindagkop-UKM',
    'Sri Wahyuni',
    'Bambang Sutrisno',
    'Hadi Santoso',
    'LDP Mitra Koperasi',
    program.code,
    program.title,
    'Surat Pekalongan Rahasia',
    'registri-pekalongan.csv',
    ...pCohorts.map((c) => c.venue_name ?? c.name),
    ...pCooperatives.map((c) => c.name),
  ];
  return {
    pekalongan: {
      dinasId: pekalongan,
      names: pekalonganNames,
      users: {
        coordinator: pCoordinator,
        instituteStaff: await userIdByEmail(db, 'lembaga@kompeten.test'),
        cooperativeAdmin: await userIdByEmail(db, 'koperasi@kompeten.test'),
        participant: await userIdByEmail(db, 'peserta@kompeten.test'),
      },
    },
    malang: {
      dinasId: malang,
      cohortId: mCohort.id,
      cooperativeId: mCooperativeId,
      programId: (await db.selectFrom('programs').select('id').where('dinas_id', '=', malang).executeTakeFirstOrThrow()).id,
      users: {
        coordinator: await userIdByEmail(db, 'koordinator.malang@kompeten.test'),
        instituteStaff: await userIdByEmail(db, 'lembaga.malang@kompeten.test'),
        cooperativeAdmin: await createUser(db, {
          email: 'admin.koperasi.malang@contoh.test',
          displayName: 'Admin Koperasi Malang',
          roles: [{ role: 'cooperative_admin', cooperativeId: mCooperativeId, grantedByDinasId: malang }],
        }),
        participant: await createUser(db, { email: 'peserta.malang@contoh.test', displayName: 'Peserta Malang', personId: kabag.person_id, roles: [{ role: 'participant' }] }),
      },
    },
    publicCohorts: new Set(pCohorts.filter((c) => c.status !== 'draft').map((c) => c.id)),
    params: [
      { names: ['cohortId', 'sessionId', 'enrollmentId'], values: cohortValues },
      { names: ['cooperativeId', 'positionId'], values: cooperativeValues },
      { names: ['programId'], values: [{ programId: program.id }] },
      { names: ['messageId'], values: [{ messageId: mail.id }] },
      { names: ['certificateId'], values: certificateValues },
      { names: ['batchId'], values: [{ batchId: batch.id }] },
      { names: ['userId'], values: userValues },
      { names: ['organizationId', 'signatoryId'], values: organizationValues },
    ],
  };
}

/** Every way to fill a route's params with Pekalongan's records (the cross product of the groups it uses). */
function bindingsOf(routePath: string): (Bindings & { path: string })[] {
  const names = paramsOf(routePath);
  let bindings: Bindings[] = [{}];
  for (const group of world.params.filter((g) => g.names.some((n) => names.includes(n)))) {
    bindings = bindings.flatMap((b) => group.values.map((v) => ({ ...b, ...v })));
  }
  return bindings.map((b) => ({ ...b, path: `/${routePath.replace(/:([A-Za-z]+)/g, (_m, name: string) => b[name]!)}` }));
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db);
  app = await loadApp(handle);
  world = await buildWorld(handle.db);
});
afterAll(() => handle?.close());

const outcome = (response: Response) => `${response.status}${response.headers.get('Location') ? ` → ${response.headers.get('Location')}` : ''}`;

describe('the role × route matrix runs with two Dinas', () => {
  it('every route with params is covered (or excluded with a reason)', () => {
    const known = new Set(world.params.flatMap((g) => g.names));
    const uncovered = checkedRoutes.filter((route) => paramsOf(route.path).some((name) => !known.has(name)) || route.path.includes('*'));
    expect(
      uncovered.map((r) => `${r.id} (${r.path})`),
      'These routes take params this test cannot fill with a record of Pekalongan: add the param to `params` in buildWorld, or the route to EXCLUDED with a reason',
    ).toEqual([]);
    const staleExclusions = Object.keys(EXCLUDED).filter((id) => !routesWithParams.some((r) => r.id === id));
    expect(staleExclusions, 'EXCLUDED names routes the build no longer has').toEqual([]);
    expect(checkedRoutes.length).toBeGreaterThanOrEqual(19);
  });

  it("Pekalongan's records are real: each path answers someone of Pekalongan (not a 404 by a wrong id)", async () => {
    const dead: string[] = [];
    for (const route of checkedRoutes.filter((r) => r.hasLoader)) {
      for (const binding of bindingsOf(route.path)) {
        const pathname = binding.path;
        // A draft has no public page and takes no nominations: 404 to everyone but its manage pages.
        const draft = !!binding.cohortId && !world.publicCohorts.has(binding.cohortId);
        if (draft && (route.id in PUBLIC_COHORT_ROUTES || route.id === 'routes/cohorts.$cohortId.nominate')) continue;
        let reached = false;
        for (const who of MALANG_USERS) {
          const response = await app.request(pathname, { cookie: await app.sessionCookie(world.pekalongan.users[who]), redirect: 'manual' });
          if (response.status !== 404 && response.status < 500) reached = true;
          if (reached) break;
        }
        if (!reached) dead.push(`${route.id}: ${pathname}`);
      }
    }
    expect(dead).toEqual([]);
  });

  it("every Malang user gets 404 for every route with Pekalongan's records, by GET and by POST", async () => {
    let attempts = 0;
    let refused = 0;
    let publicAnswers = 0;
    const leaks: string[] = [];
    const cookies = new Map<string, string>();
    for (const who of MALANG_USERS) cookies.set(who, await app.sessionCookie(world.malang.users[who]));
    for (const route of checkedRoutes) {
      for (const binding of bindingsOf(route.path)) {
        const pathname = binding.path;
        const publicCohort = !!binding.cohortId && world.publicCohorts.has(binding.cohortId);
        for (const who of MALANG_USERS) {
          const cookie = cookies.get(who)!;
          const requests: ['GET' | 'POST', () => Promise<Response>][] = [];
          if (route.hasLoader) requests.push(['GET', () => app.request(pathname, { cookie, redirect: 'manual' })]);
          if (route.hasAction) requests.push(['POST', () => app.postForm(pathname, {}, cookie)]);
          for (const [method, send] of requests) {
            attempts++;
            const response = await send();
            if (response.status === 404) refused++;
            else if (notALeak(route.id, who, method, publicCohort, response)) publicAnswers++;
            else leaks.push(`${who} ${method} ${pathname} (${route.id}): ${outcome(response)}`);
          }
        }
      }
    }
    console.log(
      `tenant isolation: ${checkedRoutes.length} routes with params, ${attempts} attempts by 4 kinds of Malang user with Pekalongan's records, ` +
        `${refused} refused with 404, ${publicAnswers} answered as public by design, ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
    expect(attempts).toBeGreaterThan(100);
    // The sessions held through all of it (a 404 is not a sign-in page).
    for (const cookie of cookies.values()) expect((await app.request('/account', { cookie, redirect: 'manual' })).status).toBe(200);
    // Several hundred whole page requests, one after another: more than a default test's minute on a busy machine.
  }, 300_000);

  it("and the other way round: Pekalongan's users get 404 for Malang's cohort, cooperative and program", async () => {
    const { cohortId, cooperativeId, programId } = world.malang;
    const malangSession = await handle.db.selectFrom('cohort_sessions').select('id').where('cohort_id', '=', cohortId).orderBy('position').executeTakeFirstOrThrow();
    const targets: [string, string][] = [
      ['routes/cohorts.$cohortId.manage', `/cohorts/${cohortId}/manage`],
      ['routes/cohorts.$cohortId.participants', `/cohorts/${cohortId}/participants`],
      ['routes/cohorts.$cohortId.edit', `/cohorts/${cohortId}/edit`],
      ['routes/cohorts.$cohortId.sessions.new', `/cohorts/${cohortId}/sessions/new`],
      ['routes/cohorts.$cohortId.attendance-sheet[.]pdf', `/cohorts/${cohortId}/attendance-sheet.pdf`],
      ['routes/cohorts.$cohortId.sessions.$sessionId.sheet[.]pdf', `/cohorts/${cohortId}/sessions/${malangSession.id}/sheet.pdf`],
      ['routes/cohorts.$cohortId.attendance._index', `/cohorts/${cohortId}/attendance`],
      ['routes/cohorts.$cohortId.attendance.export', `/cohorts/${cohortId}/attendance/export?format=xlsx`],
      ['routes/cohorts.$cohortId.exam.bnsp[.]xlsx', `/cohorts/${cohortId}/exam/bnsp.xlsx`],
      ['routes/cohorts.$cohortId.exam.template', `/cohorts/${cohortId}/exam/template?format=xlsx`],
      ['routes/cohorts.$cohortId.certificates[.]zip', `/cohorts/${cohortId}/certificates.zip`],
      ['routes/cohorts.$cohortId.certificates[.]pdf', `/cohorts/${cohortId}/certificates.pdf`],
      ['routes/cohorts.$cohortId.summary[.]pdf', `/cohorts/${cohortId}/summary.pdf`],
      ['routes/cooperatives.$cooperativeId._index', `/cooperatives/${cooperativeId}`],
      ['routes/cooperatives.$cooperativeId.edit', `/cooperatives/${cooperativeId}/edit`],
      ['routes/cooperatives.$cooperativeId.roster._index', `/cooperatives/${cooperativeId}/roster`],
      ['routes/cooperatives.$cooperativeId.trainings', `/cooperatives/${cooperativeId}/trainings`],
      ['routes/programs.$programId._index', `/programs/${programId}`],
      ['routes/programs.$programId.edit', `/programs/${programId}/edit`],
    ];
    const leaks: string[] = [];
    let attempts = 0;
    for (const [routeId, pathname] of targets) {
      const route = build.routes[routeId];
      expect(route, routeId).toBeDefined();
      for (const who of MALANG_USERS) {
        const cookie = await app.sessionCookie(world.pekalongan.users[who]);
        const responses = [await app.request(pathname, { cookie, redirect: 'manual' })];
        if (typeof route!.module.action === 'function') responses.push(await app.postForm(pathname, {}, cookie));
        for (const response of responses) {
          attempts++;
          if (response.status !== 404) leaks.push(`Pekalongan ${who} ${pathname}: ${outcome(response)}`);
        }
      }
    }
    console.log(`tenant isolation, the other way: ${attempts} attempts by 4 kinds of Pekalongan user, ${attempts - leaks.length} refused with 404`);
    expect(leaks).toEqual([]);
  });

  it("the Malang coordinator's list pages name nothing of Pekalongan (and Pekalongan's do)", async () => {
    const lists = ['/cooperatives', '/cohorts', '/programs', '/users', '/audit', '/mail'];
    const found: string[] = [];
    const control: string[] = [];
    for (const list of lists) {
      const malang = await app.request(list, { cookie: await app.sessionCookie(world.malang.users.coordinator) });
      expect(malang.status, list).toBe(200);
      const html = await malang.text();
      for (const name of world.pekalongan.names) if (html.includes(name)) found.push(`${list}: ${name}`);
      const own = await (await app.request(list, { cookie: await app.sessionCookie(world.pekalongan.users.coordinator) })).text();
      if (!world.pekalongan.names.some((name) => own.includes(name))) control.push(list);
    }
    expect(found).toEqual([]);
    expect(control, 'the Pekalongan coordinator should see Pekalongan names on these lists, else the check above proves nothing').toEqual([]);
  });
});
