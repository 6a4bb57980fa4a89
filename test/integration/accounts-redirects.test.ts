import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { demoApp } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

/**
 * The open redirect of issue #10 (item 2): `/login?redirectTo=%2F%09%2Fevil.example` sent
 * the signed-in browser to `/\t/evil.example`, which it follows to `//evil.example`. The
 * guard (app/lib/redirects.ts, unit-tested on its own) must hold on the real pages.
 */

let handle: DatabaseHandle;
let app: TestApp;
beforeAll(async () => {
  ({ handle, app } = await demoApp());
});
afterAll(() => handle.close());

const BYPASSES = ['/\t/evil.example', '/\t\\evil.example', '/\\evil.example', '//evil.example', 'https://evil.example', '/\n/evil.example'];

describe('redirects after sign-in and the language switch stay on this site', () => {
  it('signs in from /login?redirectTo=%2F%09%2Fevil.example and lands on /', async () => {
    const page = await app.request('/login?redirectTo=%2F%09%2Fevil.example');
    expect(page.status).toBe(200);
    // The form carries the parameter as it came (in a hidden field); the action judges it.
    const hidden = /name="redirectTo" value="([^"]*)"/.exec(await page.text());
    expect(hidden).not.toBeNull();
    const signIn = await app.postForm('/login', { email: 'koordinator@kompeten.test', password: 'Kompeten2026!', redirectTo: '/\t/evil.example' }, undefined, { ip: '203.0.113.90' });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('Location')).toBe('/');
  });

  it.each(BYPASSES)('refuses %j after sign-in and on /language', async (redirectTo) => {
    const signIn = await app.postForm('/login', { email: 'koordinator@kompeten.test', password: 'Kompeten2026!', redirectTo }, undefined, { ip: '203.0.113.91' });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('Location')).toBe('/');
    const language = await app.postForm('/language', { lng: 'en', redirectTo });
    expect(language.status).toBe(302);
    expect(language.headers.get('Location')).toBe('/');
  });

  it('keeps a path on this site (an encoded tab stays an encoded, same-site path)', async () => {
    const language = await app.postForm('/language', { lng: 'id', redirectTo: '/cohorts?page=2' });
    expect(language.headers.get('Location')).toBe('/cohorts?page=2');
    const encoded = await app.postForm('/language', { lng: 'id', redirectTo: '/%09/evil.example' });
    expect(encoded.headers.get('Location')).toBe('/%09/evil.example');
  });
});
