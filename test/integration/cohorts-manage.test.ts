import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { addDays, dateInZone } from '~/lib/dates';
import { ConflictError, NotFoundError, ValidationError } from '~/lib/errors';
import { createCohort } from '~/domain/cohorts/cohorts.server';
import { getCohortDetail } from '~/domain/cohorts/detail.server';
import { cancelCohort, transitionCohort } from '~/domain/cohorts/lifecycle.server';
import { cohortsInMonth, listCohorts } from '~/domain/cohorts/list.server';
import { addSession, updateSession } from '~/domain/cohorts/sessions.server';
import { updateCohort } from '~/domain/enrollment/cohort-change.server';
import { registerSelf, addParticipants } from '~/domain/enrollment/register.server';
import type { CohortInput } from '~/domain/cohorts/schemas';
import { actorFor, cooperativeWithStaff, demoDatabase, type DemoIds, enrollmentsOf, openCohort, outboxFor, participantFor, today } from '../support/cohorts-fixtures';
import { createUser } from '../support/accounts-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
let coordinator: Awaited<ReturnType<typeof actorFor>>;
const KABAG = 'Kepala Bagian Pembiayaan';

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
});
afterAll(() => handle.close());

function input(over: Partial<CohortInput> = {}): CohortInput {
  const startsOn = addDays(today(), 30);
  return {
    programId: ids.programId,
    name: 'Angkatan IV 2026',
    startsOn,
    timeZone: 'Asia/Jakarta',
    venueName: 'Hotel Santika Pekalongan',
    venueAddress: 'Jl. Dr. Sutomo No. 39',
    capacity: 25,
    quotaPerCooperative: 2,
    registrationOpensAt: `${addDays(today(), 1)}T08:00`,
    registrationClosesAt: `${addDays(startsOn, -7)}T16:00`,
    trainingInstituteId: ids.instituteId,
    certificationBodyId: ids.lspId,
    assessorIds: ids.assessorIds,
    ...over,
  };
}

async function cohortCount() {
  return (await handle.db.selectFrom('cohorts').select(handle.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
}

async function fieldErrors(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('creating a cohort from a program', () => {
  it('makes a draft whose sessions follow the day plan in the cohort zone', async () => {
    const { id, sessions } = await createCohort(handle.db, coordinator, input({ timeZone: 'Asia/Makassar' }));
    expect(sessions).toBe(4);
    const cohort = await handle.db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(cohort).toMatchObject({ status: 'draft', capacity: 25, quota_per_cooperative: 2, starts_on: input().startsOn, ends_on: addDays(input().startsOn, 3), dinas_id: ids.dinasId });
    expect(cohort.registration_closes_at!.toISOString()).toBe(new Date(`${addDays(input().startsOn, -7)}T08:00:00Z`).toISOString());
    const rows = await handle.db.selectFrom('cohort_sessions').selectAll().where('cohort_id', '=', id).orderBy('position').execute();
    expect(rows.map((s) => [s.position, s.kind, s.starts_at.toISOString()])).toEqual([
      [1, 'training', `${input().startsOn}T00:00:00.000Z`],
      [2, 'training', `${addDays(input().startsOn, 1)}T00:00:00.000Z`],
      [3, 'training', `${addDays(input().startsOn, 2)}T00:00:00.000Z`],
      [4, 'exam', `${addDays(input().startsOn, 3)}T00:00:00.000Z`],
    ]);
    expect((await handle.db.selectFrom('cohort_assessors').select('user_id').where('cohort_id', '=', id).execute()).map((a) => a.user_id).sort()).toEqual([...ids.assessorIds].sort());
    expect(await handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()).toEqual([{ action: 'cohort.created' }]);
  });

  it('refuses bad input field by field and saves nothing', async () => {
    const before = await cohortCount();
    expect(await fieldErrors(createCohort(handle.db, coordinator, input({ startsOn: addDays(today(), -1), registrationOpensAt: undefined, registrationClosesAt: undefined })))).toEqual({
      startsOn: ['cohorts:errors.dateInPast'],
    });
    expect(await fieldErrors(createCohort(handle.db, coordinator, input({ capacity: 0 })))).toEqual({ capacity: ['cohorts:errors.capacityPositive'] });
    expect(await fieldErrors(createCohort(handle.db, coordinator, input({ quotaPerCooperative: 30 })))).toEqual({ quotaPerCooperative: ['cohorts:errors.quotaAboveCapacity'] });
    expect(
      await fieldErrors(createCohort(handle.db, coordinator, input({ registrationOpensAt: `${addDays(today(), -10)}T08:00`, registrationClosesAt: `${addDays(today(), -2)}T08:00` }))),
    ).toEqual({ registrationClosesAt: ['cohorts:errors.windowInPast'] });
    expect(await fieldErrors(createCohort(handle.db, coordinator, input({ registrationClosesAt: `${addDays(today(), 40)}T08:00` })))).toEqual({
      registrationClosesAt: ['cohorts:errors.windowAfterStart'],
    });
    expect(await fieldErrors(createCohort(handle.db, coordinator, input({ certificationBodyId: ids.instituteId })))).toEqual({ certificationBodyId: ['programs:errors.institution'] });
    expect(await cohortCount()).toBe(before);
  });

  it("another Dinas's coordinator cannot schedule the program", async () => {
    const dinas = await handle.db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Lain Uji Angkatan' }).returning('id').executeTakeFirstOrThrow();
    await createUser(handle.db, { email: 'koord.angkatan@contoh.test', roles: [{ role: 'coordinator', institutionId: dinas.id }] });
    const stranger = await actorFor(handle.db, 'koord.angkatan@contoh.test');
    await expect(createCohort(handle.db, stranger, input())).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCohortDetail(handle.db, stranger, ids.openCohortId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(transitionCohort(handle.db, stranger, { cohortId: ids.draftCohortId, to: 'open' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the lifecycle', () => {
  it('cannot open without sessions; opens with them, audited', async () => {
    const { id } = await createCohort(handle.db, coordinator, input({ name: 'Angkatan Tanpa Sesi' }));
    await handle.db.deleteFrom('cohort_sessions').where('cohort_id', '=', id).execute();
    await expect(transitionCohort(handle.db, coordinator, { cohortId: id, to: 'open' })).rejects.toThrow(
      expect.objectContaining({ constructor: ConflictError, message: 'cohorts:lifecycle.noSessions' }),
    );
    await addSession(handle.db, coordinator, { cohortId: id, values: { kind: 'training', title: 'Hari 1', date: input().startsOn, startsAtTime: '08:00', endsAtTime: '16:00' } });
    await transitionCohort(handle.db, coordinator, { cohortId: id, to: 'open' });
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', id).where('action', '=', 'cohort.open').executeTakeFirstOrThrow();
    expect(audit.before).toEqual({ status: 'draft' });
    expect(audit.after).toEqual({ status: 'open' });
  });

  it('cannot complete before the last session ends, can after', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    await handle.db.updateTable('cohorts').set({ status: 'in_progress' }).where('id', '=', cohortId).execute();
    await expect(transitionCohort(handle.db, coordinator, { cohortId, to: 'completed' })).rejects.toThrow('cohorts:lifecycle.notEnded');
    await transitionCohort(handle.db, coordinator, { cohortId, to: 'completed', now: new Date(Date.now() + 60 * 86_400_000) });
    expect((await handle.db.selectFrom('cohorts').select('status').where('id', '=', cohortId).executeTakeFirstOrThrow()).status).toBe('completed');
  });

  it('cancelling tells everyone registered, with the reason, and ends their registrations', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 1 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG]);
    await addParticipants(handle.db, coordinator, { cohortId, personIds: coop.personIds });
    await expect(cancelCohort(handle.db, coordinator, { cohortId, reason: '' })).rejects.toBeInstanceOf(ValidationError);
    expect(await cancelCohort(handle.db, coordinator, { cohortId, reason: 'Hotel tidak tersedia' })).toEqual({ notified: 2 });
    const mails = await outboxFor(handle.db, { template: 'cohort-cancelled' });
    const mine = mails.filter((m) => m.text_body.includes('Hotel tidak tersedia'));
    expect(mine).toHaveLength(2);
    expect((await enrollmentsOf(handle.db, cohortId)).map((e) => e.status)).toEqual(['cancelled', 'cancelled']);
    const cohort = await handle.db.selectFrom('cohorts').select(['status', 'cancel_reason']).where('id', '=', cohortId).executeTakeFirstOrThrow();
    expect(cohort).toEqual({ status: 'cancelled', cancel_reason: 'Hotel tidak tersedia' });
    await expect(updateCohort(handle.db, coordinator, cohortId, input())).rejects.toThrow('cohorts:errors.notEditable');
  });
});

describe('changing a cohort', () => {
  it('a new start date moves every session and e-mails everyone registered; more seats promote the waitlist', async () => {
    const { id } = await createCohort(handle.db, coordinator, input({ name: 'Angkatan Pindah', capacity: 1, quotaPerCooperative: undefined }));
    await transitionCohort(handle.db, coordinator, { cohortId: id, to: 'open' });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG]);
    await addParticipants(handle.db, coordinator, { cohortId: id, personIds: coop.personIds });
    expect((await enrollmentsOf(handle.db, id)).map((e) => e.status)).toEqual(['confirmed', 'waitlisted']);
    const later = addDays(input().startsOn, 7);
    const result = await updateCohort(handle.db, coordinator, id, input({ name: 'Angkatan Pindah', startsOn: later, capacity: 2, quotaPerCooperative: undefined, registrationClosesAt: `${addDays(later, -7)}T16:00`, venueName: 'Hotel Dafam Pekalongan' }));
    expect(result).toEqual({ promoted: 1, notified: 2 });
    const sessions = await handle.db.selectFrom('cohort_sessions').select('starts_at').where('cohort_id', '=', id).orderBy('starts_at').execute();
    expect(sessions[0]!.starts_at.toISOString()).toBe(`${later}T01:00:00.000Z`);
    const cohort = await handle.db.selectFrom('cohorts').select(['starts_on', 'ends_on', 'venue_name']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(cohort).toEqual({ starts_on: later, ends_on: addDays(later, 3), venue_name: 'Hotel Dafam Pekalongan' });
    const changed = await outboxFor(handle.db, { template: 'cohort-changed' });
    const forThisCohort = changed.filter((m) => m.text_body.includes('Angkatan Pindah'));
    expect(forThisCohort).toHaveLength(2);
    expect(forThisCohort[0]!.text_body).toContain('Hotel Dafam Pekalongan');
    expect(forThisCohort.every((m) => m.attachments.length === 1)).toBe(true);
    expect((await enrollmentsOf(handle.db, id)).map((e) => e.status)).toEqual(['confirmed', 'confirmed']);
  });

  it('refuses a capacity below the confirmed participants', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 3 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG, KABAG]);
    await addParticipants(handle.db, coordinator, { cohortId, personIds: coop.personIds });
    const cohort = await handle.db.selectFrom('cohorts').selectAll().where('id', '=', cohortId).executeTakeFirstOrThrow();
    const values = input({ name: cohort.name, startsOn: cohort.starts_on, capacity: 1, quotaPerCooperative: undefined, registrationOpensAt: undefined, registrationClosesAt: undefined });
    expect(await fieldErrors(updateCohort(handle.db, coordinator, cohortId, values))).toEqual({ capacity: ['cohorts:errors.capacityBelowConfirmed'] });
  });

  it('editing one session checks its times and tells the participants', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 3 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    const me = await participantFor(handle.db, coop.personIds[0]!);
    await registerSelf(handle.db, me, { cohortId, personId: me.personId });
    const session = await handle.db.selectFrom('cohort_sessions').select(['id', 'starts_at']).where('cohort_id', '=', cohortId).where('position', '=', 2).executeTakeFirstOrThrow();
    const date = dateInZone(session.starts_at, 'Asia/Jakarta');
    const values = { kind: 'training' as const, title: 'Analisis kelayakan', date, startsAtTime: '09:00', endsAtTime: '08:00' };
    expect(await fieldErrors(updateSession(handle.db, coordinator, { cohortId, sessionId: session.id, values }))).toEqual({ endsAtTime: ['cohorts:errors.endBeforeStart'] });
    expect(await fieldErrors(updateSession(handle.db, coordinator, { cohortId, sessionId: session.id, values: { ...values, endsAtTime: '17:00', date: addDays(today(), -3) } }))).toEqual({
      date: ['cohorts:errors.dateInPast'],
    });
    expect(await updateSession(handle.db, coordinator, { cohortId, sessionId: session.id, values: { ...values, endsAtTime: '17:00' } })).toEqual({ notified: 1 });
    const saved = await handle.db.selectFrom('cohort_sessions').select(['starts_at', 'ends_at', 'title']).where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(saved).toEqual({ starts_at: new Date(`${date}T02:00:00Z`), ends_at: new Date(`${date}T10:00:00Z`), title: 'Analisis kelayakan' });
    const mail = (await outboxFor(handle.db, { to: me.email, template: 'cohort-changed' }))[0]!;
    expect(mail.text_body).toContain('09.00–17.00 WIB');
    expect(Buffer.from(mail.attachments[0]!.contentBase64!, 'base64').toString()).toContain(`DTSTART;TZID=Asia/Jakarta:${date.replaceAll('-', '')}T090000`);
  });
});

describe('warnings and views', () => {
  it('warns about a double-booked venue, assessor and participant', async () => {
    const first = await openCohort(handle.db, ids, { capacity: 5, venue: 'Hotel Sama', startsInDays: 50 });
    const second = await openCohort(handle.db, ids, { capacity: 5, venue: 'hotel sama', startsInDays: 52 });
    for (const cohortId of [first, second]) {
      await handle.db.insertInto('cohort_assessors').values({ cohort_id: cohortId, user_id: ids.assessorIds[0]! }).execute();
    }
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, [KABAG]);
    await addParticipants(handle.db, coordinator, { cohortId: first, personIds: coop.personIds });
    await addParticipants(handle.db, coordinator, { cohortId: second, personIds: coop.personIds });
    const detail = await getCohortDetail(handle.db, coordinator, first);
    const kinds = detail.warnings.map((w) => [w.kind, w.otherCohortId]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['venue', second],
        ['participant', second],
      ]),
    );
    // The exam (day 4 of the first) overlaps day 2 of the second only as training: no assessor clash…
    expect(detail.warnings.some((w) => w.kind === 'assessor')).toBe(false);
    // …until both exams fall on the same day.
    const exam = await handle.db.selectFrom('cohort_sessions').select(['starts_at', 'ends_at']).where('cohort_id', '=', first).where('kind', '=', 'exam').executeTakeFirstOrThrow();
    await handle.db.updateTable('cohort_sessions').set({ starts_at: exam.starts_at, ends_at: exam.ends_at }).where('cohort_id', '=', second).where('kind', '=', 'exam').execute();
    const again = await getCohortDetail(handle.db, coordinator, first);
    expect(again.warnings.find((w) => w.kind === 'assessor')).toMatchObject({ subject: 'Dra. Endang Lestari', otherCohortId: second });
  });

  it('lists cohorts by period and filter, scoped to who is asking', async () => {
    const params = { page: 1, pageSize: 100, offset: 0, sort: 'starts' as const, dir: 'asc' as const };
    const upcoming = await listCohorts(handle.db, coordinator, { period: 'upcoming' }, params, today());
    expect(upcoming.items.map((c) => c.id)).toEqual(expect.arrayContaining([ids.openCohortId, ids.draftCohortId]));
    expect(upcoming.items.map((c) => c.id)).not.toContain(ids.completedCohortId);
    const past = await listCohorts(handle.db, coordinator, { period: 'past' }, params, today());
    expect(past.items.map((c) => c.id)).toEqual([ids.completedCohortId]);
    expect(past.items[0]).toMatchObject({ confirmed: 25, capacity: 25 });
    const drafts = await listCohorts(handle.db, coordinator, { period: 'all', status: 'draft' }, params, today());
    expect(drafts.items.every((c) => c.status === 'draft')).toBe(true);

    const institute = await actorFor(handle.db, 'lembaga@kompeten.test');
    const seen = (await listCohorts(handle.db, institute, { period: 'all' }, params, today())).items.map((c) => c.id);
    expect(seen).toContain(ids.openCohortId);
    expect(seen).not.toContain(ids.draftCohortId);
    const participant = await actorFor(handle.db, 'peserta@kompeten.test');
    expect((await listCohorts(handle.db, participant, { period: 'all' }, params, today())).total).toBe(0);

    const open = await handle.db.selectFrom('cohorts').select('starts_on').where('id', '=', ids.openCohortId).executeTakeFirstOrThrow();
    expect((await cohortsInMonth(handle.db, coordinator, open.starts_on.slice(0, 7))).map((c) => c.id)).toContain(ids.openCohortId);
  });

  it('institute staff read a cohort but cannot manage it', async () => {
    const institute = await actorFor(handle.db, 'lembaga@kompeten.test');
    const detail = await getCohortDetail(handle.db, institute, ids.completedCohortId);
    expect(detail).toMatchObject({ canManage: false, steps: [], counts: { confirmed: 25 } });
    await expect(transitionCohort(handle.db, institute, { cohortId: ids.openCohortId, to: 'closed' })).rejects.toThrow('common:error.forbiddenBody');
  });
});
