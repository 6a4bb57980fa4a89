import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '~/server/demo-seed';
import type { DatabaseHandle } from '~/lib/db.server';
import { loadApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

let handle: DatabaseHandle;
let app: TestApp;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db);
  app = await loadApp(handle);
});
afterAll(() => handle.close());

describe('the portal shell', () => {
  it('shows upcoming cohorts on the home page, in Indonesian first', async () => {
    const response = await app.request('/');
    const html = await response.text();
    expect(html).toContain('<html lang="id"');
    expect(html).toContain('Angkatan pelatihan yang akan datang');
    expect(html).toContain('Angkatan II');
    expect(html).not.toContain('Angkatan III'); // the draft stays inside
  });

  it('promises on the home page what exists: registration, attendance, exam results, verifiable certificates, the dashboard', async () => {
    const id = await (await app.request('/')).text();
    const hero = (html: string) => html.slice(html.indexOf('class="hero"'), html.indexOf('</section>', html.indexOf('class="hero"')));
    expect(hero(id)).toContain('pendaftaran');
    expect(hero(id)).toMatch(/kehadiran.*hasil uji.*sertifikat\b/i);
    expect(hero(id)).toMatch(/sertifikat.*dasbor/i);
    const cookie = (await app.postForm('/language', { lng: 'en', redirectTo: '/' })).headers.get('Set-Cookie')!.split(';')[0]!;
    const en = await (await app.request('/', { cookie })).text();
    expect(hero(en)).toContain('registrations');
    expect(hero(en)).toMatch(/attendance.*results.*certificates/i);
    expect(hero(en)).toMatch(/certificates.*dashboard/i);
  });

  it('switches to English with a plain form post and remembers it', async () => {
    const response = await app.postForm('/language', { lng: 'en', redirectTo: '/' });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/');
    const cookie = response.headers.get('Set-Cookie')!.split(';')[0]!;
    const html = await (await app.request('/', { cookie })).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Upcoming training cohorts');
  });

  it('refuses to redirect off-site after a language switch', async () => {
    const response = await app.postForm('/language', { lng: 'en', redirectTo: '//evil.example' });
    expect(response.headers.get('Location')).toBe('/');
  });

  it('shows a published cohort with its sessions in the cohort time zone, and hides drafts', async () => {
    const cohorts = await handle.db.selectFrom('cohorts').select(['id', 'status']).execute();
    const open = cohorts.find((c) => c.status === 'open')!;
    const draft = cohorts.find((c) => c.status === 'draft')!;
    const html = await (await app.request(`/cohorts/${open.id}`)).text();
    expect(html).toMatch(/08\.00.16\.00 WIB/);
    expect(html).toContain('Uji kompetensi');
    expect(html).toContain('K.64KSP00.011.1');
    expect((await app.request(`/cohorts/${draft.id}`)).status).toBe(404);
    expect((await app.request('/cohorts/not-a-uuid')).status).toBe(404);
  });

  it('answers unknown addresses with the friendly 404 page', async () => {
    const response = await app.request('/no/such/page');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Halaman tidak ditemukan');
  });

  it('signs in with e-mail and password, and signs out', async () => {
    const failed = await app.postForm('/login', { email: 'koordinator@kompeten.test', password: 'wrong' });
    expect(failed.status).toBe(400);
    const ok = await app.postForm('/login', { email: 'koordinator@kompeten.test', password: 'Kompeten2026!', redirectTo: '/' });
    expect(ok.status).toBe(302);
    const cookies = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookies).toContain('kompeten_session=');
    const home = await (await app.request('/', { cookie: cookies })).text();
    expect(home).toContain('<span class="user-name">Sri Wahyuni</span>');
    const out = await app.postForm('/logout', {}, cookies);
    expect(out.status).toBe(302);
    const after = await (await app.request('/', { cookie: cookies })).text();
    expect(after).not.toContain('class="user-name"');
    expect(after).toContain('href="/login"');
  });
});
