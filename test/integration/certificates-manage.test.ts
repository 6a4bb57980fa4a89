import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import type { CertificateSnapshot } from '~/domain/certificates/snapshot';
import { loadApp, type TestApp } from '../support/app';
import { demoDatabase, type DemoIds } from '../support/cohorts-fixtures';

/**
 * The coordinator's certificates: the list (search, filters, another Dinas sees none), the
 * detail page, revoking with a reason (verification shows it at once) and reissuing after a
 * correction (a new number, the old one superseded and linking on, the holder mailed).
 */
let handle: DatabaseHandle;
let ids: DemoIds;
let app: TestApp;
let coordinator: string;
let malang: string;

interface Cert {
  id: string;
  kind: string;
  number: string;
  code: string;
  personId: string;
  holder: string;
  sequence: number | null;
}
let all: Cert[];

const userId = async (email: string) => (await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

async function certs(): Promise<Cert[]> {
  const rows = await handle.db
    .selectFrom('certificates')
    .select(['id', 'kind', 'number', 'verification_code as code', 'person_id as personId', 'snapshot', 'sequence'])
    .where('enrollment_id', 'in', (eb) => eb.selectFrom('enrollments').select('id').where('cohort_id', '=', ids.completedCohortId))
    .orderBy('sequence')
    .execute();
  return rows.map(({ snapshot, ...r }) => ({ ...r, holder: (snapshot as unknown as CertificateSnapshot).holder.name }));
}

/** Certificates whose holder has no account (their roster e-mail is the one written to), one per person. */
function withoutAccount(): Promise<Cert[]> {
  return handle.db
    .selectFrom('users')
    .select('person_id')
    .where('person_id', 'is not', null)
    .execute()
    .then((users) => {
      const taken = new Set(users.map((u) => u.person_id));
      const seen = new Set<string>();
      return all.filter((c) => c.kind === 'training' && !taken.has(c.personId) && !seen.has(c.personId) && seen.add(c.personId));
    });
}

const verifyJson = async (code: string) => (await app.request(`/verify/${code}.json`, { headers: { 'x-kompeten-client-ip': '198.51.100.9' } })).json();

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  coordinator = await app.sessionCookie(await userId('koordinator@kompeten.test'));
  malang = await app.sessionCookie(await userId('koordinator.malang@kompeten.test'));
  all = await certs();
  expect(all.length).toBeGreaterThanOrEqual(3);
});
afterAll(() => handle.close());

describe('the list', () => {
  it('lists the Dinas certificates with a download link, and finds them by holder, number and kind', async () => {
    const page = await (await app.request('/certificates?size=200', { cookie: coordinator })).text();
    for (const c of all) expect(page).toContain(c.number);
    expect(page).toContain(`/certificates/${all[0]!.id}/pdf`);
    expect(page).not.toContain(`/verify/${all[0]!.code}.pdf`);

    const byHolder = await (await app.request(`/certificates?q=${encodeURIComponent(all[0]!.holder)}`, { cookie: coordinator })).text();
    expect(byHolder).toContain(all[0]!.number);
    for (const c of all.filter((x) => x.personId !== all[0]!.personId)) expect(byHolder).not.toContain(c.number);

    const byNumber = await (await app.request(`/certificates?q=${encodeURIComponent(all[1]!.number)}`, { cookie: coordinator })).text();
    expect(byNumber).toContain(all[1]!.number);
    expect(byNumber).not.toContain(all.find((c) => c.number !== all[1]!.number)!.number);

    const competency = await (await app.request('/certificates?kind=competency&size=200', { cookie: coordinator })).text();
    for (const c of all) (c.kind === 'competency' ? expect(competency) : expect(competency).not).toContain(c.number);
  });

  it('shows another Dinas none of them, and answers 404 for their detail page and actions', async () => {
    const response = await app.request('/certificates?size=200', { cookie: malang });
    expect(response.status).toBe(200);
    const page = await response.text();
    for (const c of all) expect(page).not.toContain(c.number);
    expect((await app.request(`/certificates/${all[0]!.id}`, { cookie: malang })).status).toBe(404);
    expect((await app.postForm(`/certificates/${all[0]!.id}`, { intent: 'revoke', reason: 'Bukan milik Malang' }, malang)).status).toBe(404);
    expect((await app.postForm(`/certificates/${all[0]!.id}`, { intent: 'reissue' }, malang)).status).toBe(404);
    const row = await handle.db.selectFrom('certificates').select('status').where('id', '=', all[0]!.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('valid');
  });

  it('is not for participants', async () => {
    const participant = await app.sessionCookie(await userId('peserta@kompeten.test'));
    expect([403, 404]).toContain((await app.request('/certificates', { cookie: participant })).status);
  });
});

describe('revoking', () => {
  it('needs a reason: a field error and nothing written', async () => {
    const target = all[0]!;
    const audits = async () => (await handle.db.selectFrom('audit_log').select('id').where('entity_id', '=', target.id).execute()).length;
    const before = await audits();
    const response = await app.postForm(`/certificates/${target.id}`, { intent: 'revoke', reason: '   ' }, coordinator);
    expect(response.status).toBe(400);
    const row = await handle.db.selectFrom('certificates').select(['status', 'revoked_at']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'valid', revoked_at: null });
    expect(await audits()).toBe(before);
    const html = await (await app.request(`/certificates/${target.id}`, { cookie: coordinator })).text();
    expect(html).toContain('Cabut sertifikat');
  });

  it('revokes with the reason, audited before/after, and verification shows it at once', async () => {
    const target = all[0]!;
    const response = await app.postForm(`/certificates/${target.id}`, { intent: 'revoke', reason: 'Data peserta keliru' }, coordinator);
    expect(response.status).toBe(302);
    const row = await handle.db.selectFrom('certificates').select(['status', 'revoke_reason', 'revoked_at']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('revoked');
    expect(row.revoke_reason).toBe('Data peserta keliru');
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', target.id).where('action', '=', 'certificate.revoked').executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ status: 'valid' });
    expect(audit.after).toMatchObject({ status: 'revoked', reason: 'Data peserta keliru' });

    const json = await verifyJson(target.code);
    expect(json.status).toBe('revoked');
    expect(json.revocation.reason).toBe('Data peserta keliru');
    expect(json.revocation.at).toBe(row.revoked_at!.toISOString());
    const page = await (await app.request(`/verify/${target.code}`, { headers: { 'x-kompeten-client-ip': '198.51.100.9' } })).text();
    expect(page).toContain('Data peserta keliru');

    // Revoked once: a second revoke is refused and the reason kept.
    const again = await app.postForm(`/certificates/${target.id}`, { intent: 'revoke', reason: 'Lagi' }, coordinator);
    expect(again.status).toBe(400);
    expect((await handle.db.selectFrom('certificates').select('revoke_reason').where('id', '=', target.id).executeTakeFirstOrThrow()).revoke_reason).toBe('Data peserta keliru');
  });
});

describe('reissuing', () => {
  it('issues a new number from the sequence with the corrected name, supersedes the old, mails the holder the link', async () => {
    const [target] = await withoutAccount();
    expect(target, 'a demo certificate holder without an account').toBeTruthy();
    await handle.db.updateTable('people').set({ full_name: 'Nama Dikoreksi Benar', email: 'pemegang@contoh.test' }).where('id', '=', target!.personId).execute();
    await handle.db.updateTable('certificates').set({ needs_reissue: true, reissue_reason: 'Nama salah eja' }).where('id', '=', target!.id).execute();
    const maxSeq = Math.max(...all.map((c) => c.sequence ?? 0));

    const detail = await (await app.request(`/certificates/${target!.id}`, { cookie: coordinator })).text();
    expect(detail).toContain('Nama Dikoreksi Benar');
    expect(detail).toContain('pemegang@contoh.test');

    const response = await app.postForm(`/certificates/${target!.id}`, { intent: 'reissue' }, coordinator);
    expect(response.status).toBe(302);
    const old = await handle.db.selectFrom('certificates').selectAll().where('id', '=', target!.id).executeTakeFirstOrThrow();
    expect(old.status).toBe('superseded');
    expect(old.needs_reissue).toBe(false);
    expect(response.headers.get('Location')).toBe(`/certificates/${old.superseded_by_id}`);
    const fresh = await handle.db.selectFrom('certificates').selectAll().where('id', '=', old.superseded_by_id!).executeTakeFirstOrThrow();
    expect(fresh.status).toBe('valid');
    expect(fresh.number).not.toBe(old.number);
    expect(fresh.verification_code).not.toBe(old.verification_code);
    expect(fresh.sequence).toBe(maxSeq + 1);
    expect(fresh.enrollment_id).toBe(old.enrollment_id);
    expect((fresh.snapshot as unknown as CertificateSnapshot).holder.name).toBe('Nama Dikoreksi Benar');
    expect((old.snapshot as unknown as CertificateSnapshot).holder.name).toBe(target!.holder);

    const oldJson = await verifyJson(old.verification_code);
    expect(oldJson.status).toBe('superseded');
    expect(oldJson.supersededBy.number).toBe(fresh.number);
    expect(oldJson.supersededBy.url).toMatch(new RegExp(`/verify/${fresh.verification_code}$`));
    expect((await verifyJson(fresh.verification_code)).holder.name).toBe('Nama Dikoreksi Benar');

    const mail = await handle.db.selectFrom('mail_outbox').selectAll().where('template', '=', 'certificate-reissued').executeTakeFirstOrThrow();
    expect(mail.to_address).toBe('pemegang@contoh.test');
    expect(mail.text_body).toContain(`/verify/${fresh.verification_code}`);
    expect(mail.text_body).toContain(fresh.number);

    const audit = await handle.db.selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', old.id).where('action', '=', 'certificate.reissued').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ status: 'superseded', newNumber: fresh.number });

    // The history lists the chain on both pages; the old one offers no more actions.
    const oldPage = await (await app.request(`/certificates/${old.id}`, { cookie: coordinator })).text();
    expect(oldPage).toContain(fresh.number);
    expect(oldPage).not.toContain('name="intent" value="reissue"');
    const newPage = await (await app.request(`/certificates/${fresh.id}`, { cookie: coordinator })).text();
    expect(newPage).toContain(old.number);
    // Superseded: reissuing it again is refused.
    expect((await app.postForm(`/certificates/${old.id}`, { intent: 'reissue' }, coordinator)).status).toBe(302);
    expect((await handle.db.selectFrom('certificates').select('id').where('enrollment_id', '=', old.enrollment_id).where('kind', '=', old.kind).execute()).length).toBe(2);
  });

  it('without an e-mail address reissues, sends nothing and says so', async () => {
    const [, target] = await withoutAccount();
    expect(target, 'a second demo holder without an account').toBeTruthy();
    await handle.db.updateTable('people').set({ email: null }).where('id', '=', target!.personId).execute();
    const detail = await (await app.request(`/certificates/${target!.id}`, { cookie: coordinator })).text();
    expect(detail).toContain('tidak memiliki alamat surel');
    const mails = async () => (await handle.db.selectFrom('mail_outbox').select('id').where('template', '=', 'certificate-reissued').execute()).length;
    const before = await mails();
    const response = await app.postForm(`/certificates/${target!.id}`, { intent: 'reissue' }, coordinator);
    expect(response.status).toBe(302);
    expect(await mails()).toBe(before);
    const landing = await (await app.request(response.headers.get('Location')!, { cookie: `${coordinator}; ${response.headers.get('Set-Cookie')?.split(';')[0] ?? ''}` })).text();
    expect(landing).toContain('jadi tidak ada surel yang dikirim');
  });
});

describe('the signed-in PDF', () => {
  const pdf = (id: string, cookie?: string) => app.request(`/certificates/${id}/pdf`, { cookie, redirect: 'manual' });

  it("serves the holder and their Dinas's coordinator (audited), beyond the public look-up limit; anyone else 404, the anonymous to sign in", async () => {
    const participant = await handle.db.selectFrom('users').select(['id', 'person_id']).where('email', '=', 'peserta@kompeten.test').executeTakeFirstOrThrow();
    const c = all.find((x) => x.personId === participant.person_id)!;
    const holderCookie = await app.sessionCookie(participant.id);
    const before = (await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'certificate.downloaded').where('entity_id', '=', c.id).execute()).length;
    // More than the public limit of 60 a minute: never refused.
    for (let i = 0; i < 65; i++) expect((await pdf(c.id, coordinator)).status).toBe(200);
    const own = await pdf(c.id, holderCookie);
    expect(own.status).toBe(200);
    expect(own.headers.get('Content-Type')).toBe('application/pdf');
    expect(own.headers.get('Cache-Control')).toBe('private, no-store');
    expect(new TextDecoder().decode(new Uint8Array(await own.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const audits = await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'certificate.downloaded').where('entity_id', '=', c.id).execute();
    expect(audits.length - before).toBe(65);

    const other = all.find((x) => x.personId !== c.personId)!;
    expect((await pdf(other.id, holderCookie)).status).toBe(404);
    expect((await pdf(c.id, malang)).status).toBe(404);
    expect((await pdf(c.id, await app.sessionCookie(await userId('lembaga@kompeten.test')))).status).toBe(404);
    expect((await pdf('00000000-0000-4000-8000-000000000000', coordinator)).status).toBe(404);
    const anonymous = await pdf(c.id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(`/certificates/${c.id}/pdf`)}`);
  });

  it("is the certificate page's download link", async () => {
    const page = await (await app.request(`/certificates/${all[0]!.id}`, { cookie: coordinator })).text();
    expect(page).toContain(`href="/certificates/${all[0]!.id}/pdf"`);
  });
});
