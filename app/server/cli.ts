/**
 * `npm run db:migrate` and `npm run seed`: the same operations the server runs at start,
 * for operators and CI. Uses DATABASE_URL or the embedded database under DATA_DIR.
 */
import { seedDemoData } from './demo-seed';
import { startProcess } from './start';

async function main(command: string | undefined) {
  if (command !== 'migrate' && command !== 'seed') {
    console.error('usage: tsx app/server/cli.ts migrate|seed');
    return 2;
  }
  const { database, applied } = await startProcess({ name: `kompeten ${command}` });
  try {
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
    if (command === 'seed') {
      console.log((await seedDemoData(database.db)) ? 'Demo data loaded.' : 'The database already holds data; nothing seeded.');
    }
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
