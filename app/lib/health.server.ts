import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { errorFields, log } from './log.server';

/** Does the database answer a trivial query? For /healthz; logs why when it does not. */
export async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch (error) {
    log('healthz').error('database check failed', errorFields(error));
    return false;
  }
}
