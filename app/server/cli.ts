/**
 * Operator commands, for operators and CI. Uses DATABASE_URL or the embedded database under DATA_DIR.
 *
 *   npm run db:migrate                  the same migration the server runs at start
 *   npm run seed                        demo data into an empty database
 *   npm run admin -- create-operator --email operator@provinsi.go.id --name "Nama Operator"
 *                                       the first platform administrator: prints a one-time
 *                                       link (valid one hour) where they choose their password;
 *                                       run again for a fresh link
 *   npm run admin -- backup [--out <file>]
 *                                       a backup of the embedded database while the server is
 *                                       stopped (a running server writes one on SIGUSR2)
 *   npm run admin -- restore-backup <file>
 *                                       makes an empty DATA_DIR hold the database of a backup
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createPlatformOperator } from '~/domain/platform/operators.server';
import { ConfigError, parseConfig } from '~/lib/config.server';
import { backupFolder, restoreBackup, RestoreError, writeBackup, writeBackupFile } from './backups';
import { seedDemoData } from './demo-seed';
import { failStart, startProcess } from './start';

const USAGE = `usage: npm run db:migrate | npm run seed
       npm run admin -- create-operator --email <address> --name "<full name>"
       npm run admin -- backup [--out <file>]
       npm run admin -- restore-backup <file>`;

const COMMANDS = ['migrate', 'seed', 'create-operator', 'backup', 'restore-backup'] as const;
type Command = (typeof COMMANDS)[number];
const isCommand = (value: string | undefined): value is Command => COMMANDS.includes(value as Command);

const OperatorArgs = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(2).max(120),
});

async function main(command: string | undefined, rest: string[]) {
  if (!isCommand(command)) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'restore-backup') return restore(rest);
  let operator: z.output<typeof OperatorArgs> | null = null;
  if (command === 'create-operator') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true });
    const parsed = OperatorArgs.safeParse(values);
    if (!parsed.success) {
      console.error(`create-operator needs a valid --email and a --name (2–120 characters).\n${USAGE}`);
      return 2;
    }
    operator = parsed.data;
  }
  let out: string | undefined;
  if (command === 'backup') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } }, strict: true });
    out = values.out;
  }
  // `migrate` is the separate step of MIGRATE_ON_START=false: it migrates whatever that says.
  const { config, database, applied } = await startProcess({
    name: `kompeten ${command}`,
    migrate: command === 'migrate' || undefined,
    check: (c) =>
      command === 'backup' && c.DATABASE_URL
        ? 'DATABASE_URL is set: back up PostgreSQL with `pg_dump -Fc` (see the README, "Backups").'
        : undefined,
  });
  try {
    if (command === 'backup') {
      // A backup by hand removes none; the nightly ones then count it among the BACKUP_KEEP kept.
      const file = out ? await writeBackupFile(database, path.resolve(out)) : await writeBackup(database, backupFolder(config.DATA_DIR), Number.MAX_SAFE_INTEGER);
      console.log(`Backup written: ${file}`);
      return 0;
    }
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
    if (command === 'seed') {
      console.log((await seedDemoData(database.db)) ? 'Demo data loaded.' : 'The database already holds data; nothing seeded.');
    }
    if (operator) {
      const made = await createPlatformOperator(database.db, { email: operator.email, displayName: operator.name });
      console.log(
        `${made.createdAccount ? 'Created' : 'Updated'} the platform operator ${operator.email}.\n` +
          `Open this link within ${made.expiresMinutes} minutes to choose a password (it works once):\n${made.link}`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

/** restore-backup <file>: into DATA_DIR, which must not hold a database yet. */
async function restore(rest: string[]) {
  const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(`restore-backup needs the backup file.\n${USAGE}`);
    return 2;
  }
  let dataDir: string;
  try {
    const config = parseConfig();
    if (config.DATABASE_URL) failStart('kompeten restore-backup', 'DATABASE_URL is set: restore PostgreSQL with `pg_restore` (see the README, "Backups").');
    dataDir = config.DATA_DIR;
  } catch (error) {
    if (error instanceof ConfigError) failStart('kompeten restore-backup', error.message);
    throw error;
  }
  try {
    const { tables } = await restoreBackup(path.resolve(file), dataDir);
    console.log(`Restored ${path.resolve(file)} into ${path.resolve(dataDir)} (${tables} tables). Start the server with DATA_DIR=${dataDir}.`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
