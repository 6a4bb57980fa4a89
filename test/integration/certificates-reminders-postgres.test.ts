import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type DatabaseHandle } from '~/lib/db.server';
import { issueCohortCertificates } from '~/domain/certificates/issue.server';
import { sendExpiryReminders } from '~/domain/certificates/reminders.server';
import { addDays, todayIn } from '~/lib/dates';
import { examCohort } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { usingPostgres } from '../support/database';

/**
 * The hourly reminder job run by two mail workers at once, each with its own connection
 * pool on one PostgreSQL database: `for update skip locked` hands each expiring
 * certificate to one of them, so its reminder is queued exactly once. PGlite is one
 * connection (no contention): run it with TEST_DATABASE_URL.
 */
describe.skipIf(!usingPostgres())('expiry reminders from two workers at once (PostgreSQL only)', () => {
  let handle: DatabaseHandle;
  let second: DatabaseHandle;
  let ids: DemoIds;
  let expiring: { id: string; number: string; email: string }[];

  beforeAll(async () => {
    ({ handle, ids } = await demoDatabase());
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    second = await openPostgres(url.toString());

    // 24 training certificates (all but the last of 25 attended every day), each holder with an address.
    const coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
    const { cohortId } = await examCohort(handle.db, ids, { participants: 25 });
    await issueCohortCertificates(handle.db, coordinator, cohortId, new Date(), { notify: false });
    const today = todayIn('Asia/Jakarta');
    // Only these fall due: every other certificate counts as reminded already.
    await handle.db.updateTable('certificates').set({ reminded_at: new Date() }).execute();
    expiring = await handle.db
      .selectFrom('certificates as x')
      .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
      .innerJoin('people as p', 'p.id', 'x.person_id')
      .select(['x.id', 'x.number', 'p.email'])
      .where('e.cohort_id', '=', cohortId)
      .execute()
      .then((r) => r.map((c) => ({ id: c.id, number: c.number, email: c.email! })));
    await handle.db
      .updateTable('certificates')
      .set((eb) => ({ reminded_at: null, valid_until: sql`${addDays(today, 10)}::date + (${eb.ref('sequence')} % 60)` }))
      .where('id', 'in', expiring.map((c) => c.id))
      .execute();
  }, 300_000);
  afterAll(async () => {
    await second?.close();
    await handle?.close();
  });

  it('two runners over two connections: each certificate reminded once, one mail per recipient', async () => {
    expect(expiring).toHaveLength(24);
    const outboxBefore = await handle.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('template', '=', 'certificate-expiring').executeTakeFirstOrThrow();
    expect(Number(outboxBefore.n)).toBe(0);

    // Small batches so the two interleave: each claims 2 at a time and skips what the other holds.
    const counts = await Promise.all([sendExpiryReminders(handle.db, new Date(), 2), sendExpiryReminders(second.db, new Date(), 2)]);
    expect(counts[0] + counts[1]).toBe(24);
    expect(await sendExpiryReminders(second.db)).toBe(0);
    expect(await sendExpiryReminders(handle.db)).toBe(0);

    const reminded = await handle.db.selectFrom('certificates').select(['id', 'reminded_at']).where('id', 'in', expiring.map((c) => c.id)).execute();
    expect(reminded.every((r) => r.reminded_at !== null)).toBe(true);
    const mails = await handle.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).where('template', '=', 'certificate-expiring').execute();
    // The holders' cooperative has no administrator account: one mail per certificate, to its holder.
    for (const c of expiring) {
      const own = mails.filter((m) => m.text_body.includes(c.number));
      expect(own.map((m) => m.to_address)).toEqual([c.email]);
    }
    expect(mails).toHaveLength(24);
  }, 120_000);
});
