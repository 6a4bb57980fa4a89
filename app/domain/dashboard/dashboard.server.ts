import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';
import { requireDashboardScope } from './access.server';
import { periodFigures } from './figures.server';
import { expiringCertificates, upcomingCohorts } from './lists.server';
import { parsePeriod } from './period';
import { neighbourFigures } from './province.server';
import type { Dashboard } from './types';

/**
 * The coordinator's dashboard: the period's figures and the two lists, each section one
 * aggregate query, run side by side. A new section is one more call here and one more
 * component on the page.
 */
/** The Dinas and period a dashboard request is about (also what an export of one of its tables needs). */
export async function dashboardRequest(db: Kysely<Database>, actor: Actor | null, params: URLSearchParams, now = new Date()) {
  const scope = await requireDashboardScope(db, actor, now);
  return { scope, ...parsePeriod(params, scope.today) };
}

export async function loadDashboard(
  db: Kysely<Database>,
  actor: Actor | null,
  params: URLSearchParams,
  now = new Date(),
  options: { listLimit?: number; withNeighbours?: boolean } = {},
): Promise<Dashboard> {
  const { scope, period, problems, input } = await dashboardRequest(db, actor, params, now);
  const [figures, upcoming, expiring, neighbours] = await Promise.all([
    periodFigures(db, scope, period),
    upcomingCohorts(db, scope, options.listLimit),
    expiringCertificates(db, scope, options.listLimit),
    options.withNeighbours ? neighbourFigures(db, scope, period) : null,
  ]);
  return {
    scope: { dinasName: scope.dinasName, timeZone: scope.timeZone, today: scope.today },
    period,
    periodProblems: problems,
    periodInput: input,
    figures,
    upcoming,
    expiring,
    neighbours,
  };
}

/**
 * "Among neighbours": the Dinas beside the other Dinas of its province for a period — a
 * page of its own (it counts every cohort of the province, as much work as the dashboard
 * itself), linked from the dashboard.
 */
export async function loadNeighbours(db: Kysely<Database>, actor: Actor | null, params: URLSearchParams, now = new Date()) {
  const { scope, period, problems, input } = await dashboardRequest(db, actor, params, now);
  return {
    scope: { dinasName: scope.dinasName, timeZone: scope.timeZone, today: scope.today },
    period,
    periodProblems: problems,
    periodInput: input,
    neighbours: await neighbourFigures(db, scope, period),
  };
}
