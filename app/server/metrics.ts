import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '~db/schema';
import { MAIL_STATUSES, outboxCounts, type OutboxCounts } from '~/domain/mail/operator.server';
import { errorFields, log } from '~/lib/log.server';

/**
 * The process's metrics in Prometheus's text format at /metrics: requests and their
 * durations by route pattern and status, the outbox by status (one aggregate query, reused
 * for a few seconds, so a scrape every second costs the database little), mail delivered
 * or failed by this process's worker, and Node's own process metrics. Behind a bearer
 * token (METRICS_TOKEN); without one configured the address does not exist (404).
 */

/** How long one reading of the outbox serves scrapes. */
export const OUTBOX_CACHE_MS = 5_000;

export interface Metrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  countDeliveries(round: { sent: number; retrying: number; failed: number }): void;
}

const globalForMetrics = globalThis as unknown as { __kompetenMetrics?: Metrics };

/** The process's one set of metrics (the mail worker counts into it too). */
export function metrics(): Metrics {
  globalForMetrics.__kompetenMetrics ??= createMetrics();
  return globalForMetrics.__kompetenMetrics;
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'kompeten_mail_deliveries_total',
    help: "Delivery attempts by this process's mail worker, by outcome (sent, retrying, failed)",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['sent', 'retrying', 'failed']) deliveries.inc({ outcome }, 0);
  return {
    registry,
    observeRequest(labels, seconds) {
      const l = { method: labels.method, route: labels.route, status: String(labels.status) };
      requests.inc(l);
      durations.observe(l, seconds);
    },
    countDeliveries(round) {
      if (round.sent) deliveries.inc({ outcome: 'sent' }, round.sent);
      if (round.retrying) deliveries.inc({ outcome: 'retrying' }, round.retrying);
      if (round.failed) deliveries.inc({ outcome: 'failed' }, round.failed);
    },
  };
}

/** Adds the outbox figures, read from the database (shared by every instance). */
function registerOutbox(registry: Registry, db: Kysely<Database>): void {
  let cached: { at: number; counts: Promise<OutboxCounts> } | null = null;
  const read = () => {
    if (!cached || Date.now() - cached.at > OUTBOX_CACHE_MS) {
      const counts = outboxCounts(db);
      cached = { at: Date.now(), counts };
      counts.catch(() => (cached = null));
    }
    return cached.counts;
  };
  new Gauge({
    name: 'kompeten_mail_outbox_messages',
    help: 'Messages in the outbox (all instances), by status; failed ones gave up after their last attempt',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await read();
        for (const status of MAIL_STATUSES) this.set({ status }, counts[status]);
      } catch (error) {
        log('metrics').warn('reading the outbox failed', errorFields(error));
      }
    },
  });
  new Gauge({
    name: 'kompeten_mail_failed_messages',
    help: 'Messages that failed for good and wait in the outbox for a resend (all instances)',
    registers: [registry],
    async collect() {
      try {
        this.set((await read()).failed);
      } catch {
        // logged by the outbox gauge
      }
    },
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /metrics: 404 without METRICS_TOKEN, 401 without the right `Authorization: Bearer …`. */
export function metricsEndpoint(options: { token: string | undefined; db: Kysely<Database> }) {
  const { registry } = metrics();
  if (options.token) registerOutbox(registry, options.db);
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!options.token || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !sameToken(match[1]!, options.token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').set('Cache-Control', 'no-store').type('text/plain').send('Unauthorized');
      return;
    }
    try {
      const body = await registry.metrics();
      res.status(200).set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(body);
    } catch (error) {
      next(error);
    }
  };
}
