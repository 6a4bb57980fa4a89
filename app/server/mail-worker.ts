/**
 * The delivery worker on its own (`npm run mail:worker`): for a deployment that sends mail
 * from a separate process, or several. It needs SMTP_URL and the same database settings as
 * the portal; on the embedded database it can't run beside the portal (one process per
 * data folder), where the portal's own worker does the job. Stops cleanly on SIGINT/SIGTERM,
 * letting the message in progress finish.
 */
import { migrateToLatest } from '~db/migrate';
import { ConfigError, parseConfig, setConfig, type Config } from '~/lib/config.server';
import { openDatabase, setDatabase, type DatabaseHandle } from '~/lib/db.server';
import { startMailDelivery } from './mail-delivery';

function fail(message: string): never {
  console.error(`\nThe Kompeten mail worker cannot start:\n${message}\n`);
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
  const smtpUrl = config.SMTP_URL;
  if (!smtpUrl) fail('SMTP_URL is not set: there is no mail server to send to (e.g. SMTP_URL=smtp://user:pass@mail.example:587).');
  setConfig(config);

  let database: DatabaseHandle;
  try {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  setDatabase(database);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close().catch(() => undefined);
    fail(error instanceof Error ? error.message : String(error));
  }

  const delivery = startMailDelivery(database, { ...config, SMTP_URL: smtpUrl });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[mail] ${signal} received, finishing the message in progress…`);
    await delivery.stop();
    await database.close().catch((error) => console.error('[mail] closing the database failed', error));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main().catch((error) => {
  console.error('[mail] the worker failed to start', error);
  process.exit(1);
});
