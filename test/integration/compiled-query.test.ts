import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeZone } from '~db/schema';
import { compiledOnce } from '~/lib/compiled-query.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createTestDatabase, usingPostgres } from '../support/database';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db
    .insertInto('institutions')
    .values([
      { name: 'Dinas Satu', kind: 'dinas', time_zone: 'Asia/Jakarta' },
      { name: 'Dinas Dua', kind: 'dinas', time_zone: 'Asia/Makassar' },
    ])
    .execute();
});
afterAll(() => handle?.close());

describe('a query compiled once', () => {
  it('answers each call with its own arguments, and compiles the SQL only at the first', async () => {
    let builds = 0;
    const byName = compiledOnce((db, name: string, zone: TimeZone) => {
      builds += 1;
      return db.selectFrom('institutions').select(['name', 'time_zone']).where('name', '=', name).where('time_zone', '=', zone).where('kind', '=', 'dinas');
    });
    expect(await byName(handle.db, 'Dinas Satu', 'Asia/Jakarta')).toEqual([{ name: 'Dinas Satu', time_zone: 'Asia/Jakarta' }]);
    expect(await byName(handle.db, 'Dinas Dua', 'Asia/Makassar')).toEqual([{ name: 'Dinas Dua', time_zone: 'Asia/Makassar' }]);
    expect(await byName(handle.db, 'Dinas Dua', 'Asia/Jakarta')).toEqual([]);
    expect(builds).toBe(1);
  });

  it('takes a time as an argument, and refuses one written inside (it would be kept from the first call)', async () => {
    const after = compiledOnce((db, at: Date) => db.selectFrom('institutions').select('name').where(sql<boolean>`${at}::timestamptz < now()`).orderBy('name'));
    expect((await after(handle.db, new Date(Date.now() - 60_000))).map((r) => r.name)).toEqual(['Dinas Dua', 'Dinas Satu']);
    expect(await after(handle.db, new Date(Date.now() + 60_000))).toEqual([]);
    const frozen = compiledOnce((db, name: string) => db.selectFrom('institutions').select('name').where('name', '=', name).where('created_at', '<', new Date()));
    await expect(frozen(handle.db, 'Dinas Satu')).rejects.toThrow(/kept from the first call/);
  });

  it('is built anew for a handle with a plugin, which sees every call with its own arguments', async () => {
    const seen: unknown[][] = [];
    const watched = handle.db.withPlugin({
      transformQuery(args) {
        seen.push([...handle.db.getExecutor().compileQuery(args.node, args.queryId).parameters]);
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const byName = compiledOnce((db, name: string) => db.selectFrom('institutions').select('name').where('name', '=', name));
    expect(await byName(handle.db, 'Dinas Satu')).toEqual([{ name: 'Dinas Satu' }]);
    expect(await byName(watched, 'Dinas Dua')).toEqual([{ name: 'Dinas Dua' }]);
    expect(await byName(watched, 'Dinas Satu')).toEqual([{ name: 'Dinas Satu' }]);
    expect(seen).toEqual([['Dinas Dua'], ['Dinas Satu']]);
  });

  it.runIf(usingPostgres())('is prepared on each PostgreSQL connection once, by name; other statements are not', async () => {
    const byName = compiledOnce((db, name: string) => db.selectFrom('institutions').select('name').where('name', '=', name).where('kind', '=', 'dinas'));
    await handle.db.connection().execute(async (connection) => {
      const prepared = async () =>
        (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(connection)).rows.filter((r) =>
          r.statement.includes('"kind" = $2'),
        );
      expect(await prepared()).toEqual([]);
      expect(await byName(connection, 'Dinas Satu')).toEqual([{ name: 'Dinas Satu' }]);
      expect(await byName(connection, 'Dinas Dua')).toEqual([{ name: 'Dinas Dua' }]);
      const [statement, ...more] = await prepared();
      expect(more).toEqual([]);
      expect(statement!.name).toMatch(/^kompeten_\d+$/);
      // Any other statement goes unnamed: PostgreSQL keeps nothing for it.
      await connection.selectFrom('institutions').select('name').where('name', '=', 'Dinas Satu').where('kind', '<>', 'dinas').execute();
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like '%"kind" <> $2%'`.execute(connection);
      expect(rows[0]!.n).toBe(0);
    });
  });
});
