import { sql } from 'kysely';
import { singleton } from '~/lib/singleton.server';

/**
 * Is anyone still committing a batch? The worker that claimed it touches `heartbeat_at`
 * every HEARTBEAT_SECONDS while its transaction runs (and this process keeps a list of the
 * commits it runs). A batch in 'committing' whose heartbeat is older than
 * STALE_AFTER_SECONDS, and that this process does not run, belongs to a worker that is gone:
 * its one transaction rolled back, nothing was saved, and the batch may be confirmed again.
 */

export const HEARTBEAT_SECONDS = 5;
export const STALE_AFTER_SECONDS = 30;

/** The commits this process runs, with their progress. */
export interface Running {
  processed: number;
  total: number;
  done: Promise<void>;
}

export const runningCommits = () => singleton('cooperative-import-commits', () => new Map<string, Running>());

export const isCommitting = (batchId: string) => runningCommits().has(batchId);

/** SQL: the heartbeat of the batch (alias `b` or the table itself) stopped, by the database's clock. */
export function heartbeatStopped(alias?: 'b') {
  const column = (name: string) => (alias ? sql.ref(`${alias}.${name}`) : sql.ref(name));
  return sql<boolean>`coalesce(${column('heartbeat_at')}, ${column('started_at')}, ${column('created_at')}) < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`;
}
