import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '~/server/demo-seed';
import type { DatabaseHandle } from '~/lib/db.server';
import { demoDinasId, userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

/**
 * The bytes a page is sent as, not the DOM a browser repairs: React 18.3's Node stream
 * renderer wrote a whole 2 KB view when a multi-byte character did not fit at its end,
 * putting U+0000 bytes into the HTML at 2048·n − 1 or − 2.
 */
let handle: DatabaseHandle;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemoData(handle.db);
  app = await loadApp(handle);
  const dinas = { id: await demoDinasId(handle.db) };
  // Many names full of multi-byte characters, at every offset against the 2 KB views.
  const names = Array.from({ length: 120 }, (_, i) => `Koperasi ${'é'.repeat(i % 7)}—Sejahtera “${i}” Ñusantara ${'—'.repeat(i % 5)} ✓`);
  await handle.db
    .insertInto('cooperatives')
    .values(names.map((name, i) => ({ dinas_id: dinas.id, name, slug: `multibyte-${i}`, type: 'KSP' as const })))
    .execute();
});
afterAll(() => handle?.close());

describe('HTML sent as bytes', () => {
  it('a long page full of multi-byte characters has no NUL byte and is valid UTF-8', async () => {
    const cookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
    for (const path of ['/cooperatives?size=200&q=Sejahtera', '/cooperatives?size=200&sort=name&dir=desc']) {
      const response = await app.request(path, { cookie });
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(20_000);
      expect(bytes.indexOf(0), `first NUL byte of ${path}`).toBe(-1);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      expect(text).toContain('Ñusantara');
    }
  });

  it('is one standards-mode document: the doctype first, the data scripts inside <body>, nothing after </html>', async () => {
    // /login ships no scripts (a public page that works whole without them); the others hydrate.
    for (const path of ['/login', '/forgot-password', '/']) {
      const text = await (await app.request(path)).text();
      // Standards mode: without the doctype a browser lays the page out in quirks mode.
      expect(text.startsWith('<!DOCTYPE html><html lang="id">'), path).toBe(true);
      expect(text.endsWith('</body></html>'), path).toBe(true);
      expect(text.indexOf('</html>')).toBe(text.length - '</html>'.length);
      if (path !== '/login') expect(text.slice(text.indexOf('</head>'))).toContain('window.__remixContext.streamController.close()');
      else expect(text).not.toContain('<script');
    }
  });
});
