import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { demoApp, demoDinasId, seedOtherDinas, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';
import { tinyPng } from '../support/images';
import { organizationWithAdmin, postMultipart } from '../support/organizations-fixtures';

let handle: DatabaseHandle;
let app: TestApp;
let dinasId: string;
let dir: string;
const cookies: Record<string, string> = {};
const missing = ['pdftotext', 'qpdf'].filter((tool) => spawnSync('which', [tool]).status !== 0);

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  dinasId = await demoDinasId(handle.db);
  const other = await seedOtherDinas(handle.db);
  cookies.coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
  cookies.other = await app.sessionCookie(other.coordinatorId);
  cookies.staff = await app.sessionCookie(await userIdByEmail(handle.db, 'lembaga@kompeten.test'));
  dir = mkdtempSync(path.join(tmpdir(), 'kompeten-preview-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await handle.close();
});

/** The preview's text as pdftotext reads it (after qpdf checks the file), spaces squashed. */
async function previewText(organizationId: string, cookie: string) {
  const response = await app.request(`/organizations/${organizationId}/preview.pdf`, { cookie });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('application/pdf');
  expect(response.headers.get('Cache-Control')).toBe('no-store');
  const file = path.join(dir, `${organizationId}-${Date.now()}.pdf`);
  writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
  expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
  const pages = execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)?.[1];
  expect(pages).toBe('1');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
}

describe.skipIf(missing.length > 0)('the sample certificate on the settings pages', () => {
  it("is page 1 of a training certificate drawn with the Dinas's current signatory, labelled a sample, and changes after an edit", async () => {
    await handle.db.updateTable('institutions').set({ logo: tinyPng(), logo_type: 'image/png' }).where('id', '=', dinasId).execute();
    await handle.db.updateTable('signatories').set({ is_active: false }).where('institution_id', '=', dinasId).execute();
    const signatory = await handle.db
      .insertInto('signatories')
      .values({ institution_id: dinasId, name: 'Dr. Ratna Pratinjau, M.Si.', title: 'Kepala Dinas', nip: '197001011990032002', signature_image: tinyPng(), signature_type: 'image/png', position: 90 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const text = await previewText(dinasId, cookies.coordinator!);
    expect(text).toContain('Dr. Ratna Pratinjau, M.Si.');
    expect(text).toContain('NIP 19700101 199003 2 002');
    expect(text).toContain('CONTOH / SAMPLE');
    expect(text).toContain('SERTIFIKAT');

    // Edited through the signatory form: the next preview shows the new name.
    const edited = await postMultipart(app, `/organizations/${dinasId}/signatories/${signatory.id}`, { name: 'Dr. Ratna Diubah, M.Si.', title: 'Kepala Dinas', nip: '197001011990032002' }, {}, cookies.coordinator);
    expect(edited.status).toBe(302);
    const after = await previewText(dinasId, cookies.coordinator!);
    expect(after).toContain('Dr. Ratna Diubah, M.Si.');
    expect(after).not.toContain('Dr. Ratna Pratinjau');
  });

  it('is a certificate of competency with two signatories for a certification body, for its admin', async () => {
    const lsp = await organizationWithAdmin(handle.db, 'certification_body', 'LSP Pratinjau Nusantara', 'admin@lsp-pratinjau.test');
    await handle.db
      .insertInto('signatories')
      .values([
        { institution_id: lsp.id, name: 'Ketua Pratinjau', title: 'Ketua LSP', position: 1 },
        { institution_id: lsp.id, name: 'Manajer Pratinjau', title: 'Manajer Sertifikasi', position: 2 },
        { institution_id: lsp.id, name: 'Ketiga Tidak Tercetak', title: 'Staf', position: 3 },
      ])
      .execute();
    const text = await previewText(lsp.id, await app.sessionCookie(lsp.userId));
    expect(text).toContain('Ketua Pratinjau');
    expect(text).toContain('Manajer Pratinjau');
    expect(text).not.toContain('Ketiga Tidak Tercetak');
    expect(text).toContain('KOMPETENSI');
  });

  it('is embedded on the profile and signatories pages, with a link to open it', async () => {
    for (const page of [`/organizations/${dinasId}`, `/organizations/${dinasId}/signatories`]) {
      const html = await (await app.request(page, { cookie: cookies.coordinator })).text();
      expect(html, page).toMatch(new RegExp(`<a href="/organizations/${dinasId}/preview\\.pdf\\?v=[a-z0-9]+" target="_blank"`));
      expect(html, page).toContain('Unduh contoh sertifikat (PDF)');
    }
  });

  it("answers 404 to another Dinas's coordinator and to a partner institute's staff, and sends the anonymous to sign in", async () => {
    for (const cookie of [cookies.other!, cookies.staff!]) {
      expect((await app.request(`/organizations/${dinasId}/preview.pdf`, { cookie })).status).toBe(404);
    }
    const anonymous = await app.request(`/organizations/${dinasId}/preview.pdf`, { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/);
  });
});
