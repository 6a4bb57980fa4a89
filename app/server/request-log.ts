import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { log, REQUEST_ID_HEADER } from '~/lib/log.server';

/**
 * One log line and one metrics observation per request, when its answer is done:
 * `reqId`, `method`, `route` (the route's pattern, never the address with its ids and
 * query string — a search for a name or a NIK must not reach the log), `status` and
 * `durationMs`. The client's address is not logged (it is personal data; the audit log
 * keeps it where it matters).
 *
 * The request id is the incoming `X-Request-Id` when it looks like an id (a proxy's),
 * otherwise a new UUID; it is answered in `X-Request-Id` and handed to the app in the
 * same header, so an error line names it too.
 */

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export function requestIdOf(incoming: string | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export interface RequestLogOptions {
  /** The route pattern of a path (before any rewrite). */
  routeOf: (pathname: string) => string;
  observe?: (labels: { method: string; route: string; status: number }, seconds: number) => void;
}

export function requestLog(options: RequestLogOptions) {
  const httpLog = log('http');
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const reqId = requestIdOf(req.get(REQUEST_ID_HEADER));
    req.headers[REQUEST_ID_HEADER] = reqId;
    res.setHeader('X-Request-Id', reqId);
    const pathname = req.path;
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = options.routeOf(pathname);
      // An answer cut short (the client left) has no status of its own: 499, as nginx says.
      const status = res.writableFinished ? res.statusCode : 499;
      options.observe?.({ method: req.method, route, status }, seconds);
      const fields = { reqId, method: req.method, route, status, durationMs: Math.round(seconds * 10_000) / 10 };
      if (status >= 500) httpLog.warn('request', fields);
      // Health checks come every few seconds from each proxy and monitor.
      else if (route === '/healthz') httpLog.debug('request', fields);
      else httpLog.info('request', fields);
    });
    next();
  };
}
