import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router';
import { describe, expect, it } from 'vitest';
import { routePatterns } from '~/server/route-patterns';
import { repoRoot } from '../support/server-process';

describe('route patterns for the log and the metrics', () => {
  it("name the route Remix's own matcher picks, for an address of every route", async () => {
    const build = (await import(pathToFileURL(path.join(repoRoot, 'build/index.js')).href)) as ServerBuild;
    const routes = Object.values(build.routes);
    const tree = (parentId: string | undefined): AgnosticRouteObject[] =>
      routes
        .filter((r) => r.parentId === parentId)
        .map((r) => (r.index ? { id: r.id, index: true, path: r.path } : { id: r.id, path: r.path, children: tree(r.id) }));
    const remixRoutes = tree(undefined);
    const remixPattern = (pathname: string) =>
      `/${(matchRoutes(remixRoutes, pathname) ?? []).map((m) => m.route.path).filter(Boolean).join('/').replace(/\/{2,}/g, '/').replace(/^\/+/, '')}`;
    const patternOf = routePatterns(build);

    const addresses = new Set<string>(['/', '/nothing/here', '/COHORTS', '/verify/ABC-123/', '/cohorts/new']);
    const walk = (parentId: string | undefined, base: string) => {
      for (const r of routes.filter((x) => x.parentId === parentId)) {
        const full = [base, r.path ?? ''].filter(Boolean).join('/');
        addresses.add(`/${full}`.replace(/:[\w-]+/g, '0f3c9a2e-1b4d-4e5f-8a6b-7c8d9e0f1a2b').replace('*', 'a/b'));
        if (!r.index) walk(r.id, full);
      }
    };
    walk(undefined, '');
    expect(addresses.size).toBeGreaterThan(80);
    for (const address of addresses) expect(patternOf(address), address).toBe(remixPattern(address));
    expect(patternOf('/cohorts/0f3c9a2e-1b4d-4e5f-8a6b-7c8d9e0f1a2b/attendance')).toBe('/cohorts/:cohortId/attendance');
  });
});
