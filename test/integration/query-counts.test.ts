import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { seedDemoData } from '~/server/demo-seed';
import { userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

/**
 * No query per row: the SQL statements behind each list page are counted with the demo's
 * few rows and again after 1,000 more rows of what the page lists; the count must not grow.
 * (A page that runs one query per row shows up here as hundreds of statements.)
 */
class StatementCounter implements KyselyPlugin {
  count = 0;
  /** How many statements named auth_sessions (who is signed in). */
  sessionReads = 0;
  /**
   * Counted as their results come back: a query built into another (a CTE) passes through
   * transformQuery too, but is one statement with the query around it.
   */
  readonly #sessionQueries = new WeakSet<object>();
  transformQuery(args: PluginTransformQueryArgs) {
    if (JSON.stringify(args.node).includes('"auth_sessions"')) this.#sessionQueries.add(args.queryId);
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    if (this.#sessionQueries.has(args.queryId)) this.sessionReads += 1;
    return Promise.resolve(args.result);
  }
}

const ROWS = 1000;

let handle: DatabaseHandle;
let app: TestApp;
const counter = new StatementCounter();
let coordinator: string;
let ids: { cooperativeId: string; cohortId: string; slug: string; code: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db);
  app = await loadApp({ ...handle, db: handle.db.withPlugin(counter) });
  coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
  // The demo's past cohort (its participants and certificates) and the cooperative that
  // holds most of its valid certificates. (Not "sent most participants": who attended
  // enough to be certified depends on the seed's random ids, and the cooperative that sent
  // most may have no certificate at all; ties are broken by id so the choice is stable.)
  const top = await handle.db
    .selectFrom('certificates')
    .innerJoin('enrollments', 'enrollments.id', 'certificates.enrollment_id')
    .innerJoin('cooperatives', 'cooperatives.id', 'certificates.cooperative_id')
    .where('certificates.status', '=', 'valid')
    .select(['enrollments.cohort_id as cohortId', 'cooperatives.id as cooperativeId', 'cooperatives.slug', sql<string>`min(certificates.verification_code)`.as('code')])
    .groupBy(['enrollments.cohort_id', 'cooperatives.id', 'cooperatives.slug'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('cooperatives.id')
    .executeTakeFirstOrThrow();
  ids = { cooperativeId: top.cooperativeId, cohortId: top.cohortId, slug: top.slug!, code: top.code };
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

const pages = () => ({
  registry: '/cooperatives',
  roster: `/cooperatives/${ids.cooperativeId}/roster`,
  participants: `/cohorts/${ids.cohortId}/participants`,
  certificates: '/certificates',
});

/** The public pages anyone opens from a QR code: one statement each, whatever the rows. */
const publicPages = () => ({
  'public roster': `/koperasi/${ids.slug}`,
  verify: `/verify/${ids.code}`,
});

/** The statements behind one request of a page, as the coordinator or (`signedIn: false`) anyone. */
async function statementsBehind(path: string, { signedIn = true } = {}): Promise<number> {
  const headers = signedIn ? { cookie: coordinator } : {};
  // A first request warms what a process loads once (areas, templates); then count.
  await app.request(path, headers);
  counter.count = 0;
  counter.sessionReads = 0;
  const response = await app.request(path, headers);
  expect(response.status, path).toBe(200);
  await response.text();
  // The root loader and the page's loader both ask who is signed in; the session and its
  // roles are read once (lib/request-scope.server.ts), and not at all without a cookie.
  expect(counter.sessionReads, `${path}: reads of the session`).toBe(signedIn ? 1 : 0);
  return counter.count;
}

/** 1,000 more of each listed thing, written by SQL from the demo's own rows. */
async function growTo1000(db: DatabaseHandle['db']) {
  const { cooperativeId, cohortId } = ids;
  // Cooperatives of the same Dinas.
  await sql`
    insert into cooperatives (dinas_id, name, slug, type, street, village, district, regency, status)
    select c.dinas_id, 'Koperasi Uji ' || g, 'koperasi-uji-' || g, c.type, c.street, c.village, c.district, c.regency, c.status
    from cooperatives c, generate_series(1, ${ROWS}) g
    where c.id = ${cooperativeId}`.execute(db);
  // People on the cooperative's roster, each enrolled in the past cohort (confirmed) and
  // holding a training certificate from it.
  await sql`
    insert into people (nik, full_name, sex, status)
    select '3375' || lpad(g::text, 12, '0'), 'Peserta Uji ' || g, case when g % 2 = 0 then 'F' else 'M' end, 'confirmed'
    from generate_series(1, ${ROWS}) g`.execute(db);
  await sql`
    insert into staff_positions (person_id, cooperative_id, position, starts_on)
    select p.id, ${cooperativeId}, 'Staf Pembiayaan', '2024-01-01'
    from people p where p.full_name like 'Peserta Uji %'`.execute(db);
  await sql`
    insert into enrollments (cohort_id, person_id, cooperative_id, status, source, registered_at, decided_at)
    select ${cohortId}, p.id, ${cooperativeId}, 'confirmed', 'coordinator', now(), now()
    from people p where p.full_name like 'Peserta Uji %'`.execute(db);
  await sql`
    insert into certificates (kind, enrollment_id, person_id, cooperative_id, number, verification_code, valid_until, snapshot, template_version, issued_by_user_id)
    select t.kind, e.id, e.person_id, e.cooperative_id, 'UJI/' || row_number() over (order by e.id), 'UJIKODE' || lpad((row_number() over (order by e.id))::text, 8, '0'),
           t.valid_until, t.snapshot, t.template_version, t.issued_by_user_id
    from enrollments e
    cross join (select * from certificates where kind = 'training' order by number limit 1) t
    where e.cohort_id = ${cohortId} and e.person_id in (select id from people where full_name like 'Peserta Uji %')`.execute(db);
}

describe('statements per page do not grow with the rows', () => {
  it(`registry, roster, participants, certificates and the public pages: the same count with ${ROWS} more rows`, async () => {
    const before: Record<string, number> = {};
    for (const [name, path] of Object.entries(pages())) before[name] = await statementsBehind(path);
    const publicBefore: Record<string, number> = {};
    for (const [name, path] of Object.entries(publicPages())) publicBefore[name] = await statementsBehind(path, { signedIn: false });

    await growTo1000(handle.db);
    const grown = await handle.db
      .selectFrom('certificates')
      .where('number', 'like', 'UJI/%')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(grown.n)).toBe(ROWS);

    const after: Record<string, number> = {};
    for (const [name, path] of Object.entries(pages())) after[name] = await statementsBehind(path);
    const publicAfter: Record<string, number> = {};
    for (const [name, path] of Object.entries(publicPages())) publicAfter[name] = await statementsBehind(path, { signedIn: false });

    // A page does some work per request, never per row.
    for (const name of Object.keys(before)) {
      expect(before[name], name).toBeGreaterThan(2);
      expect(before[name], name).toBeLessThan(40);
    }
    console.info(`statements per page: ${JSON.stringify(before)}`);
    expect(after).toEqual(before);
    // The participants page: the session, the cohort, and one statement with the status
    // counts, the page's rows with their attendance marks, the rule and the sessions.
    expect(before.participants).toBe(3);
    // The registry: the session, the Dinas's zone, the page's rows and their count, the Dinas, and
    // the filters' choices (types, statuses, positions) in one statement.
    expect(before.registry).toBe(6);
    // The public roster (the cooperative, its staff and their certificates) and the
    // certificate check (counting the lookup against the address's limit, and the
    // certificate) are one round trip each, before and after the cooperative's 1,000 more
    // people with certificates.
    expect(publicBefore).toEqual({ 'public roster': 1, verify: 1 });
    expect(publicAfter).toEqual(publicBefore);
  }, 120_000);
});
