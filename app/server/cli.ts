/**
 * Operator commands, for operators and CI. Uses DATABASE_URL or the embedded database under DATA_DIR.
 *
 *   npm run db:migrate                  the same migration the server runs at start
 *   npm run seed                        demo data into an empty database
 *   npm run admin -- create-operator --email operator@provinsi.go.id --name "Nama Operator"
 *                                       the first platform administrator: prints a one-time
 *                                       link (valid one hour) where they choose their password;
 *                                       run again for a fresh link
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createPlatformOperator } from '~/domain/platform/operators.server';
import { seedDemoData } from './demo-seed';
import { startProcess } from './start';

const USAGE = `usage: npm run db:migrate | npm run seed
       npm run admin -- create-operator --email <address> --name "<full name>"`;

const OperatorArgs = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(2).max(120),
});

async function main(command: string | undefined, rest: string[]) {
  if (command !== 'migrate' && command !== 'seed' && command !== 'create-operator') {
    console.error(USAGE);
    return 2;
  }
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
  // `migrate` is the separate step of MIGRATE_ON_START=false: it migrates whatever that says.
  const { database, applied } = await startProcess({ name: `kompeten ${command}`, migrate: command === 'migrate' || undefined });
  try {
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

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
