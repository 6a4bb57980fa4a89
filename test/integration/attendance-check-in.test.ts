import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollmentStatus } from '~db/schema';
import { CODE_GUESSES } from '~/domain/attendance/check-in.server';
import { issueCheckInCredential } from '~/domain/attendance/check-in-token.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { createUser, userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { cooperativeWithStaff, demoDatabase, participantFor, today, type DemoIds } from '../support/cohorts-fixtures';

/**
 * Issue #12 part 2, self check-in by QR: through the app as a browser without JavaScript
 * would use it, with sessions placed around the server's "now" (the window is decided by
 * the server's clock, so the fixtures move the sessions, not the clock).
 */

let handle: DatabaseHandle;
let app: TestApp;
let ids: DemoIds;
const MINUTE = 60_000;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  await handle.db.updateTable('programs').set({ late_grace_minutes: 15, check_in_opens_minutes: 60 }).where('id', '=', ids.programId).execute();
});
afterAll(() => handle.close());

let serial = 0;

/** A running cohort of the demo Dinas (its LDP teaching) with sessions at the given offsets from now, in minutes. */
async function runningCohort(sessions: { startsIn: number; lasts?: number }[], status: 'in_progress' | 'cancelled' = 'in_progress') {
  const cohort = await handle.db
    .insertInto('cohorts')
    .values({
      program_id: ids.programId,
      dinas_id: ids.dinasId,
      name: `Angkatan Hadir ${++serial}`,
      status,
      cancel_reason: status === 'cancelled' ? 'Dibatalkan untuk uji check-in' : null,
      venue_name: 'Hotel Uji',
      time_zone: 'Asia/Makassar',
      capacity: 30,
      starts_on: today(),
      ends_on: today(),
      training_institute_id: ids.instituteId,
      certification_body_id: ids.lspId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessionIds: string[] = [];
  for (const [index, s] of sessions.entries()) {
    const startsAt = new Date(Date.now() + s.startsIn * MINUTE);
    const row = await handle.db
      .insertInto('cohort_sessions')
      .values({ cohort_id: cohort.id, position: index + 1, kind: 'training', title: `Sesi Hadir ${index + 1}`, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + (s.lasts ?? 240) * MINUTE) })
      .returning('id')
      .executeTakeFirstOrThrow();
    sessionIds.push(row.id);
  }
  return { cohortId: cohort.id, sessionIds };
}

/** A participant with an account and a registration of the given status in the cohort (or none). */
async function participant(cohortId: string, status: EnrollmentStatus | null = 'confirmed') {
  const { cooperativeId, personIds } = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan']);
  const actor = await participantFor(handle.db, personIds[0]!);
  let enrollmentId: string | null = null;
  if (status) {
    enrollmentId = (
      await handle.db
        .insertInto('enrollments')
        .values({ cohort_id: cohortId, person_id: personIds[0]!, cooperative_id: cooperativeId, status, source: 'coordinator' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  return { userId: actor.userId, personId: personIds[0]!, enrollmentId, cookie: await app.sessionCookie(actor.userId) };
}

async function written(enrollmentId: string | null, personId?: string) {
  const enrollment = enrollmentId ?? (await handle.db.selectFrom('enrollments').select('id').where('person_id', '=', personId!).executeTakeFirst())?.id ?? '00000000-0000-0000-0000-000000000000';
  const attendance = await handle.db.selectFrom('attendance').selectAll().where('enrollment_id', '=', enrollment).execute();
  const marks = await handle.db.selectFrom('attendance_marks').selectAll().where('enrollment_id', '=', enrollment).execute();
  const audits = await handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'attendance.checkIn').where('entity_id', '=', enrollment).execute();
  return { attendance, marks, audits };
}

const scan = (token: string, cookie?: string) => app.request(`/hadir?${new URLSearchParams({ t: token })}`, { cookie, redirect: 'manual' });

describe('the projector', () => {
  it('shows the coordinator and the LDP staff a vector QR of the check-in address and the short code; JSON renews it', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 10 }]);
    for (const email of ['koordinator@kompeten.test', 'lembaga@kompeten.test']) {
      const cookie = await app.sessionCookie(await userIdByEmail(handle.db, email));
      // The code turns over every few seconds: the page shows the one of the moment it was
      // rendered, somewhere between these two.
      const codeBefore = issueCheckInCredential(sessionIds[0]!).code;
      const response = await app.request(`/cohorts/${cohortId}/sessions/${sessionIds[0]}/projector`, { cookie });
      expect(response.status, email).toBe(200);
      const html = await response.text();
      expect(html).toMatch(/<svg class="projector-qr" viewBox="0 0 (\d+) \1"/);
      expect(html).toMatch(/<path d="M\d+ \d+h\d+v1h-\d+z/);
      const url = /data-url="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
      expect(url).toMatch(/^http:\/\/localhost:\d+\/hadir\?t=[A-Za-z0-9_-]{22}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
      const codeAfter = issueCheckInCredential(sessionIds[0]!).code;
      const shown = [codeBefore, codeAfter].filter((code) => html.includes(`${code.slice(0, 3)} ${code.slice(3)}`));
      expect(shown.length, `the page shows ${codeBefore} or ${codeAfter}`).toBeGreaterThan(0);
      expect(html).toContain('Sesi Hadir 1');
      // Without JavaScript the page reloads itself when the code changes.
      expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="\d+"><\/noscript>/);
      const json = await app.request(`/cohorts/${cohortId}/sessions/${sessionIds[0]}/projector.json`, { cookie });
      expect(json.status).toBe(200);
      expect(json.headers.get('Cache-Control')).toBe('no-store');
      const body = (await json.json()) as { url: string; code: string; secondsLeft: number; qr: { path: string } };
      expect(body.url).toContain('/hadir?t=');
      expect(body.secondsLeft).toBeGreaterThan(0);
      expect(body.secondsLeft).toBeLessThanOrEqual(30);
    }
  });

  it("is not found for another Dinas's coordinator, another institute's staff, a participant and a session of another cohort", async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 10 }]);
    const other = await runningCohort([{ startsIn: 10 }]);
    const dinas = await handle.db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Koperasi Kabupaten Seberang' }).returning('id').executeTakeFirstOrThrow();
    const institute = await handle.db.insertInto('institutions').values({ kind: 'training_institute', name: 'LDP Lain' }).returning('id').executeTakeFirstOrThrow();
    const strangers = [
      await createUser(handle.db, { email: 'koordinator@seberang-hadir.test', roles: [{ role: 'coordinator', institutionId: dinas.id }] }),
      await createUser(handle.db, { email: 'staf@ldp-lain.test', roles: [{ role: 'institute_staff', institutionId: institute.id }] }),
      await userIdByEmail(handle.db, 'peserta@kompeten.test'),
    ];
    for (const userId of strangers) {
      const cookie = await app.sessionCookie(userId);
      expect((await app.request(`/cohorts/${cohortId}/sessions/${sessionIds[0]}/projector`, { cookie })).status).toBe(404);
      expect((await app.request(`/cohorts/${cohortId}/sessions/${sessionIds[0]}/projector.json`, { cookie })).status).toBe(404);
    }
    const coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    expect((await app.request(`/cohorts/${cohortId}/sessions/${other.sessionIds[0]}/projector`, { cookie: coordinator })).status).toBe(404);
  });

  it('is linked from the cohort management page for whoever takes attendance', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 10 }]);
    const cookie = await app.sessionCookie(await userIdByEmail(handle.db, 'lembaga@kompeten.test'));
    const html = await (await app.request(`/cohorts/${cohortId}/manage`, { cookie })).text();
    expect(html).toContain(`href="/cohorts/${cohortId}/sessions/${sessionIds[0]}/projector"`);
    expect(html).toContain('Tayangkan QR');
  });
});

describe('checking in by scanning', () => {
  it('marks a confirmed participant present by QR, at the server time, audited, and shows it', async () => {
    const { sessionIds } = await runningCohort([{ startsIn: 20 }]);
    const cohortId = (await handle.db.selectFrom('cohort_sessions').select('cohort_id').where('id', '=', sessionIds[0]!).executeTakeFirstOrThrow()).cohort_id;
    const me = await participant(cohortId);
    const before = Date.now();
    const response = await scan(issueCheckInCredential(sessionIds[0]!).token, me.cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/hadir?sesi=${sessionIds[0]}`);
    const { attendance, marks, audits } = await written(me.enrollmentId);
    expect(attendance).toHaveLength(1);
    expect(attendance[0]).toMatchObject({ session_id: sessionIds[0], status: 'present', method: 'qr', recorded_by_user_id: me.userId });
    expect(attendance[0]!.marked_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(attendance[0]!.marked_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ status: 'present', method: 'qr', recorded_by_user_id: me.userId });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor_user_id).toBe(me.userId);

    const page = await (await app.request(response.headers.get('Location')!, { cookie: me.cookie })).text();
    expect(page).toContain('Kehadiran tercatat');
    expect(page).toMatch(/hadir pukul \d{2}\.\d{2} WITA/);
    expect(page).toContain('Pindai kode QR');
  });

  it('after start + the grace period the check-in is late', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: -20 }]);
    const me = await participant(cohortId);
    expect((await scan(issueCheckInCredential(sessionIds[0]!).token, me.cookie)).status).toBe(302);
    const { attendance } = await written(me.enrollmentId);
    expect(attendance[0]).toMatchObject({ status: 'late', method: 'qr' });
    const page = await (await app.request(`/hadir?sesi=${sessionIds[0]}`, { cookie: me.cookie })).text();
    expect(page).toContain('hadir terlambat pukul');
  });

  it('a second check-in says "sudah tercatat" with the first time and changes nothing', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 5 }]);
    const me = await participant(cohortId);
    await scan(issueCheckInCredential(sessionIds[0]!).token, me.cookie);
    const first = await written(me.enrollmentId);
    const again = await scan(issueCheckInCredential(sessionIds[0]!).token, me.cookie);
    expect(again.headers.get('Location')).toBe(`/hadir?sesi=${sessionIds[0]}&sudah=1`);
    const page = await (await app.request(again.headers.get('Location')!, { cookie: me.cookie })).text();
    expect(page).toContain('Anda sudah tercatat sebelumnya: hadir pukul');
    const second = await written(me.enrollmentId);
    expect(second.attendance).toEqual(first.attendance);
    expect(second.marks).toHaveLength(1);
    expect(second.audits).toHaveLength(1);
  });

  it('a participant marked absent earlier who then arrives and scans is marked by the newer check-in', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: -30 }]);
    const me = await participant(cohortId);
    await handle.db
      .insertInto('attendance')
      .values({ enrollment_id: me.enrollmentId!, session_id: sessionIds[0]!, status: 'absent', method: 'roll_call', marked_at: new Date(Date.now() - 10 * MINUTE) })
      .execute();
    expect((await scan(issueCheckInCredential(sessionIds[0]!).token, me.cookie)).status).toBe(302);
    const { attendance, audits } = await written(me.enrollmentId);
    expect(attendance[0]).toMatchObject({ status: 'late', method: 'qr' });
    expect(JSON.parse(JSON.stringify(audits[0]!.before))).toMatchObject({ status: 'absent' });
  });

  it('someone not signed in is sent to sign in and back to the same token', async () => {
    const { sessionIds } = await runningCohort([{ startsIn: 5 }]);
    const { token } = issueCheckInCredential(sessionIds[0]!);
    const response = await scan(token);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('Location')!, 'http://localhost');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('redirectTo')).toBe(`/hadir?t=${token}`);
  });
});

describe('refused check-ins write nothing', () => {
  async function refusedScan(token: string, cookie: string, message: RegExp) {
    const response = await scan(token, cookie);
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toMatch(message);
    // The page offers the short code instead.
    expect(html).toContain('name="code"');
  }

  it('before the window opens, after the session ended, and for a session of another day', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 90 }, { startsIn: -300, lasts: 240 }, { startsIn: 24 * 60 }]);
    const me = await participant(cohortId);
    const [early, ended, tomorrow] = sessionIds;
    await refusedScan(issueCheckInCredential(early!).token, me.cookie, /belum dibuka\. Check-in dibuka \d+ \S+ \d{4}, \d{2}\.\d{2} WITA/);
    await refusedScan(issueCheckInCredential(ended!).token, me.cookie, /sudah berakhir pukul \d{2}\.\d{2} WITA/);
    await refusedScan(issueCheckInCredential(tomorrow!).token, me.cookie, /belum dibuka/);
    const { attendance, marks, audits } = await written(me.enrollmentId);
    expect([attendance.length, marks.length, audits.length]).toEqual([0, 0, 0]);
  });

  it('one hour before start it is open (the program says 60 minutes)', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 59 }]);
    const me = await participant(cohortId);
    expect((await scan(issueCheckInCredential(sessionIds[0]!).token, me.cookie)).status).toBe(302);
    expect((await written(me.enrollmentId)).attendance[0]).toMatchObject({ status: 'present' });
  });

  it('for someone not registered, waitlisted, pending or cancelled in the cohort', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 5 }]);
    const token = issueCheckInCredential(sessionIds[0]!).token;
    const cases: [EnrollmentStatus | null, RegExp][] = [
      [null, /tidak terdaftar di angkatan/],
      ['waitlisted', /daftar tunggu/],
      ['pending', /menunggu persetujuan/],
      ['cancelled', /sudah dibatalkan/],
    ];
    for (const [status, message] of cases) {
      const someone = await participant(cohortId, status);
      await refusedScan(token, someone.cookie, message);
      const { attendance, marks, audits } = await written(someone.enrollmentId, someone.personId);
      expect([attendance.length, marks.length, audits.length], String(status)).toEqual([0, 0, 0]);
    }
    // A coordinator's account is nobody's registration.
    const coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    await refusedScan(token, coordinator, /tidak terhubung dengan data peserta/);
  });

  it('for a cancelled cohort', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 5 }], 'cancelled');
    const me = await participant(cohortId);
    await refusedScan(issueCheckInCredential(sessionIds[0]!).token, me.cookie, /tidak sedang berjalan/);
    expect((await written(me.enrollmentId)).attendance).toHaveLength(0);
  });

  it('a replayed older token, a forged one and junk', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 5 }]);
    const me = await participant(cohortId);
    const old = issueCheckInCredential(sessionIds[0]!, new Date(Date.now() - 61_000)).token;
    await refusedScan(old, me.cookie, /sudah kedaluwarsa/);
    const [id, step] = issueCheckInCredential(sessionIds[0]!).token.split('.');
    await refusedScan(`${id}.${step}.${'A'.repeat(22)}`, me.cookie, /tidak sah/);
    await refusedScan('bukan-token', me.cookie, /tidak lengkap atau rusak/);
    const { attendance, marks, audits } = await written(me.enrollmentId);
    expect([attendance.length, marks.length, audits.length]).toEqual([0, 0, 0]);
  });

  it("a token of one session never marks another: the other cohort's participant is not registered there", async () => {
    const mine = await runningCohort([{ startsIn: 5 }]);
    const theirs = await runningCohort([{ startsIn: 5 }]);
    const me = await participant(mine.cohortId);
    await refusedScan(issueCheckInCredential(theirs.sessionIds[0]!).token, me.cookie, /tidak terdaftar/);
    expect((await written(me.enrollmentId)).attendance).toHaveLength(0);
  });
});

describe('checking in by typing the code', () => {
  it('the short code shown on the projector marks the participant present with method "code"', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 5 }]);
    const me = await participant(cohortId);
    const { code } = issueCheckInCredential(sessionIds[0]!);
    const response = await app.postForm('/hadir', { code: `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}` }, me.cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/hadir?sesi=${sessionIds[0]}`);
    const { attendance, marks } = await written(me.enrollmentId);
    expect(attendance[0]).toMatchObject({ status: 'present', method: 'code' });
    expect(marks[0]).toMatchObject({ method: 'code' });
  });

  it('a code of a session that is not open is not recognised; nothing written', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 120 }]);
    const me = await participant(cohortId);
    const response = await app.postForm('/hadir', { code: issueCheckInCredential(sessionIds[0]!).code }, me.cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Kode tidak dikenali');
    expect((await written(me.enrollmentId)).attendance).toHaveLength(0);
  });

  it('an empty code is a field error; wrong codes are limited per account', async () => {
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 5 }]);
    const me = await participant(cohortId);
    const empty = await app.postForm('/hadir', { code: '' }, me.cookie);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Ketik kode yang tampil di layar.');
    for (let i = 0; i < CODE_GUESSES.perAccount.limit; i++) {
      expect((await app.postForm('/hadir', { code: 'ZZZZZZ' }, me.cookie)).status).toBe(400);
    }
    // Even the right code waits now: guessing has stopped paying.
    const limited = await app.postForm('/hadir', { code: issueCheckInCredential(sessionIds[0]!).code }, me.cookie);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Terlalu banyak kode salah');
    expect((await written(me.enrollmentId)).attendance).toHaveLength(0);
    // Another participant in the same hall is not held up by it.
    const neighbour = await participant(cohortId);
    expect((await app.postForm('/hadir', { code: issueCheckInCredential(sessionIds[0]!).code }, neighbour.cookie)).status).toBe(302);
  });

  it('the code form is there for a signed-in participant at /hadir', async () => {
    const { cohortId } = await runningCohort([{ startsIn: 5 }]);
    const me = await participant(cohortId);
    const html = await (await app.request('/hadir', { cookie: me.cookie })).text();
    expect(html).toMatch(/<form method="post" action="\/hadir"/);
    expect(html).toContain('<label for=');
    expect(html).toContain('Kode di layar');
  });
});

describe('the server clock and zone', () => {
  let zone: string | undefined;
  beforeAll(() => {
    zone = process.env.TZ;
    // A server far from Indonesia: the window and the times shown must not move.
    process.env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    process.env.TZ = zone;
  });

  it('on a server in Los Angeles the window is the same and the time is shown in WITA', async () => {
    expect(new Date(Date.UTC(2026, 0, 1, 12)).getHours()).toBe(4);
    const { cohortId, sessionIds } = await runningCohort([{ startsIn: 61 }, { startsIn: 30 }]);
    const me = await participant(cohortId);
    expect((await scan(issueCheckInCredential(sessionIds[0]!).token, me.cookie)).status).toBe(409);
    expect((await scan(issueCheckInCredential(sessionIds[1]!).token, me.cookie)).status).toBe(302);
    const [mark] = (await written(me.enrollmentId)).attendance;
    const wita = new Date(mark!.marked_at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16).replace(':', '.');
    const page = await (await app.request(`/hadir?sesi=${sessionIds[1]}`, { cookie: me.cookie })).text();
    expect(page).toContain(`hadir pukul ${wita} WITA`);
  });
});
