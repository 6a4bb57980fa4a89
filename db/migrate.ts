import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
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

export interface MigrationState {
  /** This version's migrations the database has not had yet, in order. */
  pending: string[];
  /** Migrations the database has had that this version does not know (a newer version ran them). */
  unknown: string[];
}

/** Compares the database's applied migrations with this version's, changing nothing. */
export async function migrationState(
  db: Kysely<any>,
  provider: MigrationProvider = migrationProvider,
): Promise<MigrationState> {
  const known = Object.keys(await provider.getMigrations()).sort();
  const { rows: table } = await sql<{ exists: boolean }>`select to_regclass('kysely_migration') is not null as exists`.execute(db);
  const applied = table[0]?.exists
    ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name)
    : [];
  const appliedSet = new Set(applied);
  const knownSet = new Set(known);
  return { pending: known.filter((n) => !appliedSet.has(n)), unknown: applied.filter((n) => !knownSet.has(n)) };
}
