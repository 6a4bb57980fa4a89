import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { databaseAnswers } from '~/lib/health.server';

/**
 * `/healthz` for load balancers and monitors: 200 when the database answers, 503
 * otherwise, with the database kind. Answered in front of the page stack (sessions,
 * compression, route matching, React): proxies ask every few seconds, and what it checks
 * is the process and its database, not the pages.
 */
export function healthEndpoint(database: { db: Kysely<Database>; kind: string }): RequestHandler {
  return (_req, res) => {
    void databaseAnswers(database.db).then((ok) => {
      res
        .status(ok ? 200 : 503)
        .set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
        .json({ status: ok ? 'ok' : 'error', database: database.kind });
    });
  };
}
