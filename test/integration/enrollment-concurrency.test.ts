import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import type { Actor } from '~/lib/permissions';
import { registerSelf } from '~/domain/enrollment/register.server';
import { seatFor, takeSeat, type SeatState } from '~/domain/enrollment/waitlist';
import { cooperativeWithStaff, demoDatabase, enrollmentsOf, openCohort, outboxFor, participantFor } from '../support/cohorts-fixtures';
import { usingPostgres } from '../support/database';

/**
 * 200 registrations at once for 25 seats. PGlite is one connection (transactions run one
 * after another, row locks are never contended), so this only proves something on
 * PostgreSQL: run it with TEST_DATABASE_URL.
 */
describe.skipIf(!usingPostgres())('registrations under concurrency (PostgreSQL only: PGlite has a single connection and no lock contention)', () => {
  let handle: DatabaseHandle;
  let cohortId: string;
  let people: Actor[];

  beforeAll(async () => {
    const demo = await demoDatabase();
    handle = demo.handle;
    const ids = demo.ids;
    cohortId = await openCohort(handle.db, ids, { capacity: 25, quota: 2 });
    people = [];
    for (let c = 0; c < 40; c++) {
      const coop = await cooperativeWithStaff(handle.db, ids.dinasId, Array(5).fill('Kepala Bagian Pembiayaan'));
      for (const personId of coop.personIds) people.push(await participantFor(handle.db, personId));
    }
  }, 300_000);
  afterAll(() => handle?.close());

  it('200 registrations fired at once at a 25-seat cohort: exactly 25 confirmed, 175 waitlisted in arrival order, no duplicates, quota kept', async () => {
    // Every person once, and twenty of them twice more at the same moment.
    const attempts = [...people, ...people.slice(0, 20)].map((p) => registerSelf(handle.db, p, { cohortId, personId: p.personId }));
    const started = performance.now();
    const results = await Promise.allSettled(attempts);
    const elapsed = performance.now() - started;

    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(20);
    expect(rejected.every((r) => (r.reason as Error).message === 'cohorts:registration.alreadyRegistered')).toBe(true);

    const rows = await enrollmentsOf(handle.db, cohortId);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.person_id)).size).toBe(200);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(25);
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(175);

    const perCooperative = new Map<string, number>();
    for (const r of rows.filter((r) => r.status === 'confirmed')) perCooperative.set(r.cooperative_id!, (perCooperative.get(r.cooperative_id!) ?? 0) + 1);
    expect(Math.max(...perCooperative.values())).toBeLessThanOrEqual(2);

    // Replaying the arrivals one by one gives exactly the outcome the database reached.
    let state: SeatState = { capacity: 25, quotaPerCooperative: 2, confirmed: 0, confirmedByCooperative: {} };
    const replay = rows.map((r) => {
      if (seatFor(state, r.cooperative_id) === 'seat') {
        state = takeSeat(state, r.cooperative_id);
        return 'confirmed';
      }
      return 'waitlisted';
    });
    expect(rows.map((r) => r.status)).toEqual(replay);

    const mails = await outboxFor(handle.db, {});
    const forCohort = mails.filter((m) => m.template === 'enrollment-confirmed' || m.template === 'enrollment-waitlisted');
    expect(forCohort.filter((m) => m.template === 'enrollment-confirmed')).toHaveLength(25);
    expect(forCohort.filter((m) => m.template === 'enrollment-waitlisted')).toHaveLength(175);
    expect(forCohort.filter((m) => m.template === 'enrollment-confirmed').every((m) => m.attachments.length === 1)).toBe(true);
    console.info(`220 concurrent registrations decided in ${Math.round(elapsed)} ms`);
  }, 120_000);
});
