/**
 * The Kompeten process: checks the configuration, opens and migrates the database,
 * loads the demo data on an empty one, then serves the Remix app over HTTP.
 * Compiled to build/server/main.js by `npm run build` and run by `npm start` (or `node
 * build/server/main.js` under a supervisor). On SIGINT/SIGTERM it stops taking connections, lets
 * the requests in progress finish (up to 10 s), stops the mail worker, closes the
 * database and exits 0.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import { broadcastDevReady, type ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { CLIENT_IP_HEADER, normalizeIp } from '~/lib/auth-cookie.server';
import { errorFields, log } from '~/lib/log.server';
import { withRequestScope } from '~/lib/request-scope.server';
import { createAppServer } from './app-server';
import { startBackups } from './backups';
import { seedDemoData } from './demo-seed';
import { healthEndpoint } from './health';
import { startMailDelivery } from './mail-delivery';
import { metrics, metricsEndpoint } from './metrics';
import { startPdfWorkers } from './pdf-workers';
import { limitBodySize, refuseCrossOriginWrites, rewriteVerifyFiles, verifyFileAlias } from './request-guards';
import { requestLog } from './request-log';
import { routePatterns } from './route-patterns';
import { securityHeaders } from './security-headers';
import { atShutdown, markStarted, startProcess, stopOnSignals, stopServerAtShutdown } from './start';

const NAME = 'Kompeten';
const buildPath = path.resolve('build/index.js');
const serverLog = log('kompeten');

async function main() {
  stopOnSignals('kompeten');
  const { config, database, applied } = await startProcess({
    name: NAME,
    check: () => (existsSync(buildPath) ? undefined : 'No build found at build/index.js: run `npm run build` first.'),
    // An empty database gets the demo data; instances starting together seed it once.
    afterMigrations: async ({ config, database }) => {
      if (config.SEED !== 'demo') return;
      const seeded = await seedDemoData(database.db);
      if (seeded) serverLog.info('demo data loaded (see README for the demo logins)');
    },
  });
  if (applied.length) serverLog.info(`migrations applied: ${applied.join(', ')}`, { migrations: applied });

  // The embedded database backs itself up (nightly and on SIGUSR2); PostgreSQL has pg_dump.
  if (database.kind === 'pglite') {
    const backups = startBackups(database, config, log('backup'));
    atShutdown('finishing a backup in progress', () => backups.stop());
  }

  // Before the mail worker, which attaches certificates: shutdown stops it first.
  if (config.PDF_WORKERS > 0) {
    const pdfWorkers = startPdfWorkers(config.PDF_WORKERS);
    atShutdown('stopping the PDF workers', () => pdfWorkers.stop());
  }

  // Without SMTP_URL mail stays in the outbox, readable at /mail, until a server is set.
  if (config.SMTP_URL) {
    const mailDelivery = startMailDelivery(database, { ...config, SMTP_URL: config.SMTP_URL });
    atShutdown('stopping the mail worker', () => mailDelivery.stop());
  } else {
    serverLog.info('SMTP_URL is not set: outgoing mail is kept in the outbox (/mail)');
  }

  const loadBuild = async () => {
    // In development `remix dev` rebuilds; import the newest build by its mtime.
    const version = config.NODE_ENV === 'development' ? `?t=${statSync(buildPath).mtimeMs}` : '';
    return (await import(pathToFileURL(buildPath).href + version)) as ServerBuild;
  };
  const build = await loadBuild();

  const app = express();
  app.disable('x-powered-by');
  // Who may name the client in X-Forwarded-For: TRUST_PROXY (README, "Deploying").
  app.set('trust proxy', config.TRUST_PROXY);
  const publicFiles = new Set(readdirSync('public', { withFileTypes: true }).filter((f) => f.isFile()).map((f) => `/${f.name}`));
  const routeOf = routePatterns(build);
  app.use(
    requestLog({
      routeOf: (pathname) =>
        pathname.startsWith('/build/') ? '/build/*' : publicFiles.has(pathname) || pathname === '/metrics' || pathname === '/healthz' ? pathname : routeOf(verifyFileAlias(pathname) ?? pathname),
      observe: (labels, seconds) => metrics().observeRequest(labels, seconds),
    }),
  );
  app.get('/healthz', healthEndpoint(database));
  app.get('/metrics', metricsEndpoint({ token: config.METRICS_TOKEN, db: database.db }));
  app.use(refuseCrossOriginWrites());
  app.use(limitBodySize());
  app.use(rewriteVerifyFiles());
  app.use(compression());
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }));
  // The few files at the top of public/ (favicon), looked up only at their own paths: a
  // static handler in front of every URL stats the disk on each page request.
  const publicStatic = express.static('public', { maxAge: '1h', index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));
  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    // The only trusted source of the client's address for the app below.
    req.headers[CLIENT_IP_HEADER] = normalizeIp(req.ip);
    securityHeaders(res, { nonce: res.locals.cspNonce as string, production: config.NODE_ENV === 'production' });
    withRequestScope(req.method, next);
  });
  app.all(
    '*',
    createRequestHandler({
      build: config.NODE_ENV === 'development' ? loadBuild : build,
      mode: config.NODE_ENV,
      getLoadContext: (_req, res) => ({ db: database.db, cspNonce: res.locals.cspNonce as string }),
    }),
  );

  // Shutdown runs in reverse: stop taking requests and let those in progress finish,
  // then stop the mail worker, then close the database.
  const onListening = () => {
    serverLog.info(`serving ${config.PUBLIC_URL} on ${config.HOST ?? 'all interfaces'}, port ${config.PORT} (database: ${database.kind})`, {
      port: config.PORT,
      host: config.HOST ?? null,
      database: database.kind,
    });
    if (config.NODE_ENV === 'development' && process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build);
    markStarted();
  };
  const server = createAppServer(app);
  if (config.HOST) server.listen(config.PORT, config.HOST, onListening);
  else server.listen(config.PORT, onListening);
  stopServerAtShutdown(server);
}

void main().catch((error) => {
  log('kompeten').fatal('start-up failed', errorFields(error));
  process.exit(1);
});
