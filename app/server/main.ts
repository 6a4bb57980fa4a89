/**
 * The Kompeten process: checks the configuration, opens and migrates the database,
 * loads the demo data on an empty one, then serves the Remix app over HTTP.
 * Run by `npm start` (through tsx); stops cleanly on SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import { broadcastDevReady, type ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from './demo-seed';
import { CLIENT_IP_HEADER } from '~/lib/auth-cookie.server';
import { ConfigError, parseConfig, setConfig, type Config } from '~/lib/config.server';
import { openDatabase, setDatabase, type DatabaseHandle } from '~/lib/db.server';
import { startMailDelivery, type MailDelivery } from './mail-delivery';
import { limitBodySize, refuseCrossOriginWrites } from './request-guards';
import { securityHeaders } from './security-headers';

function fail(message: string): never {
  console.error(`\nKompeten cannot start:\n${message}\n`);
  process.exit(1);
}

async function main() {
  let config: Config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  setConfig(config);

  const buildPath = path.resolve('build/index.js');
  if (!existsSync(buildPath)) fail('No build found at build/index.js: run `npm run build` first.');

  let database: DatabaseHandle;
  try {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  setDatabase(database);

  let shuttingDown = false;
  let mailDelivery: MailDelivery | null = null;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`[kompeten] ${signal} received, closing…`);
    server?.close();
    await mailDelivery?.stop();
    await database.close().catch((error) => console.error('[kompeten] closing the database failed', error));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) console.log(`[kompeten] migrations applied: ${applied.join(', ')}`);
    if (config.SEED === 'demo') {
      const seeded = await seedDemoData(database.db);
      if (seeded) console.log('[kompeten] demo data loaded (see README for the demo logins)');
    }
  } catch (error) {
    await database.close().catch(() => undefined);
    fail(error instanceof Error ? error.message : String(error));
  }

  // Without SMTP_URL mail stays in the outbox, readable at /mail, until a server is set.
  if (config.SMTP_URL) mailDelivery = startMailDelivery(database, { ...config, SMTP_URL: config.SMTP_URL });
  else console.log('[kompeten] SMTP_URL is not set: outgoing mail is kept in the outbox (/mail)');

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
  app.use(compression());
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }));
  app.use(express.static('public', { maxAge: '1h' }));
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
      getLoadContext: (_req, res) => ({ db: database.db, cspNonce: res.locals.cspNonce as string }),
    }),
  );

  server = app.listen(config.PORT, () => {
    console.log(`[kompeten] serving ${config.PUBLIC_URL} on port ${config.PORT} (database: ${database.kind})`);
    if (config.NODE_ENV === 'development' && process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build);
  });
}

let server: Server | undefined;
void main().catch((error) => {
  console.error('[kompeten] start-up failed', error);
  process.exit(1);
});
