import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { recordMarks, type MarkInput } from '~/domain/attendance/marks.server';
import { rollCallSheet } from '~/domain/attendance/roll-call.server';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { attendanceCohort, attendanceCounts } from '../support/attendance-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
let staff: Actor;
let coordinator: Actor;

/** A session from 08:00 to 16:00 WIB on 10 December 2026; marking opens at 07:00 WIB, corrections until 13 December 16:00 WIB. */
const START = new Date('2026-12-10T01:00:00Z');
const at = (hhmm: string, day = '2026-12-10') => new Date(`${day}T${hhmm}:00+07:00`);

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  staff = await actorFor(handle.db, 'lembaga@kompeten.test');
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
});
afterAll(() => handle.close());

const mark = (enrollmentId: string, status: MarkInput['status'], extra: Partial<MarkInput> = {}): MarkInput => ({ id: randomUUID(), enrollmentId, status, ...extra });

async function stage(statuses: Parameters<typeof attendanceCohort>[2]['statuses'] = ['confirmed', 'confirmed', 'confirmed']) {
  const world = await attendanceCohort(handle.db, ids, { sessionStarts: [START, new Date(START.getTime() + 86_400_000)], statuses });
  return { ...world, sessionId: world.sessionIds[0]! };
}

describe('the roll call', () => {
  it("lets the institute's staff mark every confirmed participant during the session, one audit row for the submit", async () => {
    const w = await stage();
    const result = await recordMarks(
      handle.db,
      staff,
      { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present'), mark(w.enrollments[1]!, 'late', { note: 'Macet di jalan' }), mark(w.enrollments[2]!, 'excused')] },
      at('08:20'),
    );
    expect(result).toEqual({ applied: 3, duplicates: 0, unchanged: 0, corrections: 0, conflicts: [] });
    const rows = await handle.db.selectFrom('attendance').select(['enrollment_id', 'status', 'note', 'method', 'marked_at', 'recorded_by_user_id']).where('session_id', '=', w.sessionId).orderBy('status').execute();
    expect(rows.map((r) => [r.status, r.note, r.method, r.recorded_by_user_id])).toEqual([
      ['excused', null, 'roll_call', staff.userId],
      ['late', 'Macet di jalan', 'roll_call', staff.userId],
      ['present', null, 'roll_call', staff.userId],
    ]);
    expect(rows.every((r) => r.marked_at.getTime() === at('08:20').getTime())).toBe(true);
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'entity_type', 'entity_id', 'actor_user_id', 'after']).where('entity_id', '=', w.sessionId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'attendance.recorded', entity_type: 'cohort_session', actor_user_id: staff.userId });
    expect(JSON.stringify(audit[0]!.after)).toContain('Macet di jalan');
  });

  it('recognises a resend by its ids: nothing doubles, nothing more is audited', async () => {
    const w = await stage();
    const marks = [mark(w.enrollments[0]!, 'present'), mark(w.enrollments[1]!, 'absent')];
    await recordMarks(handle.db, coordinator, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks }, at('08:30'));
    const before = await attendanceCounts(handle.db, w.sessionId);
    const again = await recordMarks(handle.db, coordinator, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks }, at('08:45'));
    expect(again).toMatchObject({ applied: 0, duplicates: 2 });
    expect(await attendanceCounts(handle.db, w.sessionId)).toEqual(before);
    expect(before).toMatchObject({ attendance: 2, marks: 2 });
  });

  it('leaves a mark that repeats the current one unwritten', async () => {
    const w = await stage();
    await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present')] }, at('08:30'));
    const again = await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present')] }, at('09:30'));
    expect(again).toMatchObject({ applied: 0, unchanged: 1 });
    expect((await attendanceCounts(handle.db, w.sessionId)).marks).toBe(1);
  });

  it('clamps a device clock a minute ahead to the server time, and refuses one far ahead', async () => {
    const w = await stage();
    await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present', { markedAt: at('09:01') })] }, at('09:00'));
    const row = await handle.db.selectFrom('attendance').select('marked_at').where('session_id', '=', w.sessionId).executeTakeFirstOrThrow();
    expect(row.marked_at.toISOString()).toBe(at('09:00').toISOString());
    await expect(
      recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[1]!, 'present', { markedAt: at('09:30') })] }, at('09:00')),
    ).rejects.toThrow(expect.objectContaining({ constructor: ConflictError, message: 'attendance:refused.markedInFuture' }));
  });
});

describe('refusals write nothing', () => {
  async function refused(w: Awaited<ReturnType<typeof stage>>, input: { sessionId?: string; marks: MarkInput[] }, now: Date, message: string, kind: unknown = ConflictError) {
    const before = await attendanceCounts(handle.db, w.sessionId);
    await expect(
      recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: input.sessionId ?? w.sessionId, method: 'roll_call', marks: input.marks }, now),
    ).rejects.toThrow(expect.objectContaining({ constructor: kind, message }));
    expect(await attendanceCounts(handle.db, w.sessionId)).toEqual(before);
  }

  it('a session not open yet by server time (before start minus the program’s opening minutes), even with one good mark first', async () => {
    const w = await stage();
    await refused(w, { marks: [mark(w.enrollments[0]!, 'present')] }, at('06:59'), 'attendance:refused.sessionNotOpen');
    // The next day's session while today's is on: the whole submit is refused.
    await refused(w, { sessionId: w.sessionIds[1], marks: [mark(w.enrollments[0]!, 'present')] }, at('10:00'), 'attendance:refused.sessionNotOpen');
  });

  it('a cohort still in draft or cancelled, whoever asks (the link is hidden, the operation refuses too)', async () => {
    for (const status of ['draft', 'cancelled'] as const) {
      const w = await stage();
      await handle.db.updateTable('cohorts').set({ status, cancel_reason: status === 'cancelled' ? 'Uji' : null }).where('id', '=', w.cohortId).execute();
      await refused(w, { marks: [mark(w.enrollments[0]!, 'present')] }, at('09:00'), 'attendance:refused.cohortNotRunning');
    }
  });

  it('a session of another cohort', async () => {
    const w = await stage();
    const other = await stage();
    await refused(w, { sessionId: other.sessionId, marks: [mark(w.enrollments[0]!, 'present')] }, at('09:00'), 'attendance:refused.otherCohort');
  });

  it('a person not enrolled in the cohort (an enrollment of another cohort), among good marks', async () => {
    const w = await stage();
    const other = await stage();
    await refused(w, { marks: [mark(w.enrollments[0]!, 'present'), mark(other.enrollments[0]!, 'present')] }, at('09:00'), 'attendance:refused.notEnrolled');
  });

  it.each(['cancelled', 'waitlisted', 'pending', 'rejected'] as const)('a %s registration', async (status) => {
    const w = await stage(['confirmed', status]);
    await refused(w, { marks: [mark(w.enrollments[0]!, 'present'), mark(w.enrollments[1]!, 'present')] }, at('09:00'), 'attendance:refused.notConfirmed');
  });

  it('a mark made before the session opened', async () => {
    const w = await stage();
    await refused(w, { marks: [mark(w.enrollments[0]!, 'present', { markedAt: at('06:30') })] }, at('09:00'), 'attendance:refused.markedBeforeOpen');
  });

  it('a correction without a reason (a field error), and any correction after the correction window', async () => {
    const w = await stage();
    await refused(w, { marks: [mark(w.enrollments[0]!, 'absent')] }, at('17:00'), 'common:form.invalid', ValidationError);
    await expect(
      recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'absent')] }, at('17:00')),
    ).rejects.toMatchObject({ fieldErrors: { correctionReason: ['attendance:rollCall.reasonRequired'] } });
    await refused(w, { marks: [mark(w.enrollments[0]!, 'absent', { correctionReason: 'Salah tanda' })] }, at('16:01', '2026-12-13'), 'attendance:refused.correctionClosed');
  });
});

describe('two devices and late arrivals', () => {
  it('resolves two devices marking the same person to the mark made last, whatever order they arrive in, and shows the conflict', async () => {
    const w = await stage();
    const other = await actorFor(handle.db, 'koordinator@kompeten.test');
    // The coordinator's phone (online) marks her present at 08:20.
    await recordMarks(handle.db, other, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present', { markedAt: at('08:20') })] }, at('08:20'));
    // The staff's tablet, offline since 08:00, marked her absent at 08:10 and sends it at 09:00: older, so it loses.
    const late = await recordMarks(
      handle.db,
      staff,
      { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'absent', { markedAt: at('08:10') })] },
      at('09:00'),
    );
    expect(late).toMatchObject({ applied: 0, conflicts: [{ enrollmentId: w.enrollments[0], status: 'absent', currentStatus: 'present' }] });
    const current = await handle.db.selectFrom('attendance').select(['status', 'recorded_by_user_id']).where('session_id', '=', w.sessionId).executeTakeFirstOrThrow();
    expect(current).toEqual({ status: 'present', recorded_by_user_id: other.userId });
    expect((await attendanceCounts(handle.db, w.sessionId)).marks).toBe(2);
    // A later mark from the tablet (08:40, sent at 09:05) wins over the phone's.
    await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'late', { markedAt: at('08:40') })] }, at('09:05'));
    const sheet = await rollCallSheet(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId }, at('09:10'));
    const row = sheet.rows.find((r) => r.enrollmentId === w.enrollments[0])!;
    expect(row.current).toMatchObject({ status: 'late', byName: expect.any(String) });
    expect(row.conflicts.map((c) => c.status).sort()).toEqual(['present']);
    expect(sheet.phase).toBe('open');
  });

  it("applies a device's queue in the order its marks were made, even two for one person", async () => {
    const w = await stage();
    await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present')] }, at('08:05'));
    const queue = [mark(w.enrollments[0]!, 'absent', { markedAt: at('08:10') }), mark(w.enrollments[0]!, 'present', { markedAt: at('08:12') })];
    expect(await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: queue }, at('08:30'))).toMatchObject({ applied: 2 });
    const current = await handle.db.selectFrom('attendance').select(['status', 'marked_at']).where('session_id', '=', w.sessionId).executeTakeFirstOrThrow();
    expect(current).toEqual({ status: 'present', marked_at: at('08:12') });
  });

  it('takes a mark made offline during the session and received after its end as a mark, not a correction', async () => {
    const w = await stage();
    const result = await recordMarks(
      handle.db,
      staff,
      { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present', { markedAt: at('15:50') })] },
      at('18:00'),
    );
    expect(result).toMatchObject({ applied: 1, corrections: 0 });
  });
});

describe('corrections', () => {
  it('after the session, with a reason, are kept with the mark and audited with before and after', async () => {
    const w = await stage();
    await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present')] }, at('08:30'));
    const result = await recordMarks(
      handle.db,
      coordinator,
      { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'absent', { correctionReason: 'Peserta pulang sebelum sesi pertama selesai' })] },
      at('10:00', '2026-12-11'),
    );
    expect(result).toMatchObject({ applied: 1, corrections: 1 });
    const kept = await handle.db.selectFrom('attendance_marks').select(['status', 'correction_reason']).where('session_id', '=', w.sessionId).orderBy('received_at').execute();
    expect(kept).toEqual([
      { status: 'present', correction_reason: null },
      { status: 'absent', correction_reason: 'Peserta pulang sebelum sesi pertama selesai' },
    ]);
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'before', 'after', 'actor_user_id']).where('entity_id', '=', w.enrollments[0]!).where('action', '=', 'attendance.corrected').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(coordinator.userId);
    expect(audit.before).toMatchObject({ sessionId: w.sessionId, status: 'present' });
    expect(audit.after).toMatchObject({ sessionId: w.sessionId, status: 'absent', reason: 'Peserta pulang sebelum sesi pertama selesai' });
  });
});

describe('who may take attendance', () => {
  it('answers "not found" to the staff of another institute and to another Dinas, and writes nothing', async () => {
    const w = await stage();
    for (const email of ['lembaga.malang@kompeten.test', 'koordinator.malang@kompeten.test', 'peserta@kompeten.test']) {
      const outsider = await actorFor(handle.db, email);
      await expect(
        recordMarks(handle.db, outsider, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present')] }, at('09:00')),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(rollCallSheet(handle.db, outsider, { cohortId: w.cohortId, sessionId: w.sessionId })).rejects.toBeInstanceOf(NotFoundError);
    }
    // The cohort's LSP reads the cohort but does not take its attendance.
    const assessor = await actorFor(handle.db, 'asesor1@kompeten.test');
    await expect(
      recordMarks(handle.db, assessor, { cohortId: w.cohortId, sessionId: w.sessionId, method: 'roll_call', marks: [mark(w.enrollments[0]!, 'present')] }, at('09:00')),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await attendanceCounts(handle.db, w.sessionId)).toMatchObject({ attendance: 0, marks: 0 });
  });
});
