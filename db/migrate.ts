import type { Kysely } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely';
import { migrationProvider } from './migrations/index';

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    public readonly migrationName: string | undefined,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      migrationName
        ? `Migration ${migrationName} failed and was rolled back: ${reason}`
        : `Migrations failed: ${reason}`,
      { cause },
    );
  }
}

/**
 * Brings the database to the newest schema. Pending migrations run in one transaction
 * (PostgreSQL has transactional DDL), so a failure leaves the schema as it was.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  provider: MigrationProvider = migrationProvider,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new MigrationError(failed?.migrationName, error ?? 'unknown error');
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
