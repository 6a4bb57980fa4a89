import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import { createAuthSession } from '~/lib/sessions.server';
import { authCookie, CLIENT_IP_HEADER } from '~/lib/auth-cookie.server';
import { parseConfig, setConfig } from '~/lib/config.server';
import { setDatabase, type DatabaseHandle } from '~/lib/db.server';
import { withRequestScope } from '~/lib/request-scope.server';
import { verifyFileAlias } from '~/server/request-guards';
import { repoRoot } from './server-process';

/**
 * The built Remix app, called in-process with plain Requests against a test database:
 * route loaders and actions run exactly as in production, minus the HTTP socket.
 * `npm test` builds the app first.
 */
export async function loadApp(handle: DatabaseHandle) {
  const buildPath = path.join(repoRoot, 'build/index.js');
  if (!existsSync(buildPath)) throw new Error('No build: run `npm run build` (npm test does it) first.');
  setConfig(parseConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: path.join(repoRoot, '.cache/test-data') }));
  setDatabase(handle);
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const handler = createRequestHandler(build, 'test');

  async function request(pathname: string, init: RequestInit & { cookie?: string } = {}) {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('Cookie', init.cookie);
    // The server's one rewrite before Remix (app/server/main.ts): /verify/<code>.json and .pdf.
    const [path, query = ''] = pathname.split(/\?(.*)/s, 2);
    const alias = verifyFileAlias(path ?? pathname);
    const target = alias ? `${alias}${query ? `?${query}` : ''}` : pathname;
    // As the server does (app/server/main.ts): a reading request's loaders share what they read once.
    return withRequestScope(init.method ?? 'GET', () => handler(new Request(`http://localhost${target}`, { ...init, headers }), { db: handle.db }));
  }

  return {
    request,
    /** A cookie for a signed-in user (a session row, as Epic's fixtures do). */
    async sessionCookie(userId: string): Promise<string> {
      const session = await createAuthSession(handle.db, userId, { ip: '127.0.0.1', userAgent: 'vitest' });
      const setCookie = await authCookie().serialize(session.id);
      return setCookie.split(';')[0]!;
    },
    /** Posts a form the way a browser without JavaScript does (from `options.ip`, for the rate limits and the audit). */
    async postForm(pathname: string, fields: Record<string, string | string[]>, cookie?: string, options: { ip?: string } = {}) {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      }
      return request(pathname, {
        method: 'POST',
        body,
        cookie,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(options.ip ? { [CLIENT_IP_HEADER]: options.ip } : {}) },
        redirect: 'manual',
      });
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof loadApp>>;
