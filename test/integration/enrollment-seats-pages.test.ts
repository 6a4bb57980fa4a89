import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { cooperativeWithStaff, demoDatabase, enrollmentsOf, openCohort, outboxFor, type DemoIds } from '../support/cohorts-fixtures';

/** Issue #11, "One tap must not lose a seat": confirmations, reasons, places in line, people without e-mail. */

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
  for (const email of ['koordinator@kompeten.test', 'peserta@kompeten.test', 'lembaga@kompeten.test']) {
    cookies[email] = await app.sessionCookie(await userId(email));
  }
  const dinas = await handle.db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Koperasi Kabupaten Seberang' }).returning('id').executeTakeFirstOrThrow();
  await createUser(handle.db, { email: 'koordinator@seberang.test', roles: [{ role: 'coordinator', institutionId: dinas.id }] });
  cookies.other = await app.sessionCookie(await userId('koordinator@seberang.test'));
});
afterAll(() => handle.close());

const coordinator = () => cookies['koordinator@kompeten.test']!;
const participant = () => cookies['peserta@kompeten.test']!;
const page = async (path: string, cookie?: string) => {
  const response = await app.request(path, { cookie });
  return { status: response.status, html: await response.text() };
};
async function statusOf(enrollmentId: string) {
  return (await handle.db.selectFrom('enrollments').select(['status', 'reason']).where('id', '=', enrollmentId).executeTakeFirstOrThrow());
}
async function addPeople(cohortId: string, personIds: string[]) {
  const added = await app.postForm(`/cohorts/${cohortId}/participants`, { intent: 'add', person: personIds }, coordinator());
  expect(added.status).toBe(302);
  return enrollmentsOf(handle.db, cohortId);
}

describe("a participant's withdrawal asks first", () => {
  it('"Batalkan pendaftaran saya" leads to a page naming them and the cohort; only its button withdraws', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    expect((await app.postForm(`/cohorts/${cohortId}/register`, { intent: 'register', redirectTo: `/cohorts/${cohortId}` }, participant())).status).toBe(302);
    const [mine] = await enrollmentsOf(handle.db, cohortId);
    expect(mine!.status).toBe('confirmed');

    const cohortPage = (await page(`/cohorts/${cohortId}`, participant())).html;
    expect(cohortPage).toMatch(/<form method="get" action="\/cohorts\/[0-9a-f-]+\/register"/);
    expect(cohortPage).toContain('name="confirm" value="withdraw"');

    // The old one-tap post only leads to the confirmation.
    const tap = await app.postForm(`/cohorts/${cohortId}/register`, { intent: 'withdraw', redirectTo: `/cohorts/${cohortId}` }, participant());
    expect(tap.status).toBe(302);
    expect(tap.headers.get('Location')).toMatch(new RegExp(`^/cohorts/${cohortId}/register\\?confirm=withdraw`));
    expect((await statusOf(mine!.id)).status).toBe('confirmed');

    const confirm = await page(tap.headers.get('Location')!, participant());
    expect(confirm.status).toBe(200);
    const person = await handle.db
      .selectFrom('users as u')
      .innerJoin('people as p', 'p.id', 'u.person_id')
      .select('p.full_name')
      .where('u.email', '=', 'peserta@kompeten.test')
      .executeTakeFirstOrThrow();
    const cohort = await handle.db.selectFrom('cohorts').select('name').where('id', '=', cohortId).executeTakeFirstOrThrow();
    expect(confirm.html).toContain(person.full_name);
    expect(confirm.html).toContain(cohort.name);
    expect(confirm.html).toContain('Ya, batalkan pendaftaran saya');
    expect(confirm.html).toContain('name="intent" value="confirm-withdraw"');

    const done = await app.postForm(`/cohorts/${cohortId}/register`, { intent: 'confirm-withdraw', redirectTo: `/cohorts/${cohortId}` }, participant());
    expect(done.status).toBe(302);
    expect(done.headers.get('Location')).toBe(`/cohorts/${cohortId}`);
    expect((await statusOf(mine!.id)).status).toBe('cancelled');
    // Nothing left to withdraw: the confirmation page is gone.
    expect((await page(`/cohorts/${cohortId}/register?confirm=withdraw`, participant())).status).toBe(404);
  });
});

describe("the coordinator's rejections and withdrawals ask first, with the reason beside them", () => {
  it('"Tolak" leads to a confirmation with a required reason; the person is told that reason', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 1 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan']);
    const rows = await addPeople(cohortId, coop.personIds);
    const waiting = rows.find((r) => r.status === 'waitlisted')!;
    const waitingPerson = await handle.db.selectFrom('people').select(['full_name', 'email']).where('id', '=', waiting.person_id).executeTakeFirstOrThrow();

    const list = (await page(`/cohorts/${cohortId}/participants`, coordinator())).html;
    expect(list).not.toMatch(/<textarea[^>]*name="reason"/);
    expect(list).toContain(`href="/cohorts/${cohortId}/participants?confirm=reject&amp;enrollment=${waiting.id}"`);

    const tap = await app.postForm(`/cohorts/${cohortId}/participants`, { intent: `reject:${waiting.id}` }, coordinator());
    expect(tap.status).toBe(302);
    expect(tap.headers.get('Location')).toBe(`/cohorts/${cohortId}/participants?confirm=reject&enrollment=${waiting.id}`);
    expect((await statusOf(waiting.id)).status).toBe('waitlisted');

    const confirm = (await page(tap.headers.get('Location')!, coordinator())).html;
    expect(confirm).toContain(waitingPerson.full_name);
    expect(confirm).toContain('Alasan penolakan (wajib)');
    expect(confirm).toMatch(/<textarea[^>]*name="reason"/);
    expect(confirm).toContain('Ya, tolak pendaftaran');

    const confirmUrl = tap.headers.get('Location')!;
    const empty = await app.postForm(confirmUrl, { intent: 'confirm-reject', enrollment: waiting.id, reason: '   ' }, coordinator());
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Tuliskan alasan penolakan');
    expect((await statusOf(waiting.id)).status).toBe('waitlisted');
    expect(await outboxFor(handle.db, { to: waitingPerson.email!, template: 'enrollment-rejected' })).toEqual([]);

    const done = await app.postForm(confirmUrl, { intent: 'confirm-reject', enrollment: waiting.id, reason: 'Kuota Dinas untuk koperasi ini penuh' }, coordinator());
    expect(done.status).toBe(302);
    expect(done.headers.get('Location')).toBe(`/cohorts/${cohortId}/participants`);
    expect(await statusOf(waiting.id)).toEqual({ status: 'rejected', reason: 'Kuota Dinas untuk koperasi ini penuh' });
    const [mail] = await outboxFor(handle.db, { to: waitingPerson.email!, template: 'enrollment-rejected' });
    expect(mail!.text_body).toContain('Alasan: Kuota Dinas untuk koperasi ini penuh');
  });

  it('bulk "Tolak yang dipilih" also leads to the confirmation of those people', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 1 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan']);
    const rows = await addPeople(cohortId, coop.personIds);
    const waiting = rows.filter((r) => r.status === 'waitlisted').map((r) => r.id);
    const tap = await app.postForm(`/cohorts/${cohortId}/participants`, { intent: 'reject', enrollment: waiting }, coordinator());
    expect(tap.status).toBe(302);
    expect(tap.headers.get('Location')).toBe(`/cohorts/${cohortId}/participants?confirm=reject&${waiting.map((id) => `enrollment=${id}`).join('&')}`);
    expect((await enrollmentsOf(handle.db, cohortId)).map((r) => r.status)).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
  });

  it('"Batalkan" leads to a confirmation; the person is told by a mail saying the Dinas cancelled it, with the reason', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 1 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan']);
    const rows = await addPeople(cohortId, coop.personIds);
    const seated = rows.find((r) => r.status === 'confirmed')!;
    const email = (await handle.db.selectFrom('people').select('email').where('id', '=', seated.person_id).executeTakeFirstOrThrow()).email!;

    const tap = await app.postForm(`/cohorts/${cohortId}/participants`, { intent: `cancel:${seated.id}` }, coordinator());
    expect(tap.status).toBe(302);
    expect(tap.headers.get('Location')).toBe(`/cohorts/${cohortId}/participants?confirm=cancel&enrollment=${seated.id}`);
    expect((await statusOf(seated.id)).status).toBe('confirmed');
    const confirm = (await page(tap.headers.get('Location')!, coordinator())).html;
    expect(confirm).toContain('Ya, batalkan pendaftaran');

    const done = await app.postForm(tap.headers.get('Location')!, { intent: 'confirm-cancel', enrollment: seated.id, reason: 'Berhalangan dinas luar' }, coordinator());
    expect(done.status).toBe(302);
    expect((await enrollmentsOf(handle.db, cohortId)).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    const mails = await outboxFor(handle.db, { to: email });
    expect(mails.map((m) => m.template)).toEqual(['enrollment-confirmed', 'enrollment-cancelled-by-coordinator']);
    expect(mails[1]!.text_body).toContain('Koordinator Dinas membatalkan pendaftaran Anda');
    expect(mails[1]!.text_body).toContain('Alasan: Berhalangan dinas luar');
  });

  it("another Dinas's coordinator cannot reach the confirmation or its action", async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 2 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan']);
    const [row] = await addPeople(cohortId, coop.personIds);
    expect((await page(`/cohorts/${cohortId}/participants?confirm=cancel&enrollment=${row!.id}`, cookies.other)).status).toBe(404);
    expect((await app.postForm(`/cohorts/${cohortId}/participants`, { intent: 'confirm-cancel', enrollment: row!.id }, cookies.other)).status).toBe(404);
    expect((await statusOf(row!.id)).status).toBe('confirmed');
  });
});

describe('where a participant stands', () => {
  it('a waitlisted participant sees their place in the line; a full cohort offers "Masuk daftar tunggu"', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 1 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan']);
    await addPeople(cohortId, coop.personIds); // one seat taken, one waiting
    const cohortName = (await handle.db.selectFrom('cohorts').select('name').where('id', '=', cohortId).executeTakeFirstOrThrow()).name;

    const before = (await page(`/cohorts/${cohortId}`, participant())).html;
    expect(before).toContain('Masuk daftar tunggu');
    expect(before).not.toContain('Daftar sekarang');
    const mineBefore = (await page('/my/cohorts', participant())).html;
    expect(mineBefore).toContain(`aria-label="Masuk daftar tunggu: ${cohortName}"`);

    await app.postForm(`/cohorts/${cohortId}/register`, { intent: 'register', redirectTo: '/my/cohorts' }, participant());
    expect((await enrollmentsOf(handle.db, cohortId)).map((r) => r.status)).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    expect((await page(`/cohorts/${cohortId}`, participant())).html).toContain('Anda urutan ke-2 dalam daftar tunggu');
    const mine = (await page('/my/cohorts', participant())).html;
    const card = mine.slice(mine.indexOf(cohortName), mine.indexOf('</li>', mine.indexOf(cohortName)));
    expect(card).toContain('Anda urutan ke-2 dalam daftar tunggu');
    expect(card).not.toContain('Sesi berikutnya');
  });

  it('"Urutan" is the place within the cohort, from 1', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan']);
    await addPeople(cohortId, coop.personIds);
    const html = (await page(`/cohorts/${cohortId}/participants`, coordinator())).html;
    const places = [...html.matchAll(/<td data-label="Urutan">(\d+)<\/td>/g)].map((m) => m[1]);
    expect(places).toEqual(['1', '2']);
    // Filtered, the place stays the place in the whole line.
    const rows = await enrollmentsOf(handle.db, cohortId);
    await handle.db.updateTable('enrollments').set({ status: 'waitlisted' }).where('id', '=', rows[1]!.id).execute();
    const filtered = (await page(`/cohorts/${cohortId}/participants?status=waitlisted`, coordinator())).html;
    expect([...filtered.matchAll(/<td data-label="Urutan">(\d+)<\/td>/g)].map((m) => m[1])).toEqual(['2']);
  });
});

describe('people without an e-mail address', () => {
  it('are marked "not notified", and the coordinator gets a printable notice with a WhatsApp link', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan', 'Kepala Bagian Pembiayaan'], { emails: false });
    await handle.db.updateTable('people').set({ phone: '0812-3456-7890' }).where('id', '=', coop.personIds[0]!).execute();
    const rows = await addPeople(cohortId, coop.personIds);
    const withPhone = rows.find((r) => r.person_id === coop.personIds[0])!;
    const withoutPhone = rows.find((r) => r.person_id === coop.personIds[1])!;

    const list = (await page(`/cohorts/${cohortId}/participants`, coordinator())).html;
    expect(list.match(/tidak diberi tahu — tanpa e-mail/g)).toHaveLength(2);
    // The confirmation step of a withdrawal says so too, before the coordinator confirms.
    const confirm = (await page(`/cohorts/${cohortId}/participants?confirm=cancel&enrollment=${withPhone.id}`, coordinator())).html;
    expect(confirm).toContain('tidak diberi tahu — tanpa e-mail');
    expect(list).toContain(`href="/cohorts/${cohortId}/participants/${withPhone.id}/notice"`);

    const notice = await page(`/cohorts/${cohortId}/participants/${withPhone.id}/notice`, coordinator());
    expect(notice.status).toBe(200);
    expect(notice.html).toContain('Pendaftaran Anda terkonfirmasi; Anda mendapat kursi.');
    expect(notice.html).toContain('Hotel Uji');
    const link = notice.html.match(/href="(https:\/\/wa\.me\/[^"]+)"/)![1]!.replaceAll('&amp;', '&');
    expect(link.startsWith('https://wa.me/6281234567890?text=')).toBe(true);
    expect(decodeURIComponent(link.split('text=')[1]!)).toContain('Pendaftaran Anda terkonfirmasi');

    const other = (await page(`/cohorts/${cohortId}/participants/${withoutPhone.id}/notice`, coordinator())).html;
    expect(other).toContain('href="https://wa.me/?text=');

    // Rejected with a reason: the notice says so.
    await handle.db.updateTable('enrollments').set({ status: 'rejected', reason: 'Berkas belum lengkap' }).where('id', '=', withoutPhone.id).execute();
    expect((await page(`/cohorts/${cohortId}/participants/${withoutPhone.id}/notice`, coordinator())).html).toContain('Alasan: Berkas belum lengkap');

    expect((await page(`/cohorts/${cohortId}/participants/${withPhone.id}/notice`, cookies.other)).status).toBe(404);
    expect((await page(`/cohorts/${cohortId}/participants/${withPhone.id}/notice`, participant())).status).toBe(404);
  });
});

describe("a draft cohort's page", () => {
  it('is shown to its coordinator marked as a draft, and is 404 to everyone else', async () => {
    const mine = await page(`/cohorts/${ids.draftCohortId}`, coordinator());
    expect(mine.status).toBe(200);
    expect(mine.html).toContain('Draf — belum terlihat oleh peserta');
    expect((await page(`/cohorts/${ids.draftCohortId}`)).status).toBe(404);
    expect((await page(`/cohorts/${ids.draftCohortId}`, participant())).status).toBe(404);
    expect((await page(`/cohorts/${ids.draftCohortId}`, cookies.other)).status).toBe(404);
  });
});

describe('"Tambah peserta" search', () => {
  it('finds people by position, and says how many more match beyond the first 30', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    await cooperativeWithStaff(handle.db, ids.dinasId, Array.from({ length: 33 }, () => 'Juru Tagih Pembiayaan Mikro'));
    const html = (await page(`/cohorts/${cohortId}/participants?q=${encodeURIComponent('Tagih Pembiayaan')}`, coordinator())).html;
    expect(html.match(/name="person"/g)).toHaveLength(30);
    expect(html).toContain('Masih ada 3 orang lain yang cocok; persempit pencarian Anda.');
    const few = (await page(`/cohorts/${cohortId}/participants?q=${encodeURIComponent('Juru Tagih')}&status=pending`, coordinator())).html;
    expect(few).toContain('Juru Tagih Pembiayaan Mikro');
  });
});

describe('the participants table', () => {
  it('labels the actions column "Tindakan", apart from the checkbox column, and stacks on a phone', async () => {
    const cohortId = await openCohort(handle.db, ids, { capacity: 5 });
    const coop = await cooperativeWithStaff(handle.db, ids.dinasId, ['Kepala Bagian Pembiayaan']);
    await addPeople(cohortId, coop.personIds);
    const html = (await page(`/cohorts/${cohortId}/participants`, coordinator())).html;
    expect(html).toContain('<th scope="col">Tindakan</th>');
    expect(html.match(/<th scope="col">Pilih<\/th>/g)).toHaveLength(1);
    expect(html).toContain('class="stack-table"');
    expect(html).toContain('data-label="Tindakan"');
  });
});

describe('the participants list', () => {
  it('sorts, filters by status and pages on the server, each cohort with its own people', async () => {
    const [first, second] = [await openCohort(handle.db, ids, { capacity: 2 }), await openCohort(handle.db, ids, { capacity: 2 })];
    const staff = await cooperativeWithStaff(handle.db, ids.dinasId, Array(4).fill('Kepala Bagian Pembiayaan'));
    const others = await cooperativeWithStaff(handle.db, ids.dinasId, Array(3).fill('Kepala Bagian Pembiayaan'));
    // Added in an order that is not the names' order.
    const rows = await addPeople(first, [staff.personIds[2]!, staff.personIds[0]!, staff.personIds[3]!, staff.personIds[1]!]);
    await addPeople(second, others.personIds);
    const nameOf = new Map(
      (await handle.db.selectFrom('people').select(['id', 'full_name']).where('id', 'in', [...staff.personIds, ...others.personIds]).execute()).map((p) => [
        p.id,
        p.full_name,
      ]),
    );
    const everyone = [...nameOf.values()];
    /** The names on a page of the list, in the order they first appear. */
    const listed = async (cohortId: string, query = '') => {
      const { status, html } = await page(`/cohorts/${cohortId}/participants${query}`, coordinator());
      expect(status).toBe(200);
      return everyone.filter((name) => html.includes(name)).sort((a, b) => html.indexOf(a) - html.indexOf(b));
    };
    const byArrival = rows.map((r) => nameOf.get(r.person_id)!);
    const waitlisted = rows.filter((r) => r.status === 'waitlisted').map((r) => nameOf.get(r.person_id)!);
    expect(waitlisted).toHaveLength(2);

    expect(await listed(first)).toEqual(byArrival);
    expect(await listed(first, '?sort=name&dir=desc')).toEqual([...byArrival].sort().reverse());
    expect(await listed(first, '?sort=name&dir=asc')).toEqual([...byArrival].sort());
    expect(await listed(first, '?status=waitlisted')).toEqual(waitlisted);
    expect(await listed(first, '?size=3&page=2')).toEqual(byArrival.slice(3));
    expect(await listed(first, '?status=waitlisted&sort=name&dir=desc&size=1&page=2')).toEqual([[...waitlisted].sort().reverse()[1]]);
    // The same kinds of page for another cohort show its people only.
    expect(await listed(second)).toEqual(others.personIds.map((id) => nameOf.get(id)!));
    expect(await listed(second, '?status=waitlisted')).toEqual([nameOf.get(others.personIds[2]!)!]);
    expect(await listed(second, '?sort=name&dir=desc')).toEqual(others.personIds.map((id) => nameOf.get(id)!).sort().reverse());
  });
});
