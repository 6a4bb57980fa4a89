/**
 * The delivery worker on its own (`npm run mail:worker`): for a deployment that sends mail
 * from a separate process, or several. It needs SMTP_URL and the same database settings as
 * the portal; on the embedded database it can't run beside the portal (one process per
 * data folder), where the portal's own worker does the job. Stops cleanly on SIGINT/SIGTERM,
 * letting the message in progress finish.
 */
import { errorFields, log } from '~/lib/log.server';
import { startMailDelivery } from './mail-delivery';
import { atShutdown, markStarted, startProcess, stopOnSignals } from './start';

async function main() {
  stopOnSignals('mail', 'finishing the message in progress…');
  const { config, database } = await startProcess({
    name: 'The Kompeten mail worker',
    check: (config) =>
      config.SMTP_URL ? undefined : 'SMTP_URL is not set: there is no mail server to send to (e.g. SMTP_URL=smtp://user:pass@mail.example:587).',
  });
  const delivery = startMailDelivery(database, { ...config, SMTP_URL: config.SMTP_URL! });
  atShutdown('stopping the mail worker', () => delivery.stop());
  markStarted();
}

void main().catch((error) => {
  log('mail').fatal('the worker failed to start', errorFields(error));
  process.exit(1);
});
