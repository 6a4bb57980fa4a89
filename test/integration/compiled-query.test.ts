import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeZone } from '~db/schema';
import { compiledOnce } from '~/lib/compiled-query.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createTestDatabase } from '../support/database';

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
});
