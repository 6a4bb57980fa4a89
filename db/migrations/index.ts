import type { Migration, MigrationProvider } from 'kysely/migration';
import * as init from './2026_11_21_001_init';
import * as mailRendered from './2026_11_21_002_mail_rendered';

/**
 * Migrations are listed here, not found on disk, so they travel inside the server bundle.
 * Add new ones at the end; never edit one that has landed.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_21_001_init': init,
  '2026_11_21_002_mail_rendered': mailRendered,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
