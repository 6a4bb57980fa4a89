// The server runs far from Indonesia: every window check and every time shown must still be the cohort's.
process.env.TZ = 'America/Los_Angeles';

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { zonedTimeToUtc } from '~/lib/dates';
import type { Actor } from '~/lib/permissions';
import { recordMarks } from '~/domain/attendance/marks.server';
import { markTiming, sessionWindow } from '~/domain/attendance/rules';
import { loadApp, type TestApp } from '../support/app';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { attendanceCohort, attendanceCounts } from '../support/attendance-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
let app: TestApp;
let staff: Actor;
let cookie: string;

const wita = (hhmm: string) => zonedTimeToUtc('2026-12-10', hhmm, 'Asia/Makassar');

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  staff = await actorFor(handle.db, 'lembaga@kompeten.test');
  cookie = await app.sessionCookie(staff.userId);
});
afterAll(() => handle.close());

describe('attendance in the cohort’s zone on a server in Los Angeles', () => {
  it('runs in America/Los_Angeles', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('America/Los_Angeles');
    expect(new Date('2026-12-10T00:00:00Z').getHours()).toBe(16);
  });

  it('opens a session at 08:00 WITA for marking at 07:00 WITA and takes marks after 16:00 WITA as corrections', () => {
    const window = sessionWindow({ startsAt: wita('08:00'), endsAt: wita('16:00') }, { checkInOpensMinutes: 60, correctionHours: 72 });
    expect(window.opensAt.toISOString()).toBe('2026-12-09T23:00:00.000Z');
    expect(markTiming(window, wita('06:59'))).toEqual({ ok: false, refusal: 'sessionNotOpen' });
    expect(markTiming(window, wita('07:00'))).toMatchObject({ ok: true, correction: false });
    expect(markTiming(window, wita('16:00'))).toMatchObject({ ok: true, correction: false });
    expect(markTiming(window, wita('16:01'))).toMatchObject({ ok: true, correction: true });
    expect(markTiming(window, new Date(wita('16:00').getTime() + 72 * 3_600_000 + 60_000))).toEqual({ ok: false, refusal: 'correctionClosed' });
  });

  it('shows a session at 08:00 WITA as 08.00 on the roll call page, and each mark’s time in WITA', async () => {
    const w = await attendanceCohort(handle.db, ids, { sessionStarts: [wita('08:00')], statuses: ['confirmed', 'confirmed'], timeZone: 'Asia/Makassar' });
    const sessionId = w.sessionIds[0]!;
    await expect(
      recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId, method: 'roll_call', marks: [{ id: randomUUID(), enrollmentId: w.enrollments[0]!, status: 'present' }] }, wita('06:59')),
    ).rejects.toThrow('attendance:refused.sessionNotOpen');
    await recordMarks(handle.db, staff, { cohortId: w.cohortId, sessionId, method: 'roll_call', marks: [{ id: randomUUID(), enrollmentId: w.enrollments[0]!, status: 'present' }] }, wita('07:45'));
    const response = await app.request(`/cohorts/${w.cohortId}/sessions/${sessionId}/attendance`, { cookie });
    expect(response.status).toBe(200);
    const html = (await response.text()).replaceAll('\u00a0', ' ');
    expect(html).toContain('Kamis, 10 Desember 2026, 08.00–16.00 WITA');
    expect(html).toContain('Hadir · presensi petugas · 07.45 WITA');
  });
});

describe('the roll call page without JavaScript', () => {
  it('pre-fills everyone present, saves all rows in one submit, and a second submit of the same page records nothing new', async () => {
    const now = Date.now();
    const w = await attendanceCohort(handle.db, ids, { sessionStarts: [new Date(now - 3_600_000)], statuses: ['confirmed', 'confirmed', 'waitlisted'] });
    const sessionId = w.sessionIds[0]!;
    const path = `/cohorts/${w.cohortId}/sessions/${sessionId}/attendance`;
    const page = await (await app.request(`${path}?prefill=present`, { cookie })).text();
    // Only the two confirmed participants are listed, both pre-checked present.
    expect(page.match(/checked="" value="present"/g)).toHaveLength(2);
    const markIds = [...page.matchAll(/name="marks\[(\d)\]\.id" value="([0-9a-f-]{36})"/g)].map((m) => m[2]!);
    const enrollmentIds = [...page.matchAll(/name="marks\[(\d)\]\.enrollmentId" value="([0-9a-f-]{36})"/g)].map((m) => m[2]!);
    expect(markIds).toHaveLength(2);
    const form = {
      'marks[0].id': markIds[0]!,
      'marks[0].enrollmentId': enrollmentIds[0]!,
      'marks[0].status': 'present',
      'marks[1].id': markIds[1]!,
      'marks[1].enrollmentId': enrollmentIds[1]!,
      'marks[1].status': 'late',
      'marks[1].note': 'Datang 08.20',
    };
    const saved = await app.postForm(path, form, cookie);
    expect(saved.status).toBe(302);
    expect(saved.headers.get('Location')).toBe(path);
    const counts = await attendanceCounts(handle.db, sessionId);
    expect(counts).toMatchObject({ attendance: 2, marks: 2 });
    expect(await handle.db.selectFrom('attendance').select(['status', 'note']).where('session_id', '=', sessionId).orderBy('status').execute()).toEqual([
      { status: 'late', note: 'Datang 08.20' },
      { status: 'present', note: null },
    ]);
    const again = await app.postForm(path, form, cookie);
    expect(again.status).toBe(302);
    expect(await attendanceCounts(handle.db, sessionId)).toEqual(counts);
  });

  it('answers a refusal with 400 and the message, nothing written', async () => {
    const w = await attendanceCohort(handle.db, ids, { sessionStarts: [new Date(Date.now() + 86_400_000)], statuses: ['confirmed'] });
    const sessionId = w.sessionIds[0]!;
    const response = await app.postForm(`/cohorts/${w.cohortId}/sessions/${sessionId}/attendance`, { 'marks[0].id': randomUUID(), 'marks[0].enrollmentId': w.enrollments[0]!, 'marks[0].status': 'present' }, cookie);
    expect(response.status).toBe(400);
    expect((await attendanceCounts(handle.db, sessionId)).marks).toBe(0);
  });

  it('takes a device’s queued marks as JSON, recognises their resend, and answers another Dinas with 404', async () => {
    const w = await attendanceCohort(handle.db, ids, { sessionStarts: [new Date(Date.now() - 3_600_000)], statuses: ['confirmed'] });
    const sessionId = w.sessionIds[0]!;
    const body = JSON.stringify({ marks: [{ id: randomUUID(), enrollmentId: w.enrollments[0]!, status: 'absent', markedAt: new Date(Date.now() - 60_000).toISOString() }] });
    const send = (c: string) => app.request(`/cohorts/${w.cohortId}/sessions/${sessionId}/attendance/marks`, { method: 'POST', body, cookie: c, headers: { 'Content-Type': 'application/json' } });
    const first = await send(cookie);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ applied: 1, duplicates: 0 });
    expect(await (await send(cookie)).json()).toMatchObject({ applied: 0, duplicates: 1 });
    const malang = await app.sessionCookie((await actorFor(handle.db, 'koordinator.malang@kompeten.test')).userId);
    expect((await send(malang)).status).toBe(404);
    expect((await attendanceCounts(handle.db, sessionId)).marks).toBe(1);
  });
});
