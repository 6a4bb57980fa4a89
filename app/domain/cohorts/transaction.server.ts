import type { Kysely, Transaction } from 'kysely';
import type { Database } from '~db/schema';

/** Runs `work` in the caller's transaction when there is one, otherwise in a new one. */
export function withTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
