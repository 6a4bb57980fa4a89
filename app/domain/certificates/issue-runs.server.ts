import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { cohortScope, requireCohort } from '~/domain/cohorts/access.server';
import { ConflictError } from '~/lib/errors';
import { can, requirePermission, type Actor } from '~/lib/permissions';
import { singleton } from '~/lib/singleton.server';
import { issueCohortCertificates, type IssueResult } from './issue.server';
import { errorFields, log } from '~/lib/log.server';

/**
 * "Terbitkan sertifikat" for a cohort of any size: the action starts a run in the
 * background of the server process and the cohort's page shows its progress ("n dari m
 * sertifikat diterbitkan", refreshing itself) until it is finished. The run issues in
 * batches, each its own transaction (`issueCohortCertificates`), and records after each
 * how many are done and a heartbeat. One unfinished run per cohort: a second click while
 * one is under way joins it. A run whose heartbeat stopped (the process was restarted)
 * counts as interrupted: its batches stay issued, and the next click issues the rest.
 */
export const STALE_AFTER_SECONDS = 60;

export interface IssueRun {
  id: string;
  total: number;
  done: number;
  running: boolean;
  /** Set when the run stopped on an error or was interrupted ('interrupted'). */
  error: string | null;
  result: IssueResult | null;
}

export interface StartedIssue {
  runId: string;
  /** True when a run was already under way: this click joined it. */
  joined: boolean;
  /** The counts when the run finished within `waitMs` (a small cohort), else null: the page shows the progress. */
  result: IssueResult | null;
}

/** The runs this process is carrying out, by run id. */
const runningHere = () => singleton('certificate-issue-runs', () => new Map<string, Promise<void>>());

const stopped = sql<boolean>`heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`;

export async function startCertificateIssue(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  options: { now?: Date; waitMs?: number; notify?: boolean } = {},
): Promise<StartedIssue> {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  requirePermission(actor, 'certificate:manage', cohortScope(cohort));
  if (cohort.status !== 'completed') throw new ConflictError('certificates:errors.notCompleted');

  const claimed = await db.transaction().execute(async (trx) => {
    // A run whose process is gone no longer holds the cohort.
    const here = [...runningHere().keys()];
    await trx
      .updateTable('certificate_issue_runs')
      .set({ finished_at: new Date(), error: 'interrupted' })
      .where('cohort_id', '=', cohort.id)
      .where('finished_at', 'is', null)
      .where(stopped)
      .$if(here.length > 0, (qb) => qb.where('id', 'not in', here))
      .execute();
    const inserted = await trx
      .insertInto('certificate_issue_runs')
      .values({ cohort_id: cohort.id, started_by_user_id: actor!.userId })
      .onConflict((oc) => oc.column('cohort_id').where('finished_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await recordAudit(trx, { actor, action: 'certificate.issue_started', entityType: 'cohort', entityId: cohort.id, dinasId: cohort.dinasId, after: { runId: inserted.id } });
      return { runId: inserted.id, joined: false };
    }
    const running = await trx.selectFrom('certificate_issue_runs').select('id').where('cohort_id', '=', cohort.id).where('finished_at', 'is', null).executeTakeFirstOrThrow();
    return { runId: running.id, joined: true };
  });

  let finished = runningHere().get(claimed.runId);
  if (!claimed.joined) {
    finished = carryOut(db, actor!, cohort.id, claimed.runId, options.now ?? new Date(), options.notify ?? true);
    runningHere().set(claimed.runId, finished);
    void finished.finally(() => runningHere().delete(claimed.runId));
  }
  const waitMs = options.waitMs ?? 0;
  if (finished && waitMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }
  const run = await runOf(db, claimed.runId);
  return { ...claimed, result: run && !run.running && !run.error ? run.result : null };
}

/** The run itself, in the background: never throws (a failure is recorded on the run). */
async function carryOut(db: Kysely<Database>, actor: Actor, cohortId: string, runId: string, now: Date, notify: boolean): Promise<void> {
  try {
    const result = await issueCohortCertificates(db, actor, cohortId, now, {
      notify,
      onProgress: async (done, total) => {
        await db.updateTable('certificate_issue_runs').set({ done, total, heartbeat_at: new Date() }).where('id', '=', runId).execute();
      },
    });
    await db
      .updateTable('certificate_issue_runs')
      .set((eb) => ({ ...result, done: eb.ref('total'), finished_at: new Date(), heartbeat_at: new Date() }))
      .where('id', '=', runId)
      .execute();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log('certificates').error(`issuing run ${runId} failed`, { runId, ...errorFields(error) });
    await db.updateTable('certificate_issue_runs').set({ finished_at: new Date(), error: message.slice(0, 500) }).where('id', '=', runId).execute();
  }
}

async function runOf(db: Kysely<Database>, runId: string): Promise<IssueRun | null> {
  const row = await db
    .selectFrom('certificate_issue_runs')
    .select(['id', 'total', 'done', 'training', 'competency', 'existing', 'finished_at', 'error', sql<boolean>`${stopped}`.as('stopped')])
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!row) return null;
  const interrupted = !row.finished_at && row.stopped && !runningHere().has(row.id);
  return {
    id: row.id,
    total: row.total,
    done: row.done,
    running: !row.finished_at && !interrupted,
    error: interrupted ? 'interrupted' : row.error,
    result: row.finished_at && !row.error ? { training: row.training, competency: row.competency, existing: row.existing } : null,
  };
}

/**
 * The cohort's latest run, for its page: under way (with its progress) or stopped on an
 * error; null when there is none or the last one finished well (the counts were shown).
 * Only for whoever may manage the cohort's certificates.
 */
export async function latestIssueRun(db: Kysely<Database>, actor: Actor | null, cohortId: string): Promise<IssueRun | null> {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  if (!can(actor, 'certificate:manage', cohortScope(cohort))) return null;
  const last = await db.selectFrom('certificate_issue_runs').select('id').where('cohort_id', '=', cohort.id).orderBy('started_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
  const run = last ? await runOf(db, last.id) : null;
  return run && (run.running || run.error) ? run : null;
}

/** Waits for this process's run (tests, the demo seed); resolves at once when it is not running here. */
export async function issueRunSettled(runId: string): Promise<void> {
  await runningHere().get(runId);
}
