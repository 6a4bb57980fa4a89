import '@remix-run/node';
import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /**
     * The process's database, handed to domain operations. A route never queries it or
     * opens a transaction itself: each domain operation is its own unit of work.
     */
    db: Kysely<Database>;
    cspNonce?: string;
  }
}
