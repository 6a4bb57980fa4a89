import type { ServerBuild } from '@remix-run/node';

/**
 * A request's route as its pattern (`/cohorts/:cohortId/attendance`), for the request
 * log and the metrics: ids and query strings stay out of both, and the metrics get one
 * series per route, not per address. An address no route takes is `(unmatched)`.
 *
 * Matched against the build's own route table with Remix's ranking (static segments
 * before dynamic ones, a splat last), compiled once: @remix-run/router's `matchRoutes`
 * flattens and ranks the whole table on every call (about 1.5 ms here for 92 routes).
 * This table has no optional segments and no pathless layouts but the root.
 */
export const UNMATCHED = '(unmatched)';

interface Branch {
  pattern: string;
  regex: RegExp;
  score: number;
  order: number;
}

const PARAM = /^:[\w-]+$/;

/** Remix's `computeScore` (@remix-run/router utils). */
function scoreOf(pattern: string, index: boolean): number {
  const segments = pattern.split('/');
  let score = segments.length;
  if (segments.includes('*')) score -= 2;
  if (index) score += 2;
  for (const segment of segments) {
    if (segment === '*') continue;
    score += PARAM.test(segment) ? 3 : segment === '' ? 1 : 10;
  }
  return score;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function regexOf(pattern: string, caseSensitive: boolean): RegExp {
  const segments = pattern.split('/').filter(Boolean);
  let source = '^';
  for (const segment of segments) {
    if (segment === '*') {
      source += '(?:/.*)?';
      break;
    }
    source += `/${PARAM.test(segment) ? '[^/]+' : escape(segment)}`;
  }
  return new RegExp(`${source}/*$`, caseSensitive ? '' : 'i');
}

export function routePatterns(build: Pick<ServerBuild, 'routes'>): (pathname: string) => string {
  const routes = Object.values(build.routes);
  const branches: Branch[] = [];
  const walk = (parentId: string | undefined, parentPath: string) => {
    for (const route of routes.filter((r) => r.parentId === parentId)) {
      const full = [parentPath, route.path ?? ''].filter(Boolean).join('/').replace(/\/{2,}/g, '/').replace(/^\/+|\/+$/g, '');
      // Children first, as Remix flattens them: on equal scores the deeper route wins.
      if (!route.index) walk(route.id, full);
      if (route.path !== undefined || route.index) {
        branches.push({ pattern: `/${full}`, regex: regexOf(full, !!route.caseSensitive), score: scoreOf(full, !!route.index), order: branches.length });
      }
    }
  };
  walk(undefined, '');
  branches.sort((a, b) => b.score - a.score || a.order - b.order);
  // Bucketed by the first segment: a request tries the few routes that start like it (and,
  // in rank order, those starting with a parameter or a splat), not all of them.
  const firstOf = (pattern: string) => pattern.split('/')[1]?.toLowerCase() ?? '';
  const open = (pattern: string) => firstOf(pattern) === '*' || PARAM.test(pattern.split('/')[1] ?? '');
  const buckets = new Map<string, Branch[]>();
  for (const branch of branches) {
    if (open(branch.pattern)) continue;
    const first = firstOf(branch.pattern);
    buckets.set(first, [...(buckets.get(first) ?? []), branch]);
  }
  const openBranches = branches.filter((b) => open(b.pattern));
  for (const [first, list] of buckets) buckets.set(first, [...list, ...openBranches].sort((a, b) => b.score - a.score || a.order - b.order));
  return (pathname) => {
    const first = pathname.split('/')[1]?.toLowerCase() ?? '';
    const candidates = buckets.get(first) ?? openBranches;
    return candidates.find((b) => b.regex.test(pathname))?.pattern ?? UNMATCHED;
  };
}
