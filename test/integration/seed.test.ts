import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoData } from '~/server/demo-seed';
import { verifyCredentials } from '~/domain/accounts/sign-in.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createTestDatabase } from '../support/database';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  expect(await seedDemoData(handle.db, { today: '2026-11-21' })).toBe(true);
});
afterAll(() => handle.close());

describe('demo data', () => {
  it('holds one Dinas, one institute, one certification body and 30 cooperatives with 3–8 staff', async () => {
    const db = handle.db;
    const kinds = await db.selectFrom('institutions').select(['kind', sql<number>`count(*)::int`.as('n')]).groupBy('kind').execute();
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toEqual({ dinas: 1, training_institute: 1, certification_body: 1 });
    const rosters = await db
      .selectFrom('staff_positions')
      .select(['cooperative_id', sql<number>`count(*)::int`.as('n')])
      .groupBy('cooperative_id')
      .execute();
    expect(rosters).toHaveLength(30);
    for (const r of rosters) {
      expect(r.n).toBeGreaterThanOrEqual(3);
      expect(r.n).toBeLessThanOrEqual(8);
    }
    const types = await db.selectFrom('cooperatives').select('type').distinct().execute();
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(['KSP', 'KSPPS', 'KSU', 'Koperasi Konsumen']));
    const units = await db.selectFrom('cooperatives').select('savings_loan_unit').where('savings_loan_unit', 'is not', null).execute();
    expect(units.length).toBeGreaterThan(0);
  });

  it('gives every person a valid-shaped NIK: Pekalongan region, birth date with +40 for women', async () => {
    const people = await handle.db.selectFrom('people').select(['nik', 'birth_date', 'sex']).execute();
    expect(people.length).toBeGreaterThanOrEqual(90);
    for (const p of people) {
      expect(p.nik).toMatch(/^3375\d{12}$/);
      const [y, m, d] = p.birth_date!.split('-');
      const day = Number(d) + (p.sex === 'F' ? 40 : 0);
      expect(p.nik.slice(6, 12)).toBe(`${String(day).padStart(2, '0')}${m}${y!.slice(2)}`);
    }
  });

  it('has a past cohort with 25 participants, one open for registration and one draft', async () => {
    const cohorts = await handle.db
      .selectFrom('cohorts as c')
      .select(['c.status', 'c.starts_on', sql<number>`(select count(*)::int from enrollments e where e.cohort_id = c.id)`.as('n')])
      .orderBy('c.starts_on')
      .execute();
    expect(cohorts.map((c) => [c.status, c.n])).toEqual([
      ['completed', 25],
      ['open', 0],
      ['draft', 0],
    ]);
    expect(cohorts[0]!.starts_on < '2026-11-21').toBe(true);
    expect(cohorts[1]!.starts_on > '2026-11-21').toBe(true);
    const sessions = await handle.db.selectFrom('cohort_sessions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(sessions.n).toBe(12);
  });

  it('lets every demo login sign in with the README password', async () => {
    for (const login of DEMO_LOGINS) {
      const user = await verifyCredentials(handle.db, { email: login.email, password: DEMO_PASSWORD, ip: null });
      expect(user.userId).toMatch(/[0-9a-f-]{36}/);
    }
    const roles = await handle.db.selectFrom('user_roles').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(
      ['assessor', 'certification_admin', 'cooperative_admin', 'coordinator', 'institute_staff', 'participant'],
    );
  });

  it('is loaded once: a second run changes nothing', async () => {
    const before = await handle.db.selectFrom('people').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(await seedDemoData(handle.db)).toBe(false);
    const after = await handle.db.selectFrom('people').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
