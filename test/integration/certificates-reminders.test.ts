import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { sendExpiryReminders } from '~/domain/certificates/reminders.server';
import { getRoster } from '~/domain/cooperatives/roster.server';
import { addDays, todayIn } from '~/lib/dates';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';

/**
 * Certificates expiring within 90 days: one reminder each, to the holder and their
 * cooperative's administrators, through the outbox; never twice, even with runs at once.
 */
let handle: DatabaseHandle;
let ids: DemoIds;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
});
afterAll(() => handle.close());

describe('expiry reminders', () => {
  it('reminds once per certificate expiring within 90 days, holder and cooperative admins, skipping revoked and later ones', async () => {
    const today = todayIn('Asia/Jakarta');
    const certs = await handle.db
      .selectFrom('certificates as x')
      .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
      .select(['x.id', 'x.person_id', 'x.cooperative_id', 'x.number'])
      .where('e.cohort_id', '=', ids.completedCohortId)
      .where('x.status', '=', 'valid')
      .where('x.cooperative_id', 'is not', null)
      .orderBy('x.sequence')
      .limit(4)
      .execute();
    const [soon, alsoSoon, later, revoked] = certs as [(typeof certs)[number], (typeof certs)[number], (typeof certs)[number], (typeof certs)[number]];
    // Nothing else of the demo falls due in the window during this test.
    await handle.db.updateTable('certificates').set({ reminded_at: new Date() }).where('id', 'not in', [soon.id, alsoSoon.id, later.id, revoked.id]).execute();
    await handle.db.updateTable('certificates').set({ valid_until: addDays(today, 30) }).where('id', 'in', [soon.id, revoked.id]).execute();
    await handle.db.updateTable('certificates').set({ valid_until: addDays(today, 90) }).where('id', '=', alsoSoon.id).execute();
    await handle.db.updateTable('certificates').set({ valid_until: addDays(today, 91) }).where('id', '=', later.id).execute();
    await handle.db.updateTable('certificates').set({ status: 'revoked', revoked_at: new Date(), revoke_reason: 'Uji' }).where('id', '=', revoked.id).execute();
    await handle.db.updateTable('people').set({ email: 'pemegang.kedaluwarsa@koperasi.test' }).where('id', '=', soon.person_id).execute();
    // The holder is written to at their account's address when they have one, else their record's.
    const account = await handle.db.selectFrom('users').select('email').where('person_id', '=', soon.person_id).where('is_active', '=', true).executeTakeFirst();
    const holderAddress = account?.email ?? 'pemegang.kedaluwarsa@koperasi.test';
    const admins = await handle.db
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('u.email')
      .where('r.role', '=', 'cooperative_admin')
      .where('r.cooperative_id', '=', soon.cooperative_id)
      .where('u.is_active', '=', true)
      .execute();

    // Two instances at once: each certificate is claimed by one of them.
    const counts = await Promise.all([sendExpiryReminders(handle.db, new Date(), 1), sendExpiryReminders(handle.db, new Date(), 1)]);
    expect(counts[0] + counts[1]).toBe(2);
    expect(await sendExpiryReminders(handle.db)).toBe(0);

    const reminded = await handle.db.selectFrom('certificates').select(['id', 'reminded_at']).where('id', 'in', [soon.id, alsoSoon.id, later.id, revoked.id]).execute();
    expect(reminded.filter((r) => r.reminded_at).map((r) => r.id).sort()).toEqual([soon.id, alsoSoon.id].sort());

    const mails = await handle.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body']).where('template', '=', 'certificate-expiring').execute();
    const forSoon = mails.filter((m) => m.text_body.includes(soon.number));
    expect(forSoon.map((m) => m.to_address).sort()).toEqual([...new Set([holderAddress, ...admins.map((a) => a.email)])].sort());
    expect(forSoon[0]!.subject).toContain(soon.number);
    expect(mails.some((m) => m.text_body.includes(later.number) || m.text_body.includes(revoked.number))).toBe(false);

    // The roster flags the holder's expiring certificate (not the later or the revoked one).
    const roster = await getRoster(handle.db, await actorFor(handle.db, 'koordinator@kompeten.test'), soon.cooperative_id!);
    const holder = roster.current.find((e) => e.personId === soon.person_id);
    expect(holder?.expiring).toContainEqual({ number: soon.number, validUntil: addDays(today, 30) });
    const flagged = [...roster.current, ...roster.past].flatMap((e) => e.expiring.map((x) => x.number));
    expect(flagged).not.toContain(later.number);
    expect(flagged).not.toContain(revoked.number);
  });
});
