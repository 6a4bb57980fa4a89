import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { config } from '~/lib/config.server';
import { groupCode } from '~/domain/certificates/codes';
import type { CertificateSnapshot } from '~/domain/certificates/snapshot';
import { loadApp, type TestApp } from '../support/app';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';

/**
 * Public verification of the demo cohort's certificates: the page, the JSON and the PDF,
 * without signing in; valid, expired, revoked and superseded; the lookup form; unknown codes
 * 404; nothing personal beyond the holder's name and position. And the coordinator's
 * "issue" button and the participant's "my cohorts" links through the app.
 */
let handle: DatabaseHandle;
let ids: DemoIds;
let app: TestApp;
let dir: string;

interface Cert {
  id: string;
  kind: string;
  number: string;
  code: string;
  snapshot: CertificateSnapshot;
  personId: string;
}
let competency: Cert;
let training: Cert;
let personal: string[];

const hasTools = ['pdftotext', 'qpdf'].every((tool) => spawnSync('which', [tool]).status === 0);

async function certs(): Promise<Cert[]> {
  const rows = await handle.db
    .selectFrom('certificates')
    .select(['id', 'kind', 'number', 'verification_code as code', 'snapshot', 'person_id as personId'])
    .where('enrollment_id', 'in', (eb) => eb.selectFrom('enrollments').select('id').where('cohort_id', '=', ids.completedCohortId))
    .orderBy('sequence')
    .execute();
  return rows.map((r) => ({ ...r, snapshot: r.snapshot as unknown as CertificateSnapshot }));
}

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  dir = mkdtempSync(path.join(tmpdir(), 'verifikasi-'));
  const all = await certs();
  competency = all.find((c) => c.kind === 'competency')!;
  training = all.find((c) => c.kind === 'training' && c.personId !== competency.personId)!;
  const person = await handle.db.selectFrom('people').select(['nik', 'birth_date', 'phone', 'email']).where('id', '=', competency.personId).executeTakeFirstOrThrow();
  personal = [person.nik, person.birth_date, person.phone, person.email].filter((v): v is string => !!v);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await handle.close();
});

const get = (pathname: string, ip = '198.51.100.7') => app.request(pathname, { headers: { 'x-kompeten-client-ip': ip }, redirect: 'manual' });

describe('the verification page', () => {
  it('shows a valid certificate to anyone, with its facts and a link to the roster, nothing personal', async () => {
    const response = await get(`/verify/${competency.code}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Berlaku');
    expect(html).toContain(competency.number);
    expect(html).toContain(competency.snapshot.holder.name);
    expect(html).toContain(`/koperasi/${competency.snapshot.cooperative!.slug}`);
    expect(html).toContain(competency.snapshot.program.units[0]!.code);
    expect(html).toContain(groupCode(competency.code));
    for (const secret of personal) expect(html).not.toContain(secret);
  });

  it('reads a grouped, lower-case code; an unknown code says so plainly with 404', async () => {
    expect((await get(`/verify/${groupCode(competency.code).toLowerCase()}`)).status).toBe(200);
    const unknown = await get('/verify/0000-0000-0000-0000');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Sertifikat tidak ditemukan');
    expect((await get('/verify/nonsense')).status).toBe(404);
  });

  it('the lookup form finds a certificate by number or code', async () => {
    const byNumber = await get(`/verify?q=${encodeURIComponent(training.number)}`);
    expect(byNumber.status).toBe(302);
    expect(byNumber.headers.get('Location')).toBe(`/verify/${training.code}`);
    const byCode = await get(`/verify?q=${encodeURIComponent(groupCode(training.code))}`);
    expect(byCode.headers.get('Location')).toBe(`/verify/${training.code}`);
    const none = await get('/verify?q=TIDAK-ADA');
    expect(none.status).toBe(404);
  });
});

describe('the JSON and the PDF', () => {
  it('/verify/<code>.json gives the facts with absolute URLs and nothing personal', async () => {
    const response = await get(`/verify/${competency.code}.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/application\/json/);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({ status: 'valid', number: competency.number, kind: 'competency', holder: { name: competency.snapshot.holder.name }, revocation: null, supersededBy: null });
    expect(body.issuedAt).toBe(competency.snapshot.issuedAt);
    expect(body.validUntil).toBe(competency.snapshot.validUntil);
    expect(body.cooperative.rosterUrl).toBe(`${config().PUBLIC_URL}/koperasi/${competency.snapshot.cooperative!.slug}`);
    expect(body.program.units).toHaveLength(competency.snapshot.program.units.length);
    expect(body.issuer.kind).toBe('certification_body');
    const text = JSON.stringify(body);
    for (const secret of personal) expect(text).not.toContain(secret);
    expect((await get('/verify/0000000000000000.json')).status).toBe(404);
  });

  it.skipIf(!hasTools)('/verify/<code>.pdf is the certificate, its text free of personal data', async () => {
    const response = await get(`/verify/${competency.code}.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    const file = path.join(dir, 'c.pdf');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(competency.number);
    for (const secret of personal) expect(text).not.toContain(secret);
    expect((await get('/verify/0000000000000000.pdf')).status).toBe(404);
  });
});

describe('in the app', () => {
  it('the coordinator sees the issue button on the completed cohort; pressing it again issues nothing more', async () => {
    const coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
    const cookie = await app.sessionCookie(coordinator.userId);
    const page = await (await app.request(`/cohorts/${ids.completedCohortId}/manage`, { cookie })).text();
    expect(page).toContain('Terbitkan sertifikat');
    const before = (await certs()).length;
    const response = await app.postForm(`/cohorts/${ids.completedCohortId}/certificates`, { intent: 'issue' }, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/cohorts/${ids.completedCohortId}/manage`);
    expect((await certs()).length).toBe(before);
    const staff = await actorFor(handle.db, 'lembaga@kompeten.test');
    const refused = await app.postForm(`/cohorts/${ids.completedCohortId}/certificates`, { intent: 'issue' }, await app.sessionCookie(staff.userId));
    expect(refused.status).toBe(403);
  });

  it('the coordinator downloads all certificates (ZIP, one PDF) from the cohort page; others get 404', async () => {
    const coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
    const cookie = await app.sessionCookie(coordinator.userId);
    const page = await (await app.request(`/cohorts/${ids.completedCohortId}/manage`, { cookie })).text();
    expect(page).toContain(`href="/cohorts/${ids.completedCohortId}/certificates.zip"`);
    expect(page).toContain(`href="/cohorts/${ids.completedCohortId}/certificates.pdf"`);
    const zip = await app.request(`/cohorts/${ids.completedCohortId}/certificates.zip`, { cookie });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('Content-Type')).toBe('application/zip');
    expect(zip.headers.get('Content-Disposition')).toMatch(/^attachment; filename="sertifikat-.+\.zip"/);
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
    const pdf = await app.request(`/cohorts/${ids.completedCohortId}/certificates.pdf`, { cookie });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    for (const email of ['lembaga@kompeten.test', 'peserta@kompeten.test']) {
      const other = await app.sessionCookie((await actorFor(handle.db, email)).userId);
      expect((await app.request(`/cohorts/${ids.completedCohortId}/certificates.zip`, { cookie: other, redirect: 'manual' })).status).toBe(404);
      expect((await app.request(`/cohorts/${ids.completedCohortId}/certificates.pdf`, { cookie: other, redirect: 'manual' })).status).toBe(404);
    }
  });

  it('the participant finds their certificates on "my cohorts" with the PDF, verification and LinkedIn links', async () => {
    const participant = await actorFor(handle.db, 'peserta@kompeten.test');
    const html = await (await app.request('/my/cohorts', { cookie: await app.sessionCookie(participant.userId) })).text();
    const mine = (await certs()).filter((c) => c.personId === participant.personId);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    for (const c of mine) {
      expect(html).toContain(c.number);
      expect(html).toContain(`/certificates/${c.id}/pdf`);
      // LinkedIn's add-to-profile link, with the number as the credential ID.
      expect(html).toContain(`certId=${encodeURIComponent(c.number)}`);
    }
    expect(html).toContain('Tambahkan ke profil LinkedIn');
    expect(html).toContain('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&amp;name=Sertifikat%20');
  });
});

describe('status', () => {
  it('revoked shows reason and date; superseded links to the new one; expired when past its date', async () => {
    const all = await certs();
    const [a, b, c] = all.filter((x) => x.kind === 'training' && x.id !== training.id);
    await handle.db.updateTable('certificates').set({ status: 'revoked', revoked_at: new Date(), revoke_reason: 'Data peserta keliru' }).where('id', '=', a!.id).execute();
    await handle.db.updateTable('certificates').set({ status: 'superseded', superseded_by_id: competency.id }).where('id', '=', b!.id).execute();
    const snap = { ...c!.snapshot, validUntil: '2020-01-01' };
    await handle.db.updateTable('certificates').set({ snapshot: JSON.stringify(snap), valid_until: '2020-01-01' }).where('id', '=', c!.id).execute();

    const revoked = await (await get(`/verify/${a!.code}`)).text();
    expect(revoked).toContain('Dicabut');
    expect(revoked).toContain('Data peserta keliru');
    const json = (await (await get(`/verify/${a!.code}.json`)).json()) as Record<string, any>;
    expect(json.status).toBe('revoked');
    expect(json.revocation.reason).toBe('Data peserta keliru');
    const superseded = await (await get(`/verify/${b!.code}`)).text();
    expect(superseded).toContain(`/verify/${competency.code}`);
    expect(((await (await get(`/verify/${b!.code}.json`)).json()) as Record<string, any>).supersededBy.number).toBe(competency.number);
    expect(((await (await get(`/verify/${c!.code}.json`)).json()) as Record<string, any>).status).toBe('expired');
  });

  it('is rate-limited per address', async () => {
    let last = 0;
    for (let i = 0; i < 65; i++) last = (await get(`/verify/${training.code}.json`, '203.0.113.99')).status;
    expect(last).toBe(429);
    expect((await get(`/verify/${training.code}.json`, '203.0.113.100')).status).toBe(200);
  });
});
