import path from 'node:path';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoData } from '~/server/demo-seed';
import type { DatabaseHandle } from '~/lib/db.server';
import { userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { expectConsoleError } from '../support/fail-on-console-error';
import { repoRoot } from '../support/server-process';

let handle: DatabaseHandle;
let app: TestApp;
let coordinator: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db);
  app = await loadApp(handle);
  coordinator = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
});
afterAll(() => handle?.close());

describe('bad bytes in a request', () => {
  it('a NUL byte in a form field answers 400 under the field and writes nothing', async () => {
    const before = (await handle.db.selectFrom('cooperatives').select('id').execute()).length;
    const response = await app.postForm('/cooperatives/new', { name: 'KSP Nul\u0000Byte', type: 'KSP', cooperativeNumber: '3375019999990001' }, coordinator);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('karakter kendali');
    expect((await handle.db.selectFrom('cooperatives').select('id').execute()).length).toBe(before);
  });

  it('a newline in redirectTo after signing in goes home, not to an error', async () => {
    const response = await app.postForm('/login', { email: 'koordinator@kompeten.test', password: 'Kompeten2026!', redirectTo: '/cohorts\r\nSet-Cookie: x=1' });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/');
  });

  it('an open redirect through a tab or a backslash after signing in stays on this site', async () => {
    for (const redirectTo of ['/\t/evil.example', '/\\evil.example', '//evil.example']) {
      const response = await app.postForm('/login', { email: 'koordinator@kompeten.test', password: 'Kompeten2026!', redirectTo });
      expect(response.headers.get('Location'), redirectTo).toBe('/');
    }
    const language = await app.postForm('/language', { lng: 'en', redirectTo: '/\t/evil.example' });
    expect(language.headers.get('Location')).toBe('/');
  });
});

describe('the error log', () => {
  it('names an unexpected error without its parameters or row values', async () => {
    const build = (await import(pathToFileURL(path.join(repoRoot, 'build/index.js')).href)) as ServerBuild;
    const error = Object.assign(new Error('duplicate key value violates unique constraint "people_nik_key"'), {
      code: '23505',
      detail: 'Key (nik)=(3375014203950007) already exists.',
      parameters: ['3375014203950007', 'Dewi Kartika', 'dewi@contoh.test'],
    });
    expectConsoleError(1);
    build.entry.module.handleError?.(error, { request: new Request('http://localhost/cooperatives/x/roster', { method: 'POST' }), params: {}, context: {} as never });
    // As the console prints it: util.format inspects objects, with all their fields.
    const line = format(...vi.mocked(console.error).mock.calls.at(-1)!);
    expect(line).toContain('POST /cooperatives/x/roster');
    expect(line).toContain('people_nik_key');
    expect(line).toContain('23505');
    expect(line).not.toMatch(/3375014203950007|Dewi|dewi@contoh/);
  });
});
