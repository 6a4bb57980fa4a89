import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { seedDemoData } from '~/server/demo-seed';
import { addNationalData, type Scale } from '../bench/national-data';
import { userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { createTestDatabase, usingPostgres } from '../support/database';

/**
 * Each list and detail page's queries use indexes: the SQL behind every page is captured
 * as it runs (the statements of query-counts.test.ts), then `EXPLAIN (FORMAT JSON)` with
 * the same parameters, on tens of thousands of rows made by the national-data generator
 * and VACUUM ANALYZEd, must not hold a sequential scan of a large table. PostgreSQL only: the
 * generator is written for it (PGlite's planner is the same, its data loading is slow).
 */
const WATCHED_TABLES = [
  'cooperatives',
  'people',
  'staff_positions',
  'users',
  'user_roles',
  'cohorts',
  'enrollments',
  'attendance',
  'assessments',
  'certificates',
  'audit_log',
  'mail_outbox',
  'auth_sessions',
];
/** A table counts as large from this many rows (by ANALYZE): below it a sequential scan is what PostgreSQL rightly picks. */
const LARGE = 5_000;

/** Sequential scans of large tables still there, as `page: table` (none today). */
const KNOWN_SEQ_SCANS: string[] = [];

/**
 * Small, in national proportions: the demo Dinas holds 1% of the cooperatives, about 1.5
 * people per cooperative. (With fewer people than cooperatives the planner rightly scans
 * the small staff_positions table: the proportions matter more than the sizes.)
 */
const SCALE: Scale = {
  dinas: 40,
  cooperatives: 20_000,
  demoDinasCooperatives: 200, // 1% of all, as at national scale (1,400 of 130,000)
  people: 30_000,
  endedPositions: 5_000,
  users: 3_000,
  cohorts: 1_000,
  enrollmentsPerCohort: 20,
  certificates: 12_000,
  auditRows: 40_000,
};

interface Captured {
  node: RootOperationNode;
  queryId: PluginTransformQueryArgs['queryId'];
}

/**
 * The statements a page sends. A plugin also sees each subquery built on its own (a builder
 * handed to `jsonArrayFrom`, say, may refer to the outer query's tables): only the queries
 * that came back with a result were sent.
 */
class StatementCapture implements KyselyPlugin {
  private seen: Captured[] = [];
  private sent = new Set<PluginTransformQueryArgs['queryId']>();
  transformQuery(args: PluginTransformQueryArgs) {
    this.seen.push({ node: args.node, queryId: args.queryId });
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.sent.add(args.queryId);
    return Promise.resolve(args.result);
  }
  get statements(): Captured[] {
    return this.seen.filter((s) => this.sent.has(s.queryId));
  }
  clear() {
    this.seen = [];
    this.sent.clear();
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plans'?: PlanNode[];
}

function seqScans(plan: PlanNode): string[] {
  const own = plan['Node Type'] === 'Seq Scan' && plan['Relation Name'] ? [plan['Relation Name']] : [];
  return [...own, ...(plan.Plans ?? []).flatMap(seqScans)];
}

let handle: DatabaseHandle;
let large: Set<string>;
let app: TestApp;
const capture = new StatementCapture();
let coordinator: string;
let admin: string;
let ids: { cooperativeId: string; cohortId: string; slug: string; code: string };

describe.skipIf(!usingPostgres())('the pages’ queries on many rows use indexes (EXPLAIN)', () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemoData(handle.db);
    const log = console.log;
    console.log = () => {}; // the generator prints its steps' times
    try {
      await addNationalData(handle.db, SCALE);
    } finally {
      console.log = log;
    }
    // As autovacuum leaves a table in service: statistics, and the visibility map without
    // which PostgreSQL prices an index-only scan like a heap scan (a bulk-loaded table has none).
    await sql`vacuum analyze`.execute(handle.db);
    const sizes = await handle.db
      .selectFrom('pg_class' as never)
      .select([sql<string>`relname`.as('name'), sql<number>`reltuples::int`.as('rows')])
      .where(sql`relname`, 'in', WATCHED_TABLES)
      .execute();
    large = new Set(sizes.filter((t) => t.rows >= LARGE).map((t) => t.name));
    app = await loadApp({ ...handle, db: handle.db.withPlugin(capture) });
    coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    admin = await app.sessionCookie(await userIdByEmail(handle.db, 'operator@kompeten.test'));
    const certificate = await handle.db
      .selectFrom('certificates')
      .innerJoin('enrollments', 'enrollments.id', 'certificates.enrollment_id')
      .innerJoin('cooperatives', 'cooperatives.id', 'certificates.cooperative_id')
      // The coordinator's own Dinas (the demo's, the first made).
      .where('cooperatives.dinas_id', '=', (eb) => eb.selectFrom('institutions').select('id').where('kind', '=', 'dinas').orderBy('created_at').limit(1))
      .select(['enrollments.cohort_id', 'certificates.cooperative_id', 'cooperatives.slug', 'certificates.verification_code'])
      .orderBy('certificates.issued_at')
      .executeTakeFirstOrThrow();
    ids = { cohortId: certificate.cohort_id, cooperativeId: certificate.cooperative_id!, slug: certificate.slug, code: certificate.verification_code };
  }, 300_000);

  afterAll(async () => {
    await handle?.close();
  });

  const pages = () => ({
    'registry search': ['/cooperatives?q=jasa', coordinator],
    registry: ['/cooperatives', coordinator],
    cooperative: [`/cooperatives/${ids.cooperativeId}`, coordinator],
    roster: [`/cooperatives/${ids.cooperativeId}/roster`, coordinator],
    'public roster': [`/koperasi/${ids.slug}`, undefined],
    cohorts: ['/cohorts', coordinator],
    cohort: [`/cohorts/${ids.cohortId}`, coordinator],
    participants: [`/cohorts/${ids.cohortId}/participants`, coordinator],
    certificates: ['/certificates', coordinator],
    audit: ['/audit', coordinator],
    users: ['/users', coordinator],
    'users (platform)': ['/users', admin],
    verify: [`/verify/${ids.code}`, undefined],
    dashboard: ['/dashboard', coordinator],
  });

  /** The reads behind one request of the page, compiled with their parameters. */
  async function readsBehind(path: string, cookie: string | undefined) {
    capture.clear();
    const response = await app.request(path, cookie ? { cookie } : {});
    expect(response.status, path).toBe(200);
    await response.text();
    const executor = handle.db.getExecutor();
    return capture.statements
      .map(({ node, queryId }) => executor.compileQuery(node, queryId))
      .filter((query) => /^\s*(select|with)\b/i.test(query.sql));
  }

  it('no sequential scan of a large table in any list or detail page', async () => {
    const found: string[] = [];
    let explained = 0;
    for (const [name, [path, cookie]] of Object.entries(pages())) {
      const reads = await readsBehind(path!, cookie);
      expect(reads.length, name).toBeGreaterThan(0);
      for (const query of reads) {
        const { rows } = await handle.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>({ ...query, sql: `explain (format json) ${query.sql}` });
        explained += 1;
        const plan = rows[0]!['QUERY PLAN'][0].Plan;
        for (const table of seqScans(plan).filter((t) => large.has(t))) found.push(`${name}: Seq Scan on ${table} in ${query.sql.slice(0, 400)}`);
      }
    }
    expect(explained).toBeGreaterThan(30);
    // The data is big enough for the question to mean something.
    expect([...large].sort()).toEqual(expect.arrayContaining(['audit_log', 'certificates', 'cooperatives', 'enrollments', 'people', 'staff_positions']));
    // A new one fails the test, and so does a fixed one still listed.
    const pairs = [...new Set(found.map((f) => f.slice(0, f.indexOf(' in '))))].sort();
    console.info(`sequential scans of large tables:\n${found.join('\n')}`);
    expect(pairs).toEqual(KNOWN_SEQ_SCANS);
  });
});
