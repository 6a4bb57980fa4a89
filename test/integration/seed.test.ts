import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoData } from '~/server/demo-seed';
import { verifyCredentials } from '~/domain/accounts/sign-in.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createTestDatabase } from '../support/database';

let handle: DatabaseHandle;
let seedMs = 0;
let seedCpuMs = 0;
beforeAll(async () => {
  handle = await createTestDatabase();
  const started = performance.now();
  const cpu = process.cpuUsage();
  expect(await seedDemoData(handle.db, { today: '2026-11-21' })).toBe(true);
  seedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  seedCpuMs = (used.user + used.system) / 1000;
  console.log(`demo seed: ${Math.round(seedMs)} ms (${Math.round(seedCpuMs)} ms of this process's CPU)`);
});

const dinasNamed = async (city: string) =>
  (await handle.db.selectFrom('institutions').select('id').where('kind', '=', 'dinas').where('city', '=', city).executeTakeFirstOrThrow()).id;
afterAll(() => handle.close());

describe('demo data', () => {
  it('holds two Dinas sharing one certification body, each with its own institute and partners; 30 + 12 cooperatives with 3–8 staff', async () => {
    const db = handle.db;
    const kinds = await db.selectFrom('institutions').select(['kind', sql<number>`count(*)::int`.as('n')]).groupBy('kind').execute();
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toEqual({ dinas: 2, training_institute: 2, certification_body: 1 });
    const malang = await db.selectFrom('institutions').selectAll().where('kind', '=', 'dinas').where('city', '=', 'Kota Malang').executeTakeFirstOrThrow();
    expect([malang.name, malang.regency_code, malang.time_zone]).toEqual(['Dinas Koperasi dan Usaha Mikro Kota Malang', '35.73', 'Asia/Jakarta']);
    const partners = await db
      .selectFrom('dinas_partners as dp')
      .innerJoin('institutions as d', 'd.id', 'dp.dinas_id')
      .innerJoin('institutions as p', 'p.id', 'dp.partner_id')
      .select(['d.city', 'p.short_name'])
      .orderBy('d.city')
      .orderBy('p.short_name')
      .execute();
    expect(partners.map((p) => `${p.city}: ${p.short_name}`)).toEqual([
      'Kota Malang: LDP Arjuna',
      'Kota Malang: LSP KJK Nusantara',
      'Kota Pekalongan: LDP Mitra Koperasi',
      'Kota Pekalongan: LSP KJK Nusantara',
    ]);
    const perDinas = await db
      .selectFrom('cooperatives as c')
      .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
      .select(['d.city', sql<number>`count(*)::int`.as('n')])
      .groupBy('d.city')
      .orderBy('d.city')
      .execute();
    expect(perDinas.map((r) => [r.city, r.n])).toEqual([['Kota Malang', 12], ['Kota Pekalongan', 30]]);
    const malangDistricts = await db.selectFrom('cooperatives').select('district').distinct().where('dinas_id', '=', malang.id).execute();
    expect(malangDistricts.map((d) => d.district).sort()).toEqual(['Blimbing', 'Kedungkandang', 'Klojen', 'Lowokwaru', 'Sukun']);
    const rosters = await db
      .selectFrom('staff_positions')
      .select(['cooperative_id', sql<number>`count(*)::int`.as('n')])
      .groupBy('cooperative_id')
      .execute();
    expect(rosters).toHaveLength(42);
    for (const r of rosters) {
      expect(r.n).toBeGreaterThanOrEqual(3);
      expect(r.n).toBeLessThanOrEqual(8);
    }
    const types = await db.selectFrom('cooperatives').select('type').distinct().execute();
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(['KSP', 'KSPPS', 'KSU', 'Koperasi Konsumen']));
    const units = await db.selectFrom('cooperatives').select('savings_loan_unit').where('savings_loan_unit', 'is not', null).execute();
    expect(units.length).toBeGreaterThan(0);
  });

  it('keeps Pekalongan as it was: the same first cooperative, number, slug and first NIK on every run', async () => {
    const first = await handle.db
      .selectFrom('cooperatives')
      .select(['name', 'slug', 'cooperative_number', 'status'])
      .where('dinas_id', '=', await dinasNamed('Kota Pekalongan'))
      .orderBy('cooperative_number')
      .executeTakeFirstOrThrow();
    expect(first).toEqual({ name: 'KSP Mitra Usaha Mandiri', slug: 'ksp-mitra-usaha-mandiri', cooperative_number: '3375011000000001', status: 'active' });
    const inactive = await handle.db.selectFrom('cooperatives').select('name').where('status', '=', 'inactive').execute();
    expect(inactive.map((c) => c.name)).toEqual(['Koperasi Produsen Usaha Tani Lestari']);
  });

  it('went through the domain: every cooperative, RAT, staff position, program and future cohort has its audit row', async () => {
    const audit = await handle.db
      .selectFrom('audit_log')
      .select(['action', sql<number>`count(*)::int`.as('n')])
      .groupBy('action')
      .execute();
    const count = Object.fromEntries(audit.map((a) => [a.action, a.n]));
    const staff = await handle.db.selectFrom('staff_positions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const meetings = await handle.db.selectFrom('annual_meetings').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(count['cooperative.created']).toBe(42);
    expect(count['annual_meeting.recorded']).toBe(meetings.n);
    expect(count['staff_position.created']).toBe(staff.n);
    expect(count['person.created']).toBe(staff.n);
    expect(count['program.created']).toBe(2);
    expect(count['cohort.created']).toBe(3);
    expect(count['cohort.open']).toBe(2);
    const actors = await handle.db
      .selectFrom('audit_log as a')
      .innerJoin('users as u', 'u.id', 'a.actor_user_id')
      .select('u.email')
      .distinct()
      .execute();
    expect(actors.map((a) => a.email).sort()).toEqual(['asesor1@kompeten.test', 'koordinator.malang@kompeten.test', 'koordinator@kompeten.test', 'lembaga@kompeten.test', 'lsp@kompeten.test']);
    // The past cohort's exam results: entered by an assessor of the LSP, finalized by its admin.
    expect(count['assessment.saved']).toBe(25);
    expect(count['assessment.finalized']).toBe(1);
  });

  it("gives the past cohort the institute's roll calls: most present, a few late, one excused, one absent on a training day", async () => {
    const cohort = await handle.db.selectFrom('cohorts').select('id').where('status', '=', 'completed').executeTakeFirstOrThrow();
    const rows = await handle.db
      .selectFrom('attendance as a')
      .innerJoin('cohort_sessions as s', 's.id', 'a.session_id')
      .select(['a.status', 's.kind', 's.position', 'a.method', 'a.marked_at', 's.starts_at', 's.ends_at'])
      .where('s.cohort_id', '=', cohort.id)
      .execute();
    expect(rows).toHaveLength(25 * 4);
    const tally = (status: string) => rows.filter((r) => r.status === status).length;
    expect([tally('present'), tally('late'), tally('excused'), tally('absent')]).toEqual([95, 3, 1, 1]);
    expect(rows.find((r) => r.status === 'absent')).toMatchObject({ kind: 'training', position: 3 });
    expect(rows.every((r) => r.method === 'roll_call' && r.marked_at >= r.starts_at && r.marked_at <= r.ends_at)).toBe(true);
    const marks = await handle.db.selectFrom('attendance_marks').select(sql<number>`count(*)::int`.as('n')).where('correction_reason', 'is not', null).executeTakeFirstOrThrow();
    expect(marks.n).toBe(0);
    const audit = await handle.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'attendance.recorded').executeTakeFirstOrThrow();
    expect(audit.n).toBe(4);
  });

  it('loads in seconds, not minutes', () => {
    // The work the seed costs, counted as this process's CPU time (PGlite runs inside it; on
    // PostgreSQL the server's share is not counted): a busy machine stretches the wall time,
    // not this. The wall time is only printed.
    expect(seedCpuMs).toBeLessThan(20_000);
  });

  it('gives every person a valid-shaped NIK: the region of their Dinas, birth date with +40 for women', async () => {
    const people = await handle.db
      .selectFrom('people as p')
      .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
      .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
      .select(['p.nik', 'p.birth_date', 'p.sex', 'c.regency'])
      .execute();
    expect(people.filter((p) => p.regency === 'Kota Pekalongan').length).toBeGreaterThanOrEqual(90);
    expect(people.filter((p) => p.regency === 'Kota Malang').length).toBeGreaterThanOrEqual(36);
    for (const p of people) {
      expect(p.nik).toMatch(p.regency === 'Kota Malang' ? /^3573\d{12}$/ : /^3375\d{12}$/);
      const [y, m, d] = p.birth_date!.split('-');
      const day = Number(d) + (p.sex === 'F' ? 40 : 0);
      expect(p.nik.slice(6, 12)).toBe(`${String(day).padStart(2, '0')}${m}${y!.slice(2)}`);
    }
  });

  it('has a past cohort with 25 participants, one open for registration and one draft', async () => {
    const cohorts = await handle.db
      .selectFrom('cohorts as c')
      .select(['c.status', 'c.starts_on', sql<number>`(select count(*)::int from enrollments e where e.cohort_id = c.id)`.as('n')])
      .where('c.dinas_id', '=', await dinasNamed('Kota Pekalongan'))
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
    expect(sessions.n).toBe(16);
  });

  it('gives Malang its own program and an open cohort with its own institute and the shared LSP', async () => {
    const cohorts = await handle.db
      .selectFrom('cohorts as c')
      .innerJoin('programs as p', 'p.id', 'c.program_id')
      .innerJoin('institutions as i', 'i.id', 'c.training_institute_id')
      .innerJoin('institutions as l', 'l.id', 'c.certification_body_id')
      .select(['c.status', 'c.starts_on', 'p.code', 'i.name as institute', 'l.short_name as lsp'])
      .where('c.dinas_id', '=', await dinasNamed('Kota Malang'))
      .execute();
    expect(cohorts.map((c) => [c.status, c.code, c.institute, c.lsp])).toEqual([['open', 'PMB-MLG', 'LDP Arjuna Koperasi Malang', 'LSP KJK Nusantara']]);
    expect(cohorts[0]!.starts_on > '2026-11-21').toBe(true);
  });

  it('lets every demo login sign in with the README password', async () => {
    for (const login of DEMO_LOGINS) {
      const user = await verifyCredentials(handle.db, { email: login.email, password: DEMO_PASSWORD, ip: null });
      expect(user.userId).toMatch(/[0-9a-f-]{36}/);
    }
    const roles = await handle.db.selectFrom('user_roles').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(
      ['assessor', 'certification_admin', 'cooperative_admin', 'coordinator', 'institute_admin', 'institute_staff', 'participant', 'platform_admin'],
    );
    const where = await handle.db
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .leftJoin('institutions as i', 'i.id', 'r.institution_id')
      .select(['u.email', 'r.role', 'i.name'])
      .where('u.email', 'in', ['koordinator.malang@kompeten.test', 'lembaga.malang@kompeten.test', 'admin.lembaga@kompeten.test', 'operator@kompeten.test'])
      .orderBy('u.email')
      .execute();
    expect(where.map((w) => [w.email, w.role, w.name])).toEqual([
      ['admin.lembaga@kompeten.test', 'institute_admin', 'LDP Mitra Koperasi Nusantara'],
      ['koordinator.malang@kompeten.test', 'coordinator', 'Dinas Koperasi dan Usaha Mikro Kota Malang'],
      ['lembaga.malang@kompeten.test', 'institute_staff', 'LDP Arjuna Koperasi Malang'],
      ['operator@kompeten.test', 'platform_admin', null],
    ]);
  });

  it('is loaded once: a second run, even two at once, changes nothing', async () => {
    const before = await handle.db.selectFrom('people').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(await seedDemoData(handle.db)).toBe(false);
    expect(await Promise.all([seedDemoData(handle.db), seedDemoData(handle.db)])).toEqual([false, false]);
    const after = await handle.db.selectFrom('people').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('demo data seeded by two instances at once', () => {
  it('is loaded by one of them: the other finds it under the lock and adds nothing', async () => {
    const fresh = await createTestDatabase();
    try {
      const results = await Promise.all([seedDemoData(fresh.db, { today: '2026-11-21' }), seedDemoData(fresh.db, { today: '2026-11-21' })]);
      expect(results.sort()).toEqual([false, true]);
      const institutions = await fresh.db.selectFrom('institutions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      expect(institutions.n).toBe(5);
    } finally {
      await fresh.close();
    }
  });
});
