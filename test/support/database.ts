import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPGlite, openPostgres, type DatabaseHandle } from '~/lib/db.server';

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, a new
 * PostgreSQL database (cloned from the run's template) when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = inject('templateDatabase');
  if (adminUrl && template) {
    const name = `kompeten_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openPostgres(url.toString());
    return {
      ...handle,
      async close() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const dump = inject('pgliteDump');
  if (!dump) throw new Error('The integration global setup did not prepare a database.');
  return openPGlite({ loadDataDir: new Blob([readFileSync(dump)]) });
}

export const usingPostgres = () => !!process.env.TEST_DATABASE_URL;
