import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';

/** Does the database answer a trivial query? For /healthz; logs why when it does not. */
export async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch (error) {
    console.error('[healthz] database check failed:', error instanceof Error ? error.message : String(error));
    return false;
  }
}
