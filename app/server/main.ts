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
import { CLIENT_IP_HEADER } from '~/lib/auth-cookie.server';
import { startBackups } from './backups';
import { seedDemoData } from './demo-seed';
import { startMailDelivery } from './mail-delivery';
import { limitBodySize, refuseCrossOriginWrites, rewriteVerifyFiles } from './request-guards';
import { securityHeaders } from './security-headers';
import { atShutdown, markStarted, startProcess, stopOnSignals, stopServerAtShutdown } from './start';

const NAME = 'Kompeten';
const buildPath = path.resolve('build/index.js');

async function main() {
  stopOnSignals('[kompeten]');
  const { config, database, applied } = await startProcess({
    name: NAME,
    check: () => (existsSync(buildPath) ? undefined : 'No build found at build/index.js: run `npm run build` first.'),
    // An empty database gets the demo data; instances starting together seed it once.
    afterMigrations: async ({ config, database }) => {
      if (config.SEED !== 'demo') return;
      const seeded = await seedDemoData(database.db);
      if (seeded) console.log('[kompeten] demo data loaded (see README for the demo logins)');
    },
  });
  if (applied.length) console.log(`[kompeten] migrations applied: ${applied.join(', ')}`);

  // The embedded database backs itself up (nightly and on SIGUSR2); PostgreSQL has pg_dump.
  if (database.kind === 'pglite') {
    const backups = startBackups(database, config, { info: (line) => console.log(`[kompeten] ${line}`), error: (line) => console.error(`[kompeten] ${line}`) });
    atShutdown('finishing a backup in progress', () => backups.stop());
  }

  // Without SMTP_URL mail stays in the outbox, readable at /mail, until a server is set.
  if (config.SMTP_URL) {
    const mailDelivery = startMailDelivery(database, { ...config, SMTP_URL: config.SMTP_URL });
    atShutdown('stopping the mail worker', () => mailDelivery.stop());
  } else {
    console.log('[kompeten] SMTP_URL is not set: outgoing mail is kept in the outbox (/mail)');
  }

  const loadBuild = async () => {
    // In development `remix dev` rebuilds; import the newest build by its mtime.
    const version = config.NODE_ENV === 'development' ? `?t=${statSync(buildPath).mtimeMs}` : '';
    return (await import(pathToFileURL(buildPath).href + version)) as ServerBuild;
  };
  const build = await loadBuild();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(refuseCrossOriginWrites());
  app.use(limitBodySize());
  app.use(rewriteVerifyFiles());
  app.use(compression());
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }));
  // The few files at the top of public/ (favicon), looked up only at their own paths: a
  // static handler in front of every URL stats the disk on each page request.
  const publicFiles = new Set(readdirSync('public', { withFileTypes: true }).filter((f) => f.isFile()).map((f) => `/${f.name}`));
  const publicStatic = express.static('public', { maxAge: '1h', index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));
  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    // The only trusted source of the client's address for the app below.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? '';
    securityHeaders(res, { nonce: res.locals.cspNonce as string, production: config.NODE_ENV === 'production' });
    next();
  });
  app.all(
    '*',
    createRequestHandler({
      build: config.NODE_ENV === 'development' ? loadBuild : build,
      mode: config.NODE_ENV,
      getLoadContext: (_req, res) => ({ db: database.db, databaseKind: database.kind, cspNonce: res.locals.cspNonce as string }),
    }),
  );

  // Shutdown runs in reverse: stop taking requests and let those in progress finish,
  // then stop the mail worker, then close the database.
  const server = app.listen(config.PORT, () => {
    console.log(`[kompeten] serving ${config.PUBLIC_URL} on port ${config.PORT} (database: ${database.kind})`);
    if (config.NODE_ENV === 'development' && process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build);
    markStarted();
  });
  stopServerAtShutdown(server);
}

void main().catch((error) => {
  console.error('[kompeten] start-up failed', error);
  process.exit(1);
});
