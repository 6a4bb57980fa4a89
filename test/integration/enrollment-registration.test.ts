import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { approveEnrollments, cancelEnrollment, rejectEnrollments } from '~/domain/enrollment/decisions.server';
import { myCohorts, myRegistration, openCohortsForMe } from '~/domain/enrollment/queries.server';
import { addParticipants, nominateStaff, registerSelf } from '~/domain/enrollment/register.server';
import { actorFor, cooperativeWithStaff, demoDatabase, type DemoIds, enrollmentsOf, openCohort, outboxFor, participantFor } from '../support/cohorts-fixtures';
import { createUser } from '../support/accounts-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
const KABAG = 'Kepala Bagian Pembiayaan';

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
});
afterAll(() => handle.close());

async function emailOf(personId: string) {
  return (await handle.db.selectFrom('people').select('email').where('id', '=', personId).executeTakeFirstOrThrow()).email!;
}

describe('self-registration', () => {
  it('confirms an eligible participant at once, e-mails the schedule with an .ics, and audits it', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    const me = await participantFor(handle.db, personIds[0]!);
    const placement = await registerSelf(handle.db, me, { cohortId, personId: me.personId });
    expect(placement.status).toBe('confirmed');
    const [row] = await enrollmentsOf(handle.db, cohortId);
    expect(row).toMatchObject({ person_id: personIds[0], status: 'confirmed', source: 'self' });
    const mails = await outboxFor(handle.db, { to: me.email });
    expect(mails.map((m) => m.template)).toEqual(['enrollment-confirmed']);
    expect(mails[0]!.subject).toContain('Pendaftaran terkonfirmasi');
    const ics = mails[0]!.attachments[0]!;
    expect(ics.filename).toMatch(/^angkatan-uji-\d+\.ics$/);
    expect(ics.contentType).toContain('text/calendar');
    const calendar = Buffer.from(ics.contentBase64!, 'base64').toString('utf8');
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(calendar).toContain('DTSTART;TZID=Asia/Jakarta:');
    expect(calendar).toMatch(/DTSTART;TZID=Asia\/Jakarta:\d{8}T080000/);
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', row!.id).execute();
    expect(audit).toEqual([{ action: 'enrollment.created', actor_user_id: me.userId }]);
  });

  it('refuses a second registration of the same person with a friendly message', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    const me = await participantFor(handle.db, personIds[0]!);
    await registerSelf(handle.db, me, { cohortId, personId: me.personId });
    await expect(registerSelf(handle.db, me, { cohortId, personId: me.personId })).rejects.toThrow(
      expect.objectContaining({ constructor: ConflictError, message: 'cohorts:registration.alreadyRegistered' }),
    );
    expect(await enrollmentsOf(handle.db, cohortId)).toHaveLength(1);
  });

  it('does not let a participant register someone else', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG]);
    const me = await participantFor(handle.db, personIds[0]!);
    await expect(registerSelf(handle.db, me, { cohortId, personId: personIds[1]! })).rejects.toBeInstanceOf(NotFoundError);
    expect(await enrollmentsOf(handle.db, cohortId)).toHaveLength(0);
  });

  it('puts a person outside the target positions on pending and tells the coordinators; approval gives a seat', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kasir']);
    const me = await participantFor(handle.db, personIds[0]!);
    expect((await myRegistration(handle.db, me, cohortId))).toMatchObject({ canRegister: true, needsApproval: true, eligibility: 'positionNotTargeted' });
    expect((await registerSelf(handle.db, me, { cohortId, personId: me.personId })).status).toBe('pending');
    expect((await outboxFor(handle.db, { to: 'koordinator@kompeten.test', template: 'enrollment-review' })).length).toBeGreaterThanOrEqual(1);
    expect((await outboxFor(handle.db, { to: me.email })).map((m) => m.template)).toEqual(['enrollment-pending']);
    const coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
    const [row] = await enrollmentsOf(handle.db, cohortId);
    expect(await approveEnrollments(handle.db, coordinator, { cohortId, enrollmentIds: [row!.id] })).toMatchObject({ confirmed: 1, waitlisted: 0 });
    expect((await enrollmentsOf(handle.db, cohortId))[0]!.status).toBe('confirmed');
    const mails = await outboxFor(handle.db, { to: me.email });
    expect(mails.map((m) => m.template)).toEqual(['enrollment-pending', 'enrollment-confirmed']);
    expect(mails[1]!.attachments).toHaveLength(1);
  });

  it('a cohort that asks for approval keeps every registration pending', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5, requiresApproval: true });
    const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    const me = await participantFor(handle.db, personIds[0]!);
    expect((await registerSelf(handle.db, me, { cohortId, personId: me.personId })).status).toBe('pending');
  });

  it('refuses someone who is on no roster of the Dinas, and a closed window', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const stranger = await handle.db.insertInto('people').values({ nik: '3375019999990001', full_name: 'Tanpa Koperasi', email: 'tanpa@contoh.test' }).returning('id').executeTakeFirstOrThrow();
    const me = await participantFor(handle.db, stranger.id);
    await expect(registerSelf(handle.db, me, { cohortId, personId: me.personId })).rejects.toThrow('cohorts:registration.noPosition');
    await handle.db.updateTable('cohorts').set({ registration_closes_at: new Date(Date.now() - 1000) }).where('id', '=', cohortId).execute();
    const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    const late = await participantFor(handle.db, personIds[0]!);
    await expect(registerSelf(handle.db, late, { cohortId, personId: late.personId })).rejects.toThrow('cohorts:registration.windowClosed');
    expect(await enrollmentsOf(handle.db, cohortId)).toHaveLength(0);
  });
});

describe('capacity, quota and the waitlist', () => {
  it('the registration past capacity waits, and moves up by e-mail when someone cancels', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 2 });
    const people = [];
    for (let i = 0; i < 4; i++) {
      const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
      people.push(await participantFor(handle.db, personIds[0]!));
    }
    const statuses = [];
    for (const p of people) statuses.push((await registerSelf(handle.db, p, { cohortId, personId: p.personId })).status);
    expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect((await myRegistration(handle.db, people[3]!, cohortId))?.enrollment?.waitlistPosition).toBe(2);
    expect((await outboxFor(handle.db, { to: people[2]!.email })).map((m) => m.template)).toEqual(['enrollment-waitlisted']);

    expect(await cancelEnrollment(handle.db, people[0]!, { cohortId, personId: people[0]!.personId })).toEqual({ promoted: 1 });
    const rows = await enrollmentsOf(handle.db, cohortId);
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'confirmed', 'confirmed', 'waitlisted']);
    const promotedMail = await outboxFor(handle.db, { to: people[2]!.email });
    expect(promotedMail.map((m) => m.template)).toEqual(['enrollment-waitlisted', 'enrollment-promoted']);
    expect(promotedMail[1]!.attachments[0]!.filename).toMatch(/\.ics$/);
    expect((await outboxFor(handle.db, { to: people[0]!.email })).map((m) => m.template)).toEqual(['enrollment-confirmed', 'enrollment-cancelled']);
    expect(await handle.db.selectFrom('audit_log').select('action').where('action', '=', 'enrollment.promoted').where('entity_id', '=', rows[2]!.id).execute()).toHaveLength(1);
  });

  it('registering again after cancelling goes to the back of the line', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 1 });
    const a = await participantFor(handle.db, (await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG])).personIds[0]!);
    const b = await participantFor(handle.db, (await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG])).personIds[0]!);
    await registerSelf(handle.db, a, { cohortId, personId: a.personId });
    await registerSelf(handle.db, b, { cohortId, personId: b.personId });
    await cancelEnrollment(handle.db, a, { cohortId, personId: a.personId });
    expect((await registerSelf(handle.db, a, { cohortId, personId: a.personId })).status).toBe('waitlisted');
    const rows = await enrollmentsOf(handle.db, cohortId);
    expect(rows.map((r) => [r.person_id, r.status])).toEqual([
      [b.personId, 'confirmed'],
      [a.personId, 'waitlisted'],
    ]);
  });

  it('a cooperative at its quota waits even with seats left, and is skipped when seats free up', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 3, quota: 1 });
    const coopA = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG]);
    const coopB = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG]);
    const [a1, a2, b1, b2] = [
      await participantFor(handle.db, coopA.personIds[0]!),
      await participantFor(handle.db, coopA.personIds[1]!),
      await participantFor(handle.db, coopB.personIds[0]!),
      await participantFor(handle.db, coopB.personIds[1]!),
    ];
    const statuses = [];
    for (const p of [a1, a2, b1, b2]) statuses.push((await registerSelf(handle.db, p!, { cohortId, personId: p!.personId })).status);
    expect(statuses).toEqual(['confirmed', 'waitlisted', 'confirmed', 'waitlisted']);
    const coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
    const c = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    await addParticipants(handle.db, coordinator, { cohortId, personIds: c.personIds });
    // b1 leaves: b2 (same cooperative) takes the seat; a2 stays behind as coop A is at quota.
    await cancelEnrollment(handle.db, coordinator, { cohortId, personId: b1!.personId, reason: 'Sakit' });
    const byPerson = new Map((await enrollmentsOf(handle.db, cohortId)).map((r) => [r.person_id, r.status]));
    expect(byPerson.get(a2!.personId!)).toBe('waitlisted');
    expect(byPerson.get(b2!.personId!)).toBe('confirmed');
  });
});

describe('nominations and the coordinator', () => {
  it('a cooperative admin nominates several staff at once; non-target staff wait for approval', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 10 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG, 'Kasir']);
    await createUser(handle.db, { email: 'admin.nominasi@contoh.test', roles: [{ role: 'cooperative_admin', cooperativeId: coop.cooperativeId }] });
    const admin = await actorFor(handle.db, 'admin.nominasi@contoh.test');
    const summary = await nominateStaff(handle.db, admin, { cohortId, personIds: coop.personIds });
    expect(summary).toMatchObject({ confirmed: 2, waitlisted: 0, pending: 1, duplicates: 0 });
    const rows = await enrollmentsOf(handle.db, cohortId);
    expect(rows.every((r) => r.source === 'nominated' && r.cooperative_id === coop.cooperativeId)).toBe(true);
    expect((await outboxFor(handle.db, { to: await emailOf(coop.personIds[0]!) })).map((m) => m.template)).toEqual(['enrollment-confirmed']);
    expect((await nominateStaff(handle.db, admin, { cohortId, personIds: [coop.personIds[0]!] })).duplicates).toBe(1);
  });

  it('a cooperative admin cannot nominate people of another cooperative', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 10 });
    const mine = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    const theirs = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    await createUser(handle.db, { email: 'admin.lain@contoh.test', roles: [{ role: 'cooperative_admin', cooperativeId: mine.cooperativeId }] });
    const admin = await actorFor(handle.db, 'admin.lain@contoh.test');
    await expect(nominateStaff(handle.db, admin, { cohortId, personIds: [mine.personIds[0]!, theirs.personIds[0]!] })).rejects.toBeInstanceOf(NotFoundError);
    expect(await enrollmentsOf(handle.db, cohortId)).toHaveLength(0);
  });

  it('the coordinator adds people directly, even outside the window, and rejects in bulk with a reason', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 10, requiresApproval: true });
    await handle.db.updateTable('cohorts').set({ status: 'closed' }).where('id', '=', cohortId).execute();
    const coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kasir', KABAG]);
    expect(await addParticipants(handle.db, coordinator, { cohortId, personIds: coop.personIds })).toMatchObject({ confirmed: 2, pending: 0 });
    await handle.db.updateTable('cohorts').set({ status: 'open' }).where('id', '=', cohortId).execute();
    const others = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG]);
    for (const personId of others.personIds) {
      const p = await participantFor(handle.db, personId);
      await registerSelf(handle.db, p, { cohortId, personId });
    }
    const pending = (await enrollmentsOf(handle.db, cohortId)).filter((r) => r.status === 'pending').map((r) => r.id);
    expect(pending).toHaveLength(2);
    expect(await rejectEnrollments(handle.db, coordinator, { cohortId, enrollmentIds: pending, reason: 'Kuota Dinas penuh' })).toMatchObject({ rejected: 2 });
    const mail = (await outboxFor(handle.db, { to: await emailOf(others.personIds[0]!), template: 'enrollment-rejected' }))[0]!;
    expect(mail.text_body).toContain('Kuota Dinas penuh');
  });

  it("another Dinas's coordinator cannot add people or decide", async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 10 });
    const dinas = await handle.db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Lain Uji Pendaftaran' }).returning('id').executeTakeFirstOrThrow();
    await createUser(handle.db, { email: 'koord.lain@contoh.test', roles: [{ role: 'coordinator', institutionId: dinas.id }] });
    const stranger = await actorFor(handle.db, 'koord.lain@contoh.test');
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    await expect(addParticipants(handle.db, stranger, { cohortId, personIds: coop.personIds })).rejects.toBeInstanceOf(NotFoundError);
    await expect(approveEnrollments(handle.db, stranger, { cohortId, enrollmentIds: [] })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the participant's dashboard", () => {
  it('lists my cohorts with the next session, and open cohorts I can still join', async () => {
    const joined = await openCohort(handle.db, ids, { capacity: 5, venue: 'Hotel Dafam Pekalongan' });
    const other = await openCohort(handle.db, ids, { capacity: 5, startsInDays: 40 });
    const { personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    const me = await participantFor(handle.db, personIds[0]!);
    await registerSelf(handle.db, me, { cohortId: joined, personId: me.personId });
    const mine = await myCohorts(handle.db, me);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ cohortId: joined, enrollmentStatus: 'confirmed', venueName: 'Hotel Dafam Pekalongan', nextSessionTitle: 'Hari 1' });
    const open = (await openCohortsForMe(handle.db, me)).map((c) => c.id);
    expect(open).toContain(other);
    expect(open).not.toContain(joined);
    const kasir = await participantFor(handle.db, (await cooperativeWithStaff(handle.db, ids.dinasId, ['Kasir'])).personIds[0]!);
    expect((await openCohortsForMe(handle.db, kasir)).map((c) => c.id)).not.toContain(other);
  });
});
