import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import type { Actor } from '~/lib/permissions';
import { issueRunSettled, latestIssueRun, startCertificateIssue } from '~/domain/certificates/issue-runs.server';
import { examCohort } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';

/**
 * Issuing in the background with progress: the run completes and its row reaches its
 * total; a second start while a run is under way joins it; a run whose heartbeat stopped
 * (its process is gone) is closed as interrupted and the next start issues the rest.
 */
let handle: DatabaseHandle;
let ids: DemoIds;
let coordinator: Actor;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
});
afterAll(() => handle.close());

const runsOf = (cohortId: string) => handle.db.selectFrom('certificate_issue_runs').selectAll().where('cohort_id', '=', cohortId).orderBy('started_at').execute();
const certificatesOf = async (cohortId: string) =>
  (await handle.db.selectFrom('certificates as x').innerJoin('enrollments as e', 'e.id', 'x.enrollment_id').select('x.id').where('e.cohort_id', '=', cohortId).execute()).length;

describe('certificate issue runs', () => {
  it('runs in the background in batches until its progress row reaches the total', async () => {
    // 60 attended every day but the last: 59 training certificates, more than one batch of 50.
    const { cohortId } = await examCohort(handle.db, ids, { participants: 60 });
    const started = await startCertificateIssue(handle.db, coordinator, cohortId, { notify: false });
    expect(started.joined).toBe(false);
    // While it runs the cohort page sees it under way.
    const during = await latestIssueRun(handle.db, coordinator, cohortId);
    expect(during).toMatchObject({ id: started.runId, running: true, error: null });
    await issueRunSettled(started.runId);

    const [run] = await runsOf(cohortId);
    expect(run).toMatchObject({ id: started.runId, total: 59, done: 59, training: 59, competency: 0, existing: 0, error: null });
    expect(run!.finished_at).toBeInstanceOf(Date);
    expect(await certificatesOf(cohortId)).toBe(59);
    // Finished well: nothing more to show on the page.
    expect(await latestIssueRun(handle.db, coordinator, cohortId)).toBeNull();
    const audit = await handle.db.selectFrom('audit_log').select('after').where('action', '=', 'certificate.issue_started').where('entity_id', '=', cohortId).execute();
    expect(audit.map((a) => (a.after as { runId: string }).runId)).toEqual([started.runId]);

    // Again: a new run with nothing missing.
    const again = await startCertificateIssue(handle.db, coordinator, cohortId, { waitMs: 5000 });
    expect(again.result).toEqual({ training: 0, competency: 0, existing: 59 });
  });

  it('two starts at once: one run, the second joins it', async () => {
    const { cohortId } = await examCohort(handle.db, ids, { participants: 8 });
    const [a, b] = await Promise.all([startCertificateIssue(handle.db, coordinator, cohortId, { notify: false }), startCertificateIssue(handle.db, coordinator, cohortId, { notify: false })]);
    expect(a.runId).toBe(b.runId);
    expect([a.joined, b.joined].sort()).toEqual([false, true]);
    await issueRunSettled(a.runId);
    expect(await runsOf(cohortId)).toHaveLength(1);
    expect(await certificatesOf(cohortId)).toBe(7);
  });

  it('a start while another process runs the cohort joins it; once that heartbeat stops, the run is interrupted and the next start finishes', async () => {
    const { cohortId } = await examCohort(handle.db, ids, { participants: 6 });
    // Another server process's run, half way.
    const other = await handle.db.insertInto('certificate_issue_runs').values({ cohort_id: cohortId, started_by_user_id: coordinator.userId, total: 5, done: 2 }).returning('id').executeTakeFirstOrThrow();
    const joined = await startCertificateIssue(handle.db, coordinator, cohortId, { waitMs: 200 });
    expect(joined).toEqual({ runId: other.id, joined: true, result: null });
    expect(await latestIssueRun(handle.db, coordinator, cohortId)).toMatchObject({ id: other.id, running: true, done: 2, total: 5, error: null });
    expect(await certificatesOf(cohortId)).toBe(0);

    // That process is gone: its heartbeat stopped.
    await handle.db.updateTable('certificate_issue_runs').set({ heartbeat_at: sql<Date>`now() - interval '5 minutes'` }).where('id', '=', other.id).execute();
    expect(await latestIssueRun(handle.db, coordinator, cohortId)).toMatchObject({ id: other.id, running: false, error: 'interrupted' });
    const next = await startCertificateIssue(handle.db, coordinator, cohortId, { notify: false });
    expect(next.joined).toBe(false);
    await issueRunSettled(next.runId);
    const runs = await runsOf(cohortId);
    expect(runs.map((r) => [r.id, r.error, r.finished_at !== null])).toEqual([
      [other.id, 'interrupted', true],
      [next.runId, null, true],
    ]);
    expect(runs[1]).toMatchObject({ total: 5, done: 5, training: 5 });
    expect(await certificatesOf(cohortId)).toBe(5);
  });

  it('only the coordinator of a completed cohort starts one', async () => {
    const { cohortId } = await examCohort(handle.db, ids, { participants: 2, status: 'in_progress' });
    await expect(startCertificateIssue(handle.db, coordinator, cohortId)).rejects.toThrow('certificates:errors.notCompleted');
    const assessor = await actorFor(handle.db, 'asesor1@kompeten.test');
    await expect(startCertificateIssue(handle.db, assessor, cohortId)).rejects.toThrow();
    expect(await runsOf(cohortId)).toHaveLength(0);
  });
});
