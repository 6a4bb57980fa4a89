import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { auditRows, demoApp, demoDinasId, demoInstitutions, seedOtherDinas, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';
import { jpegBytes, organizationWithAdmin, pngBytes, postMultipart, toastCookie } from '../support/organizations-fixtures';

let handle: DatabaseHandle;
let app: TestApp;
let dinasId: string;
let otherDinasId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  dinasId = await demoDinasId(handle.db);
  const other = await seedOtherDinas(handle.db);
  otherDinasId = other.dinasId;
  cookies.coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
  cookies.other = await app.sessionCookie(other.coordinatorId);
  cookies.staff = await app.sessionCookie(await userIdByEmail(handle.db, 'lembaga@kompeten.test'));
});
afterAll(() => handle.close());

const profileForm = (over: Record<string, string> = {}) => ({
  name: 'Dinas Perdagangan, Koperasi dan UKM Kota Pekalongan',
  shortName: 'Dindagkop-UKM Kota Pekalongan',
  address: 'Jl. Sriwijaya No. 44',
  city: 'Pekalongan',
  phone: '(0285) 421093',
  email: 'dindagkop@pekalongankota.go.id',
  timeZone: 'Asia/Jakarta',
  letterhead: 'PEMERINTAH KOTA PEKALONGAN\nJl. Sriwijaya No. 44 Pekalongan 51111\nTelp. (0285) 421093',
  ...over,
});

async function page(path: string, cookie?: string) {
  const response = await app.request(path, { cookie });
  return { status: response.status, html: await response.text() };
}

describe('the organization profile', () => {
  it('the menu entry leads a coordinator to their Dinas', async () => {
    const response = await app.request('/organization', { cookie: cookies.coordinator, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/organizations/${dinasId}`);
    const home = await page('/', cookies.coordinator);
    expect(home.html).toContain('href="/organization"');
    expect(home.html).toContain('href="/partners"');
    const staffHome = await page('/', cookies.staff);
    expect(staffHome.html).not.toContain('href="/organization"');
  });

  it('saves the profile with a PNG logo; the preview shows the letterhead; the logo is public and cacheable; audited in the Dinas', async () => {
    const saved = await postMultipart(app, `/organizations/${dinasId}`, profileForm(), { logo: { bytes: pngBytes(4096), name: 'logo.png', type: 'image/png' } }, cookies.coordinator);
    expect(saved.status).toBe(302);
    const row = await handle.db.selectFrom('institutions').select(['letterhead', 'logo_type', 'phone', 'time_zone']).where('id', '=', dinasId).executeTakeFirstOrThrow();
    expect(row).toEqual({
      letterhead: 'PEMERINTAH KOTA PEKALONGAN\nJl. Sriwijaya No. 44 Pekalongan 51111\nTelp. (0285) 421093',
      logo_type: 'image/png',
      phone: '(0285) 421093',
      time_zone: 'Asia/Jakarta',
    });

    const { html } = await page(`/organizations/${dinasId}`, `${cookies.coordinator}; ${toastCookie(saved)}`);
    expect(html).toContain('class="letterhead"');
    expect(html).toContain('<p class="letterhead-line">Jl. Sriwijaya No. 44 Pekalongan 51111</p>');
    const logoSrc = html.match(/class="letterhead-logo" src="([^"]+)"/)![1]!.replace(/&amp;/g, '&');
    expect(logoSrc).toMatch(new RegExp(`^/organizations/${dinasId}/logo\\?v=`));

    const logo = await app.request(logoSrc); // nobody signed in
    expect(logo.status).toBe(200);
    expect(logo.headers.get('Content-Type')).toBe('image/png');
    expect(logo.headers.get('Cache-Control')).toMatch(/public, max-age=\d+/);
    expect(new Uint8Array(await logo.arrayBuffer())).toEqual(pngBytes(4096));
    const again = await app.request(logoSrc, { headers: { 'If-None-Match': logo.headers.get('ETag')! } });
    expect(again.status).toBe(304);

    const audit = (await auditRows(handle.db, { action: 'institution.updated', entityId: dinasId })).at(-1)!;
    expect(audit.dinas_id).toBe(dinasId);
    expect(JSON.stringify(audit.after)).toContain('image/png 4096 B');
  });

  it('refuses a file that only claims to be an image, and one over 512 KB, keeping what was typed', async () => {
    const before = await handle.db.selectFrom('institutions').select(['logo', 'updated_at']).where('id', '=', dinasId).executeTakeFirstOrThrow();
    const fake = await postMultipart(app, `/organizations/${dinasId}`, profileForm({ city: 'Kota Uji' }), { logo: { bytes: new TextEncoder().encode('<svg onload="alert(1)"/>'), name: 'logo.png', type: 'image/png' } }, cookies.coordinator);
    expect(fake.status).toBe(400);
    const fakeHtml = await fake.text();
    expect(fakeHtml).toContain('Berkas harus gambar PNG atau JPEG.');
    expect(fakeHtml).toContain('value="Kota Uji"');
    const large = await postMultipart(app, `/organizations/${dinasId}`, profileForm({ city: 'Kota Uji' }), { logo: { bytes: jpegBytes(512 * 1024 + 1), name: 'besar.jpg', type: 'image/jpeg' } }, cookies.coordinator);
    expect(large.status).toBe(400);
    expect(await large.text()).toContain('Berkas terlalu besar.');
    const after = await handle.db.selectFrom('institutions').select(['logo', 'updated_at', 'city']).where('id', '=', dinasId).executeTakeFirstOrThrow();
    expect(after.logo).toEqual(before.logo);
    expect(after.updated_at).toEqual(before.updated_at);
    expect(after.city).toBe('Pekalongan');
  });

  it('answers 400 with field messages for bad input (no name, five letterhead lines, a zone outside Indonesia)', async () => {
    const response = await app.postForm(`/organizations/${dinasId}`, profileForm({ name: '', letterhead: '1\n2\n3\n4\n5', timeZone: 'Europe/Paris' }), cookies.coordinator);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Isi nama lembaga');
    expect(html).toContain('Kop paling banyak 4 baris.');
    expect(html).toContain('Pilih zona waktu');
  });

  it('removes the logo when asked; then the logo address answers 404', async () => {
    const response = await app.postForm(`/organizations/${dinasId}`, profileForm({ removeLogo: 'on' }), cookies.coordinator);
    expect(response.status).toBe(302);
    expect((await handle.db.selectFrom('institutions').select('logo').where('id', '=', dinasId).executeTakeFirstOrThrow()).logo).toBeNull();
    expect((await app.request(`/organizations/${dinasId}/logo`)).status).toBe(404);
  });

  it("another Dinas's coordinator, and a partner institute's staff, get 404 on the Dinas's settings pages and actions", async () => {
    const signatory = await handle.db.insertInto('signatories').values({ institution_id: dinasId, name: 'Ir. Kepala Dinas', title: 'Kepala Dinas', signature_image: Buffer.from(pngBytes(100)), signature_type: 'image/png' }).returning('id').executeTakeFirstOrThrow();
    for (const cookie of [cookies.other!, cookies.staff!]) {
      for (const path of [`/organizations/${dinasId}`, `/organizations/${dinasId}/signatories`, `/organizations/${dinasId}/signatories/new`, `/organizations/${dinasId}/signatories/${signatory.id}`, `/organizations/${dinasId}/signatories/${signatory.id}/signature`]) {
        expect((await app.request(path, { cookie })).status, path).toBe(404);
      }
      expect((await app.postForm(`/organizations/${dinasId}`, profileForm({ name: 'Dinas Direbut' }), cookie)).status).toBe(404);
      expect((await app.postForm(`/organizations/${dinasId}/signatories`, { intent: 'deactivate', signatoryId: signatory.id }, cookie)).status).toBe(404);
      expect((await app.postForm(`/organizations/${dinasId}/signatories/${signatory.id}`, { name: 'Direbut', title: 'Direbut' }, cookie)).status).toBe(404);
    }
    // Their own Dinas's signatory list does not open this one either.
    expect((await app.request(`/organizations/${otherDinasId}/signatories/${signatory.id}`, { cookie: cookies.other })).status).toBe(404);
    expect((await handle.db.selectFrom('institutions').select('name').where('id', '=', dinasId).executeTakeFirstOrThrow()).name).not.toBe('Dinas Direbut');
    expect((await handle.db.selectFrom('signatories').select('is_active').where('id', '=', signatory.id).executeTakeFirstOrThrow()).is_active).toBe(true);
  });

  it("an institute admin keeps their institute's profile (no time zone there); the Dinas's coordinator cannot", async () => {
    const institute = await organizationWithAdmin(handle.db, 'training_institute', 'LPK Mandiri Batik', 'admin@lpk-batik.test');
    const lsp = await organizationWithAdmin(handle.db, 'certification_body', 'LSP Koperasi Nusantara', 'admin@lsp-nusantara.test');
    const adminCookie = await app.sessionCookie(institute.userId);
    const lspCookie = await app.sessionCookie(lsp.userId);
    const form = await page(`/organizations/${institute.id}`, adminCookie);
    expect(form.status).toBe(200);
    expect(form.html).not.toContain('name="timeZone"');
    const saved = await app.postForm(`/organizations/${institute.id}`, { name: 'LPK Mandiri Batik Pekalongan', letterhead: 'Terakreditasi A' }, adminCookie);
    expect(saved.status).toBe(302);
    const audit = (await auditRows(handle.db, { action: 'institution.updated', entityId: institute.id })).at(-1)!;
    expect(audit.dinas_id).toBeNull();
    expect(await page(`/organizations/${lsp.id}`, lspCookie)).toMatchObject({ status: 200 });
    for (const [id, cookie] of [[institute.id, cookies.coordinator], [lsp.id, cookies.coordinator], [lsp.id, adminCookie]] as const) {
      expect((await app.request(`/organizations/${id}`, { cookie })).status).toBe(404);
    }
    const { institute: demoInstitute } = await demoInstitutions(handle.db);
    // Institute staff reach their institute but do not keep its settings.
    expect((await app.request(`/organizations/${demoInstitute}`, { cookie: cookies.staff })).status).toBe(403);
  });
});

describe('signatories', () => {
  it('adds, edits, reorders and deactivates signatories, with a soft NIP check and a private signature image; all audited', async () => {
    const base = `/organizations/${dinasId}/signatories`;
    const first = await postMultipart(app, `${base}/new`, { name: 'Drs. Sutarno, M.Si.', title: 'Kepala Dinas', nip: '19700101 199003 1 005' }, { signature: { bytes: pngBytes(1024), name: 'ttd.png', type: 'image/png' } }, cookies.coordinator);
    expect(first.status).toBe(302);
    const second = await app.postForm(`${base}/new`, { name: 'Ratna Kusuma, S.E.', title: 'Ketua LSP', nip: 'MET.000.1234' }, cookies.coordinator);
    expect(second.status).toBe(302);
    const rows = await handle.db.selectFrom('signatories').select(['id', 'name', 'nip', 'position', 'signature_type']).where('institution_id', '=', dinasId).where('name', 'in', ['Drs. Sutarno, M.Si.', 'Ratna Kusuma, S.E.']).orderBy('position').execute();
    expect(rows.map((r) => [r.name, r.nip, r.signature_type])).toEqual([
      ['Drs. Sutarno, M.Si.', '197001011990031005', 'image/png'],
      ['Ratna Kusuma, S.E.', 'MET.000.1234', null],
    ]);
    const [sutarno, sri] = rows;

    const list = await page(base, cookies.coordinator);
    expect(list.html).toContain('Bukan NIP PNS 18 digit');
    expect(list.html.indexOf('Drs. Sutarno')).toBeLessThan(list.html.indexOf('Ratna Kusuma'));
    expect(list.html.match(/Bukan NIP PNS 18 digit/g)).toHaveLength(1);

    const signature = await app.request(`${base}/${sutarno!.id}/signature`, { cookie: cookies.coordinator });
    expect(signature.status).toBe(200);
    expect(signature.headers.get('Cache-Control')).toBe('private, no-store');
    expect((await app.request(`${base}/${sutarno!.id}/signature`, { redirect: 'manual' })).status).toBe(302); // to sign in

    const badImage = await postMultipart(app, `${base}/${sri!.id}`, { name: 'Ratna Kusuma, S.E.', title: 'Ketua LSP' }, { signature: { bytes: pngBytes(256 * 1024 + 1), name: 'besar.png', type: 'image/png' } }, cookies.coordinator);
    expect(badImage.status).toBe(400);
    expect(await badImage.text()).toContain('Berkas terlalu besar.');
    const invalid = await app.postForm(`${base}/${sri!.id}`, { name: '', title: '' }, cookies.coordinator);
    expect(invalid.status).toBe(400);

    expect((await app.postForm(base, { intent: 'up', signatoryId: sri!.id }, cookies.coordinator)).status).toBe(302);
    const order = await handle.db.selectFrom('signatories').select(['id']).where('institution_id', '=', dinasId).where('is_active', '=', true).orderBy('position').execute();
    expect(order.findIndex((r) => r.id === sri!.id)).toBeLessThan(order.findIndex((r) => r.id === sutarno!.id));

    expect((await app.postForm(base, { intent: 'deactivate', signatoryId: sutarno!.id }, cookies.coordinator)).status).toBe(302);
    expect((await handle.db.selectFrom('signatories').select('is_active').where('id', '=', sutarno!.id).executeTakeFirstOrThrow()).is_active).toBe(false);

    const edited = await postMultipart(app, `${base}/${sri!.id}`, { name: 'Ratna Kusuma, S.E., M.M.', title: 'Sekretaris Dinas', nip: '198203152006042010' }, {}, cookies.coordinator);
    expect(edited.status).toBe(302);
    expect(await handle.db.selectFrom('signatories').select(['name', 'title', 'nip']).where('id', '=', sri!.id).executeTakeFirstOrThrow()).toEqual({
      name: 'Ratna Kusuma, S.E., M.M.',
      title: 'Sekretaris Dinas',
      nip: '198203152006042010',
    });

    const actions = (await handle.db.selectFrom('audit_log').select(['action', 'dinas_id']).where('entity_type', '=', 'signatory').where('entity_id', 'in', [sutarno!.id, sri!.id]).orderBy('id').execute());
    expect(actions.map((a) => a.action)).toEqual(['signatory.created', 'signatory.created', 'signatory.moved', 'signatory.deactivated', 'signatory.updated']);
    expect(new Set(actions.map((a) => a.dinas_id))).toEqual(new Set([dinasId]));
  });
});
