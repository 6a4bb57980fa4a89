import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { addDays } from '~/lib/dates';
import { cookiesFrom, createUser } from '../support/accounts-fixtures';
import { makePartner } from '../support/partners-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { cooperativeWithStaff, demoDatabase, enrollmentsOf, openCohort, outboxFor, today, type DemoIds } from '../support/cohorts-fixtures';

let handle: DatabaseHandle;
let app: TestApp;
let ids: DemoIds;
const cookies: Record<string, string> = {};

async function userId(email: string) {
  return (await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  for (const email of ['koordinator@kompeten.test', 'peserta@kompeten.test', 'lembaga@kompeten.test', 'koperasi@kompeten.test']) {
    cookies[email] = await app.sessionCookie(await userId(email));
  }
  const dinas = await handle.db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Koperasi Kabupaten Lain' }).returning('id').executeTakeFirstOrThrow();
  await createUser(handle.db, { email: 'koordinator@lain.test', roles: [{ role: 'coordinator', institutionId: dinas.id }] });
  cookies.other = await app.sessionCookie(await userId('koordinator@lain.test'));
});
afterAll(() => handle.close());

const coordinator = () => cookies['koordinator@kompeten.test']!;
const participant = () => cookies['peserta@kompeten.test']!;

function cohortForm(over: Record<string, string | string[]> = {}) {
  const startsOn = addDays(today(), 35);
  return {
    programId: ids.programId,
    name: 'Angkatan Rute 2026',
    startsOn,
    timeZone: 'Asia/Jakarta',
    venueName: 'Hotel Dafam Pekalongan',
    venueAddress: 'Jl. Urip Sumoharjo',
    capacity: '25',
    quotaPerCooperative: '2',
    registrationOpensAt: `${addDays(today(), -1)}T08:00`,
    registrationClosesAt: `${addDays(startsOn, -7)}T16:00`,
    trainingInstituteId: ids.instituteId,
    certificationBodyId: ids.lspId,
    assessorIds: ids.assessorIds,
    ...over,
  };
}

describe('programs through the forms', () => {
  it('a coordinator creates a program with units and days; the list shows it', async () => {
    const response = await app.postForm(
      '/programs/new',
      {
        code: 'KASIR-KSP',
        title: 'Pelatihan Kasir KSP',
        attendanceMinPercent: '100',
        targetPositions: 'Kasir',
        competencyValidityMonths: '36',
        certificateNumberPattern: '{program}/{kind}/{year}/{seq:4}',
        'units[0].code': 'KS.1',
        'units[0].title': 'Melayani transaksi tunai',
        'days[0].kind': 'training',
        'days[0].title': 'Kas dan teller',
        'days[0].startsAtTime': '08:00',
        'days[0].endsAtTime': '16:00',
        'days[1].kind': 'exam',
        'days[1].title': 'Uji kompetensi',
        'days[1].startsAtTime': '08:00',
        'days[1].endsAtTime': '12:00',
      },
      coordinator(),
    );
    expect(response.status).toBe(302);
    const location = response.headers.get('Location')!;
    expect(location).toMatch(/^\/programs\/[0-9a-f-]{36}$/);
    const page = await (await app.request(location, { cookie: coordinator() })).text();
    expect(page).toContain('Pelatihan Kasir KSP');
    expect(page).toContain('KS.1');
    expect(await (await app.request('/programs', { cookie: coordinator() })).text()).toContain('KASIR-KSP');
  });

  it('adds a unit row without JavaScript: the server answers with the longer list', async () => {
    const response = await app.postForm(
      '/programs/new',
      {
        code: 'X',
        title: 'Program',
        'units[0].code': 'A.1',
        'units[0].title': 'Satu',
        'days[0].kind': 'training',
        'days[0].title': 'Hari',
        'days[0].startsAtTime': '08:00',
        'days[0].endsAtTime': '16:00',
        __intent__: JSON.stringify({ type: 'insert', payload: { name: 'units', defaultValue: { code: '', title: '' } } }),
      },
      coordinator(),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="units[1].code"');
    expect(html).toContain('value="A.1"');
    expect(await handle.db.selectFrom('programs').select('id').where('code', '=', 'X').executeTakeFirst()).toBeUndefined();
  });

  it("another Dinas's coordinator gets 404 for the program", async () => {
    expect((await app.request(`/programs/${ids.programId}`, { cookie: cookies.other })).status).toBe(404);
    expect((await app.request(`/programs/${ids.programId}/edit`, { cookie: cookies.other })).status).toBe(404);
  });
});

describe('cohorts through the forms', () => {
  it('shows field messages for bad input, in Indonesian and English, and saves nothing', async () => {
    const before = (await handle.db.selectFrom('cohorts').select('id').execute()).length;
    const bad = cohortForm({ startsOn: addDays(today(), -2), capacity: '0', quotaPerCooperative: '3' });
    const html = await (await app.postForm('/cohorts/new', bad, coordinator())).text();
    expect(html).toContain('Kapasitas harus minimal 1 kursi.');
    const past = await (await app.postForm('/cohorts/new', cohortForm({ startsOn: addDays(today(), -2), registrationOpensAt: '', registrationClosesAt: '' }), coordinator())).text();
    expect(past).toContain('Tanggal tidak boleh di masa lalu.');
    const quota = await (await app.postForm('/cohorts/new', cohortForm({ quotaPerCooperative: '30' }), coordinator())).text();
    expect(quota).toContain('Kuota per koperasi tidak boleh melebihi kapasitas.');
    const switched = await app.postForm('/language', { lng: 'en', redirectTo: '/' });
    const english = await (
      await app.postForm(
        '/cohorts/new',
        cohortForm({ registrationClosesAt: `${addDays(today(), -1)}T08:00`, registrationOpensAt: `${addDays(today(), -5)}T08:00` }),
        `${coordinator()}; ${switched.headers.get('Set-Cookie')!.split(';')[0]}`,
      )
    ).text();
    expect(english).toContain('The registration closing time has already passed.');
    expect((await handle.db.selectFrom('cohorts').select('id').execute()).length).toBe(before);
  });

  it('creates a cohort at a hotel from the program, opens it, and shows it in the list and the calendar', async () => {
    const created = await app.postForm('/cohorts/new', cohortForm(), coordinator());
    expect(created.status).toBe(302);
    const manage = created.headers.get('Location')!;
    expect(manage).toMatch(/^\/cohorts\/[0-9a-f-]{36}\/manage$/);
    const cohortId = manage.split('/')[2]!;
    const page = await (await app.request(manage, { cookie: coordinator() })).text();
    expect(page).toContain('Angkatan Rute 2026');
    expect(page).toContain('Uji kompetensi');
    expect(page).toMatch(/08\.00.16\.00 WIB/);
    const opened = await app.postForm(manage, { intent: 'transition', to: 'open' }, coordinator());
    expect(opened.status).toBe(302);
    expect((await handle.db.selectFrom('cohorts').select('status').where('id', '=', cohortId).executeTakeFirstOrThrow()).status).toBe('open');
    const list = await (await app.request('/cohorts?period=upcoming', { cookie: coordinator() })).text();
    expect(list).toContain('Angkatan Rute 2026');
    const calendar = await (await app.request(`/cohorts/calendar?month=${addDays(today(), 35).slice(0, 7)}`, { cookie: coordinator() })).text();
    expect(calendar).toContain('Angkatan Rute 2026');
  });

  it('a blocked transition answers 409 with its reason beside the buttons', async () => {
    const response = await app.postForm(`/cohorts/${ids.openCohortId}/manage`, { intent: 'transition', to: 'in_progress' }, coordinator());
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('Sesi pertama belum tiba.');
  });

  it('offers the sessions as an .ics download in the cohort zone', async () => {
    const response = await app.request(`/cohorts/${ids.openCohortId}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/calendar');
    expect(response.headers.get('Content-Disposition')).toMatch(/attachment; filename="angkatan-ii-\d{4}\.ics"/);
    const body = await response.text();
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(body).toMatch(/DTSTART;TZID=Asia\/Jakarta:\d{8}T080000/);
    expect((await app.request(`/cohorts/${ids.draftCohortId}/calendar.ics`)).status).toBe(404);
  });
});

describe('registration through the pages', () => {
  it('a participant registers in one step and sees it under "Pelatihan saya"', async () => {
    const page = await (await app.request(`/cohorts/${ids.openCohortId}`, { cookie: participant() })).text();
    expect(page).toContain('Daftar sekarang');
    const response = await app.postForm(`/cohorts/${ids.openCohortId}/register`, { intent: 'register', redirectTo: `/cohorts/${ids.openCohortId}` }, participant());
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/cohorts/${ids.openCohortId}`);
    const person = await handle.db.selectFrom('users').select('person_id').where('email', '=', 'peserta@kompeten.test').executeTakeFirstOrThrow();
    const rows = await enrollmentsOf(handle.db, ids.openCohortId);
    expect(rows.map((r) => [r.person_id, r.status])).toEqual([[person.person_id, 'confirmed']]);
    expect((await outboxFor(handle.db, { to: 'peserta@kompeten.test' })).map((m) => m.template)).toEqual(['enrollment-confirmed']);
    const mine = await (await app.request('/my/cohorts', { cookie: participant() })).text();
    expect(mine).toContain('Angkatan II');
    expect(mine).toContain('Terkonfirmasi');
    expect(mine).toContain('Hotel Dafam Pekalongan');
    const again = await (await app.request(`/cohorts/${ids.openCohortId}`, { cookie: participant() })).text();
    expect(again).toContain('Status pendaftaran Anda: Terkonfirmasi');
    expect(again).toContain('Batalkan pendaftaran saya');
  });

  it('a participant cannot register another person: extra fields are ignored', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const other = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan']);
    await app.postForm(`/cohorts/${cohortId}/register`, { intent: 'register', personId: other.personIds[0]!, redirectTo: '/my/cohorts' }, participant());
    const rows = await enrollmentsOf(handle.db, cohortId);
    expect(rows.map((r) => r.person_id)).not.toContain(other.personIds[0]);
    const add = await app.postForm(`/cohorts/${cohortId}/participants`, { intent: 'add', person: other.personIds[0]! }, participant());
    expect(add.status).toBe(404);
    expect((await app.request(`/cohorts/${cohortId}/manage`, { cookie: participant() })).status).toBe(404);
    expect((await enrollmentsOf(handle.db, cohortId)).map((r) => r.person_id)).not.toContain(other.personIds[0]);
  });

  it("another Dinas's coordinator gets 404 on the cohort's pages and actions", async () => {
    for (const path of ['manage', 'participants', 'edit']) {
      expect((await app.request(`/cohorts/${ids.openCohortId}/${path}`, { cookie: cookies.other })).status).toBe(404);
    }
    expect((await app.postForm(`/cohorts/${ids.openCohortId}/manage`, { intent: 'transition', to: 'closed' }, cookies.other)).status).toBe(404);
    expect((await app.request('/cohorts', { cookie: cookies.other })).status).toBe(200);
    expect(await (await app.request('/cohorts?period=all', { cookie: cookies.other })).text()).not.toContain('Angkatan II');
  });

  it('the coordinator approves pending registrations in bulk from the participants page', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 1, requiresApproval: true });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan']);
    await createUser(handle.db, { email: 'admin.rute@contoh.test', roles: [{ role: 'cooperative_admin', cooperativeId: coop.cooperativeId }] });
    const admin = await app.sessionCookie(await userId('admin.rute@contoh.test'));
    const nominated = await app.postForm(`/cohorts/${cohortId}/nominate`, { person: coop.personIds }, admin);
    expect(nominated.status).toBe(302);
    const pending = await enrollmentsOf(handle.db, cohortId);
    expect(pending.map((r) => r.status)).toEqual(['pending', 'pending']);
    const list = await (await app.request(`/cohorts/${cohortId}/participants?status=pending`, { cookie: coordinator() })).text();
    expect(list).toContain('Setujui yang dipilih');
    const approved = await app.postForm(`/cohorts/${cohortId}/participants`, { intent: 'approve', enrollment: pending.map((r) => r.id) }, coordinator());
    expect(approved.status).toBe(302);
    expect((await enrollmentsOf(handle.db, cohortId)).map((r) => r.status)).toEqual(['confirmed', 'waitlisted']);
    // Approval stays one tap (it only gives a pending registration its seat or place in line);
    // the toast says how to undo a mistaken one.
    const shown = await (await app.request(approved.headers.get('Location')!, { cookie: cookiesFrom(approved, coordinator()) })).text();
    expect(shown).toContain('1 terkonfirmasi, 1 masuk daftar tunggu. Salah setujui?');
    // Cancelling the confirmed one promotes the waiting one.
    const cancelled = await app.postForm(`/cohorts/${cohortId}/participants`, { intent: 'confirm-cancel', enrollment: pending[0]!.id, reason: 'Berhalangan' }, coordinator());
    expect(cancelled.status).toBe(302);
    expect((await enrollmentsOf(handle.db, cohortId)).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
  });

  it('a cooperative admin finds published cohorts in the list and nominates from the cohort page', async () => {
    const admin = cookies['koperasi@kompeten.test']!;
    const list = await (await app.request('/cohorts?period=all', { cookie: admin })).text();
    expect(list).toContain(`href="/cohorts/${ids.openCohortId}"`);
    expect(list).not.toContain('Angkatan III');
    const page = await (await app.request(`/cohorts/${ids.openCohortId}`, { cookie: admin })).text();
    expect(page).toContain('Nominasikan staf koperasi');
    const nominate = await (await app.request(`/cohorts/${ids.openCohortId}/nominate`, { cookie: admin })).text();
    expect(nominate).toContain('Nominasikan yang dipilih');
    expect(nominate).toMatch(/3375\*{8}\d{4}/);
    const participantList = await app.request('/cohorts', { cookie: participant(), redirect: 'manual' });
    expect(participantList.status).toBe(302);
    expect(participantList.headers.get('Location')).toBe('/my/cohorts');
  });

  it('institute staff see their cohorts read-only, with NIKs masked', async () => {
    const list = await (await app.request('/cohorts?period=all', { cookie: cookies['lembaga@kompeten.test'] })).text();
    expect(list).toContain('Angkatan I');
    expect(list).not.toContain('Angkatan III');
    const page = await (await app.request(`/cohorts/${ids.completedCohortId}/manage`, { cookie: cookies['lembaga@kompeten.test'] })).text();
    expect(page).toContain('Anda melihat angkatan ini sebagai mitra');
    expect(page).not.toContain('Batalkan angkatan');
    const participants = await (await app.request(`/cohorts/${ids.completedCohortId}/participants`, { cookie: cookies['lembaga@kompeten.test'] })).text();
    expect(participants).toMatch(/3375\*{8}\d{4}/);
    expect(participants).not.toContain('Setujui yang dipilih');
    const full = await (await app.request(`/cohorts/${ids.completedCohortId}/participants`, { cookie: coordinator() })).text();
    expect(full).toMatch(/<code>3375\d{12}<\/code>/);
  });

  it('offers a list filter only when the user sees more than one value for it', async () => {
    // The Dinas works with a second institute: its coordinator sees cohorts of two.
    const second = await handle.db.insertInto('institutions').values({ kind: 'training_institute', name: 'Lembaga Diklat Kedua' }).returning('id').executeTakeFirstOrThrow();
    await makePartner(handle.db, ids.dinasId, second.id);
    await handle.db.updateTable('cohorts').set({ training_institute_id: second.id }).where('id', '=', ids.draftCohortId).execute();

    const staff = await (await app.request('/cohorts?period=all', { cookie: cookies['lembaga@kompeten.test'] })).text();
    expect(staff).toContain('Angkatan I');
    expect(staff).not.toContain('id="filter-institute"');
    expect(staff).not.toContain('Lembaga Diklat Kedua');

    const list = await (await app.request('/cohorts?period=all', { cookie: coordinator() })).text();
    expect(list).toContain('id="filter-institute"');
    expect(list).toContain('>Lembaga Diklat Kedua</option>');
    expect(list).toContain('id="filter-status"');
    // The status filter lists only statuses the coordinator's cohorts have.
    const statuses = await handle.db.selectFrom('cohorts').select('status').distinct().where('dinas_id', '=', ids.dinasId).execute();
    const offered = [...list.matchAll(/<option value="(draft|open|closed|in_progress|completed|cancelled)"/g)].map((m) => m[1]).sort();
    expect(offered).toEqual(statuses.map((s) => s.status).sort());
  });
});

describe('forms answer bad input with 400 and save nothing', () => {
  it('the program forms', async () => {
    const created = await app.postForm('/programs/new', { code: 'BAD', title: '' }, coordinator());
    expect(created.status).toBe(400);
    expect(await handle.db.selectFrom('programs').select('id').where('code', '=', 'BAD').executeTakeFirst()).toBeUndefined();
    const edited = await app.postForm(`/programs/${ids.programId}/edit`, { code: 'KABAG-PMB', title: '' }, coordinator());
    expect(edited.status).toBe(400);
    expect(await edited.text()).toContain('Isi judul program (minimal 3 huruf).');
  });

  it('the cohort forms', async () => {
    const created = await app.postForm('/cohorts/new', cohortForm({ capacity: '0' }), coordinator());
    expect(created.status).toBe(400);
    const edited = await app.postForm(`/cohorts/${ids.draftCohortId}/edit`, cohortForm({ capacity: '0' }), coordinator());
    expect(edited.status).toBe(400);
    expect(await edited.text()).toContain('Kapasitas harus minimal 1 kursi.');
  });

  it('the session forms', async () => {
    const session = { kind: 'training', title: '', date: addDays(today(), 40), startsAtTime: '08:00', endsAtTime: '12:00' };
    const added = await app.postForm(`/cohorts/${ids.draftCohortId}/sessions/new`, session, coordinator());
    expect(added.status).toBe(400);
    expect(await added.text()).toContain('Isi judul sesi.');
    const first = await handle.db.selectFrom('cohort_sessions').select('id').where('cohort_id', '=', ids.draftCohortId).orderBy('position').executeTakeFirstOrThrow();
    const saved = await app.postForm(`/cohorts/${ids.draftCohortId}/sessions/${first.id}`, { intent: 'save', ...session }, coordinator());
    expect(saved.status).toBe(400);
  });

  it('cancelling a cohort without a reason', async () => {
    const response = await app.postForm(`/cohorts/${ids.draftCohortId}/manage`, { intent: 'cancel', reason: '' }, coordinator());
    expect(response.status).toBe(400);
    expect((await handle.db.selectFrom('cohorts').select('status').where('id', '=', ids.draftCohortId).executeTakeFirstOrThrow()).status).toBe('draft');
  });

  it('nominating nobody', async () => {
    const response = await app.postForm(`/cohorts/${ids.openCohortId}/nominate`, {}, cookies['koperasi@kompeten.test']!);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Pilih minimal satu');
  });
});
