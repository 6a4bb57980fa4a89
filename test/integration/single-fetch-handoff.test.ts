import { createRequire } from 'node:module';
import type * as TurboStream from 'turbo-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { userIdByEmail } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { demoDatabase } from '../support/cohorts-fixtures';

/**
 * Remix encodes a page's loader data (turbo-stream) for its scripts to pick up, with a
 * timer per request (the stream timeout). A page sent without scripts (`handle = {
 * hydrate: false }`: verification, the public roster, sign-in) has nobody to read it; the
 * server-runtime patch encodes it only when read. A page with scripts still has it
 * encoded, once, and the patch clears the timer when the encoding is done: Remix cleared it
 * only when the request was aborted, so each request left one running for 10 s, holding
 * the page's data. Seen from outside: no timer is left behind by either page.
 */
let handle: DatabaseHandle;
let app: TestApp;
let slug: string;
let cookie: string;

beforeAll(async () => {
  ({ handle } = await demoDatabase());
  app = await loadApp(handle);
  slug = (await handle.db.selectFrom('cooperatives').select('slug').orderBy('created_at').executeTakeFirstOrThrow()).slug;
  cookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
});
afterAll(async () => {
  await handle.close();
});

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

// The build's server runtime calls turbo-stream's CommonJS build through its exports object.
const turboStream = createRequire(import.meta.url)('turbo-stream') as typeof TurboStream;
let encodings = 0;
const encode = turboStream.encode;
beforeAll(() => {
  turboStream.encode = (...args) => ((encodings += 1), encode(...args));
});
afterAll(() => {
  turboStream.encode = encode;
});

/**
 * Requests per page. Other timers come and go meanwhile: on PostgreSQL each idle pooled
 * connection holds one (at most the pool's 10), so the counts below leave that much room.
 */
const REQUESTS = 60;
const OTHER_TIMERS = 12;

async function pages(pathname: string, times: number, withCookie?: string) {
  const before = { timers: timers(), encodings };
  let html = '';
  for (let i = 0; i < times; i++) {
    const response = await app.request(pathname, { cookie: withCookie });
    expect(response.status, pathname).toBe(200);
    html = await response.text();
  }
  return { html, timersAdded: timers() - before.timers, encoded: encodings - before.encodings };
}

describe('the loader data of a page without scripts is not encoded', () => {
  it('the public roster sends no data script and leaves no timer per request', async () => {
    const { html, timersAdded, encoded } = await pages(`/koperasi/${slug}`, REQUESTS);
    expect(html).toContain('<h1');
    expect(html).not.toContain('<script');
    expect(encoded).toBe(0);
    expect(timersAdded, `timers added by ${REQUESTS} requests`).toBeLessThanOrEqual(OTHER_TIMERS);
  });

  it('a page with scripts still streams its loader data to them, and leaves no timer either', async () => {
    const { html, timersAdded, encoded } = await pages('/cohorts', REQUESTS, cookie);
    expect(html).toContain('window.__remixContext.streamController.enqueue(');
    expect(encoded).toBe(REQUESTS);
    expect(timersAdded, `timers added by ${REQUESTS} requests`).toBeLessThanOrEqual(OTHER_TIMERS);
  });
});
