import type { Migration, MigrationProvider } from 'kysely/migration';
import * as init from './2026_11_21_001_init';

/**
 * Migrations are listed here, not found on disk, so they travel inside the server bundle.
 * Add new ones at the end; never edit one that has landed.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_21_001_init': init,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
