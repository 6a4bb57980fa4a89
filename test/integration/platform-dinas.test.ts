import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGlite, type DatabaseHandle } from '~/lib/db.server';
import { auditRows, cookiesFrom, linkIn, mailTo, seedOtherDinas, userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { repoRoot } from '../support/server-process';

/**
 * The platform administrator (issue #10): the first one is made with the CLI from an empty
 * database; they add a Dinas with its first coordinator from the UI, without SQL; the
 * invited coordinator signs up and finds their Dinas empty. Nobody else reaches /platform.
 */

let dataDir: string;
let handle: DatabaseHandle;
let app: TestApp;
let operatorCookie: string;

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/cli.ts', ...args], {
      cwd: repoRoot,
      // An embedded database in an empty directory: the command migrates it first.
      env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '', PUBLIC_URL: 'https://kompeten.example', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-platform-'));
}, 120_000);
afterAll(async () => {
  await handle?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the platform administrator', () => {
  it('is created by the CLI in an empty database and signs in through the one-time link', async () => {
    const usage = await runCli(['create-operator', '--email', 'bukan-alamat', '--name', 'X']);
    expect(usage.code).toBe(2);

    const made = await runCli(['create-operator', '--email', 'Operator@Provinsi.test', '--name', 'Operator Provinsi']);
    expect(made.code, made.output).toBe(0);
    expect(made.output).toContain('Applied:');
    const link = linkIn(made.output, '/reset-password/');

    handle = await openPGlite({ dataDir });
    app = await loadApp(handle);
    const operatorId = await userIdByEmail(handle.db, 'operator@provinsi.test');
    expect(await handle.db.selectFrom('user_roles').select(['role', 'institution_id']).where('user_id', '=', operatorId).execute()).toEqual([
      { role: 'platform_admin', institution_id: null },
    ]);
    expect(await auditRows(handle.db, { action: 'user.platform_admin_created', entityId: operatorId })).toHaveLength(1);
    // No password yet: nothing signs in until the link is used.
    expect((await app.postForm('/login', { email: 'operator@provinsi.test', password: 'sandi operator provinsi' })).status).toBe(400);

    expect((await app.request(link)).status).toBe(200);
    const set = await app.postForm(link, { password: 'sandi operator provinsi', passwordConfirm: 'sandi operator provinsi' });
    expect(set.status).toBe(302);
    expect((await app.request(link)).status).toBe(410);
    const signIn = await app.postForm('/login', { email: 'operator@provinsi.test', password: 'sandi operator provinsi', redirectTo: '/platform' });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('Location')).toBe('/platform');
    operatorCookie = cookiesFrom(signIn);
    const home = await (await app.request('/platform', { cookie: operatorCookie })).text();
    expect(home).toContain('Belum ada Dinas di portal ini.');
    const nav = home.slice(home.indexOf('<nav'), home.indexOf('</nav>'));
    expect(nav).toContain('href="/platform"');
    expect(nav).not.toContain('href="/cooperatives"');
  }, 120_000);

  it('adds a Dinas from the UI; its invited coordinator accepts and sees an empty Dinas', async () => {
    const form = {
      name: 'Dinas Koperasi, Usaha Kecil dan Menengah Kota Malang',
      shortName: 'Diskopindag Kota Malang',
      regencyCode: '35.73',
      city: 'Malang',
      address: 'Jl. Simpang Terusan Danau Sentani No. 3, Malang',
      email: 'diskop@malangkota.test',
      timeZone: 'Asia/Jakarta',
      coordinatorName: 'Dewi Anggraini',
      coordinatorEmail: 'dewi@malangkota.test',
    };
    const bad = await app.postForm('/platform/dinas/new', { ...form, regencyCode: '3573', coordinatorEmail: 'bukan' }, operatorCookie);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Masukkan kode kabupaten/kota seperti 35.73');
    expect(badHtml).toContain('Masukkan alamat e-mail yang valid');

    const created = await app.postForm('/platform/dinas/new', form, operatorCookie, { ip: '203.0.113.80' });
    expect(created.status).toBe(302);
    expect(created.headers.get('Location')).toBe('/platform');
    const dinas = await handle.db.selectFrom('institutions').selectAll().where('regency_code', '=', '35.73').executeTakeFirstOrThrow();
    expect(dinas).toMatchObject({ kind: 'dinas', name: form.name, short_name: form.shortName, city: 'Malang', email: form.email, time_zone: 'Asia/Jakarta' });
    expect(await auditRows(handle.db, { action: 'institution.created', entityId: dinas.id })).toMatchObject([{ dinas_id: dinas.id, ip: '203.0.113.80' }]);
    const again = await app.postForm('/platform/dinas/new', { ...form, name: 'Dinas Lain' }, operatorCookie);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Sudah ada Dinas dengan kode kabupaten/kota ini');

    const list = await (await app.request('/platform', { cookie: operatorCookie })).text();
    expect(list).toContain(form.name);
    expect(list).toContain('35.73');

    const [mail, ...more] = await mailTo(handle.db, form.coordinatorEmail);
    expect(more).toHaveLength(0);
    expect(mail).toMatchObject({ template: 'invitation', dinas_id: dinas.id });
    expect(mail!.text_body).toContain('Operator Provinsi mengundang Anda');
    const link = linkIn(mail!.text_body, '/invitations/');
    const accepted = await app.postForm(link, { intent: 'create', displayName: 'Dewi Anggraini', password: 'sandi koordinator malang', passwordConfirm: 'sandi koordinator malang' });
    expect(accepted.status).toBe(302);
    const cookie = cookiesFrom(accepted);
    const coordinatorId = await userIdByEmail(handle.db, form.coordinatorEmail);
    expect(await handle.db.selectFrom('user_roles').select(['role', 'institution_id', 'granted_by_dinas_id']).where('user_id', '=', coordinatorId).execute()).toEqual([
      { role: 'coordinator', institution_id: dinas.id, granted_by_dinas_id: dinas.id },
    ]);
    const cooperatives = await app.request('/cooperatives', { cookie });
    expect(cooperatives.status).toBe(200);
    const users = await (await app.request('/users', { cookie })).text();
    expect(users).toContain(form.coordinatorEmail);
    expect(users).not.toContain('operator@provinsi.test');
    const listAfter = await (await app.request('/platform', { cookie: operatorCookie })).text();
    // One coordinator now, no cooperatives or cohorts.
    expect(listAfter).toMatch(/<td[^>]*>0<\/td><td[^>]*>0<\/td><td[^>]*>1<\/td>/);

    // A coordinator (of any Dinas) has no way into the platform's pages.
    expect((await app.request('/platform', { cookie })).status).toBe(404);
    expect((await app.request('/platform/dinas/new', { cookie })).status).toBe(404);
    const sneaked = await app.postForm('/platform/dinas/new', { ...form, name: 'Dinas Selundupan', regencyCode: '35.99', coordinatorEmail: 'x@contoh.test' }, cookie);
    expect(sneaked.status).toBe(404);
    const other = await seedOtherDinas(handle.db);
    expect((await app.request('/platform', { cookie: await app.sessionCookie(other.coordinatorId) })).status).toBe(404);
    expect(await handle.db.selectFrom('institutions').select('id').where('name', '=', 'Dinas Selundupan').executeTakeFirst()).toBeUndefined();
  }, 60_000);
});
