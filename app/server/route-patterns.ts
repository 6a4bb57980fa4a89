import type { ServerBuild } from '@remix-run/node';
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router';

/**
 * A request's route as its pattern (`/cohorts/:cohortId/attendance`), for the request
 * log and the metrics: ids and query strings stay out of both, and the metrics get one
 * series per route, not per address. Matched against the build's own route table, the
 * way Remix matches it; an address no route takes is `(unmatched)`.
 */
export const UNMATCHED = '(unmatched)';

export function routePatterns(build: Pick<ServerBuild, 'routes'>): (pathname: string) => string {
  const routes = Object.values(build.routes);
  const childrenOf = (parentId: string | undefined): AgnosticRouteObject[] =>
    routes
      .filter((route) => route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, index: true, path: route.path }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: childrenOf(route.id) },
      );
  const tree = childrenOf(undefined);
  return (pathname) => {
    const matches = matchRoutes(tree, pathname);
    if (!matches) return UNMATCHED;
    const last = matches[matches.length - 1]!;
    // The root route alone matches only "/": anything else reached no route of its own.
    if (last.route.path === undefined && !last.route.index && pathname !== '/') return UNMATCHED;
    const pattern = matches
      .map((m) => m.route.path)
      .filter((p): p is string => !!p)
      .join('/')
      .replace(/\/{2,}/g, '/')
      .replace(/^\/+/, '');
    return `/${pattern}`;
  };
}
