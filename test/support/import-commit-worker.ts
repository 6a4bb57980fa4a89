import { startImportCommit } from '~/domain/cooperatives/import/commit.server';
import { openPostgres } from '~/lib/db.server';
import type { Actor } from '~/lib/permissions';

/**
 * A separate process that confirms an import as a coordinator and then simply lives on
 * until it is killed: the crash test kills it with SIGKILL in the middle of the commit.
 * Usage: node --import tsx test/support/import-commit-worker.ts <database url> <batch id> <user id> <dinas id>
 */
const [url, batchId, userId, dinasId] = process.argv.slice(2) as [string, string, string, string];
const { db } = await openPostgres(url);
const actor: Actor = {
  userId,
  email: 'worker@kompeten.test',
  displayName: 'Worker',
  personId: null,
  locale: 'id',
  roles: [{ role: 'coordinator', institutionId: dinasId, cooperativeId: null }],
  ip: null,
};
await startImportCommit(db, actor, batchId);
console.log('claimed');
setInterval(() => undefined, 60_000);
