import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { issueCohortCertificates } from '~/domain/certificates/issue.server';
import { examCohort } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { usingPostgres } from '../support/database';

/**
 * Several coordinators pressing "issue" at once on several cohorts of one program: every
 * certificate is issued once, and the program's numbers for the year run 1, 2, 3 … without
 * a gap or a duplicate. PGlite is one connection (no contention), so this only proves
 * something on PostgreSQL: run it with TEST_DATABASE_URL.
 */
describe.skipIf(!usingPostgres())('issuing under concurrency (PostgreSQL only)', () => {
  let handle: DatabaseHandle;
  let ids: DemoIds;
  const cohorts: string[] = [];

  beforeAll(async () => {
    ({ handle, ids } = await demoDatabase());
    // Attendance only (no exam results): training certificates for all but the last of each.
    for (let i = 0; i < 4; i++) cohorts.push((await examCohort(handle.db, ids, { participants: 16 })).cohortId);
  }, 300_000);
  afterAll(() => handle?.close());

  it('12 issuers at once over 4 cohorts: each certificate once, numbers gapless', async () => {
    const coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
    const before = await handle.db.selectFrom('certificates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const runs = await Promise.all(cohorts.flatMap((cohortId) => [0, 1, 2].map(() => issueCohortCertificates(handle.db, coordinator, cohortId))));
    const issued = runs.reduce((sum, r) => sum + r.training + r.competency, 0);
    expect(issued).toBe(4 * 15);
    const rows = await handle.db
      .selectFrom('certificates as x')
      .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
      .select(['x.enrollment_id', 'x.kind', 'x.sequence', 'x.sequence_year', 'x.number'])
      .where('e.cohort_id', 'in', cohorts)
      .execute();
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => `${r.enrollment_id}:${r.kind}`)).size).toBe(60);
    const all = await handle.db.selectFrom('certificates').select(['sequence', 'sequence_year', 'number']).where('sequence', 'is not', null).orderBy('sequence_year').orderBy('sequence').execute();
    expect(all.length).toBe(Number(before.n) + 60);
    // Per year, 1..n without a gap; numbers unique.
    const byYear = new Map<number, number[]>();
    for (const r of all) byYear.set(r.sequence_year!, [...(byYear.get(r.sequence_year!) ?? []), r.sequence!]);
    for (const seqs of byYear.values()) expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
    expect(new Set(all.map((r) => r.number)).size).toBe(all.length);
  }, 120_000);
});
