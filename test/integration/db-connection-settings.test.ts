import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { createTestDatabase, usingPostgres } from '../support/database';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

describe('a PostgreSQL connection of the pool (lib/db.server.ts)', () => {
  it.runIf(usingPostgres())('plans without parallel workers from its first statement on, on every connection', async () => {
    // Six statements at once, each holding its connection a moment: the pool opens several,
    // and each answers with its setting as its first statement saw it.
    const rows = await Promise.all(
      Array.from({ length: 6 }, () =>
        sql<{ workers: string; pid: number }>`select current_setting('max_parallel_workers_per_gather') as workers, pg_backend_pid() as pid from pg_sleep(0.2)`
          .execute(handle.db)
          .then((result) => result.rows[0]!),
      ),
    );
    expect(new Set(rows.map((row) => row.pid)).size).toBeGreaterThan(1);
    expect(rows.map((row) => row.workers)).toEqual(Array(6).fill('0'));
  });
});
