import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, MigrationError } from '~db/migrate';
import { migrations } from '~db/migrations/index';
import type { DatabaseHandle } from '~/lib/db.server';
import { createTestDatabase } from '../support/database';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('migrations', () => {
  it('are up to date on a migrated database (nothing to apply twice)', async () => {
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });

  it('a failing migration rolls back whole and is named', async () => {
    const provider = {
      getMigrations: async () => ({
        ...migrations,
        '2099_01_01_001_broken': {
          up: async (db: Kysely<any>) => {
            await sql`create table half_done (id int)`.execute(db);
            await sql`select no_such_function()`.execute(db);
          },
        },
      }),
    };
    const error = await migrateToLatest(handle.db, provider).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migrationName).toBe('2099_01_01_001_broken');
    expect((error as Error).message).toContain('2099_01_01_001_broken');
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_name = 'half_done'`.execute(handle.db);
    expect(rows[0]!.n).toBe(0);
  });
});
