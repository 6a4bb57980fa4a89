import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaColumns } from '~db/schema';
import type { DatabaseHandle } from '~/lib/db.server';
import { createTestDatabase } from '../support/database';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('the migrated schema', () => {
  it('matches the Database type: every table and column, both ways', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, ordinal_position`.execute(handle.db);
    const actual: Record<string, string[]> = {};
    for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
    const expected = Object.fromEntries(Object.entries(schemaColumns).map(([t, cols]) => [t, [...cols].map(String)]));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const table of Object.keys(expected)) {
      expect(actual[table]!.sort(), table).toEqual(expected[table]!.sort());
    }
  });

  it('indexes every foreign key', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.conrelid::regclass::text as table_name, a.attname as column_name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
        )`.execute(handle.db);
    expect(rows).toEqual([]);
  });

  it('rejects what the domain forbids, in the database itself', async () => {
    const db = handle.db;
    const dinas = await db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas X' }).returning('id').executeTakeFirstOrThrow();
    await expect(
      db.insertInto('institutions').values({ kind: 'bank' as never, name: 'Bank' }).execute(),
    ).rejects.toThrow(/check constraint/);
    const person = await db.insertInto('people').values({ nik: '3375014501900001', full_name: 'Siti' }).returning('id').executeTakeFirstOrThrow();
    await expect(db.insertInto('people').values({ nik: '3375014501900001', full_name: 'Dup' }).execute()).rejects.toThrow(/unique|duplicate/i);
    await expect(db.insertInto('people').values({ nik: '12345', full_name: 'Short' }).execute()).rejects.toThrow(/check constraint/);
    const program = await db.insertInto('programs').values({ dinas_id: dinas.id, code: 'P1', title: 'P' }).returning('id').executeTakeFirstOrThrow();
    await expect(
      db.insertInto('cohorts').values({ program_id: program.id, dinas_id: dinas.id, name: 'A', capacity: 0, starts_on: '2026-12-01', ends_on: '2026-12-04' }).execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      db.insertInto('cohorts').values({ program_id: program.id, dinas_id: dinas.id, name: 'A', capacity: 10, quota_per_cooperative: 11, starts_on: '2026-12-01', ends_on: '2026-12-04' }).execute(),
    ).rejects.toThrow(/check constraint/);
    const cohort = await db
      .insertInto('cohorts')
      .values({ program_id: program.id, dinas_id: dinas.id, name: 'A', capacity: 10, starts_on: '2026-12-01', ends_on: '2026-12-04' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('enrollments').values({ cohort_id: cohort.id, person_id: person.id, status: 'pending', source: 'self' }).execute();
    await expect(
      db.insertInto('enrollments').values({ cohort_id: cohort.id, person_id: person.id, status: 'pending', source: 'self' }).execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    await expect(
      db.insertInto('enrollments').values({ cohort_id: cohort.id, person_id: person.id, status: 'maybe' as never, source: 'self' }).execute(),
    ).rejects.toThrow();
  });

  it('returns the same JavaScript types on both backends', async () => {
    const row = await sql<{ n: number; big: number; d: string; ts: Date; num: number }>`
      select count(*) as n, 9007199254740::bigint as big, date '2026-11-12' as d,
        timestamptz '2026-11-12 08:00+07' as ts, 12.5::numeric as num`.execute(handle.db);
    const first = row.rows[0]!;
    expect(first.n).toBe(1);
    expect(first.big).toBe(9007199254740);
    expect(first.d).toBe('2026-11-12');
    expect(first.ts).toBeInstanceOf(Date);
    expect(first.ts.toISOString()).toBe('2026-11-12T01:00:00.000Z');
    expect(first.num).toBe(12.5);
  });
});
