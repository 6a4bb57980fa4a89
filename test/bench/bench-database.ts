import type pg from 'pg';

/**
 * Drops a benchmark's database once its pool has let go: the pool's sockets close a moment
 * after it ends, so wait for them (up to 5 s) rather than kill them, then force it.
 */
export async function dropWhenIdle(admin: pg.Client, name: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await admin.query(`drop database if exists ${name}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await admin.query(`drop database if exists ${name} with (force)`);
}
