/**
 * Backups of the embedded database (PGlite). PostgreSQL is backed up with `pg_dump -Fc`
 * by the operator's own schedule (README, "Backups").
 *
 * The running server writes a consistent copy of its data folder — PGlite's gzipped tar,
 * taken after a checkpoint while no statement runs — to `DATA_DIR/backups/` every night at
 * BACKUP_HOUR (Western Indonesian Time) and whenever it receives SIGUSR2, keeping the
 * newest BACKUP_KEEP. `npm run admin -- restore-backup <file>` makes a data folder from one
 * (`restoreBackup` below); the server then starts on it as usual.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '~/lib/config.server';
import { openPGlite, type DatabaseHandle } from '~/lib/db.server';

const PREFIX = 'kompeten-';
const SUFFIX = '.tar.gz';
const ZONE_OFFSET_HOURS = 7; // Western Indonesian Time (WIB), UTC+7, no daylight saving.

export function backupFolder(dataDir: string): string {
  return path.resolve(dataDir, 'backups');
}

/** `kompeten-20261129-020000.tar.gz` (UTC): names sort by time. */
function backupName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${PREFIX}${stamp}${SUFFIX}`;
}

/** The backups in `folder`, oldest first. */
export function listBackups(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
    .sort()
    .map((name) => path.join(folder, name));
}

/**
 * Writes a backup of the embedded database to `file`, through a temporary file so a
 * half-written backup never carries a backup's name.
 */
export async function writeBackupFile(database: DatabaseHandle, file: string): Promise<string> {
  if (!database.dumpDataDir) throw new Error('Only the embedded database is backed up by Kompeten; back up PostgreSQL with pg_dump.');
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const blob = await database.dumpDataDir();
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
  renameSync(partial, file);
  return file;
}

/** One backup into `folder`, named by its time; the oldest beyond `keep` are removed. Returns its path. */
export async function writeBackup(database: DatabaseHandle, folder: string, keep: number, at = new Date()): Promise<string> {
  const file = await writeBackupFile(database, path.join(folder, backupName(at)));
  const all = listBackups(folder);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { force: true });
  return file;
}

/** Milliseconds from `now` to the next `hour`:00 in WIB. */
export function msUntilNextBackup(now: Date, hour: number): number {
  const next = new Date(now);
  next.setUTCHours(hour - ZONE_OFFSET_HOURS, 0, 0, 0); // an hour below 0 is the day before
  while (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

export interface BackupSchedule {
  stop(): Promise<void>;
}

/**
 * For the embedded database: a backup every night at BACKUP_HOUR and on SIGUSR2. One at a
 * time; `stop()` waits for one in progress (the database closes after it).
 */
export function startBackups(
  database: DatabaseHandle,
  config: Pick<Config, 'DATA_DIR' | 'BACKUP_HOUR' | 'BACKUP_KEEP'>,
  log: { info(line: string): void; error(line: string): void },
): BackupSchedule {
  const folder = backupFolder(config.DATA_DIR);
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const backUp = (why: string) => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const file = await writeBackup(database, folder, config.BACKUP_KEEP);
        log.info(`backup written (${why}): ${file} (${Math.round(statSync(file).size / 1024)} KB)`);
      } catch (error) {
        log.error(`backup failed (${why}): ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };
  const onSignal = () => backUp('SIGUSR2');
  process.on('SIGUSR2', onSignal);
  let timer: NodeJS.Timeout | undefined;
  const hour = config.BACKUP_HOUR;
  if (hour !== 'off') {
    const schedule = () => {
      timer = setTimeout(() => {
        backUp('nightly');
        schedule();
      }, msUntilNextBackup(new Date(), hour));
      timer.unref();
    };
    schedule();
  }
  return {
    async stop() {
      stopped = true;
      process.off('SIGUSR2', onSignal);
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** Thrown when a restore cannot go ahead; the message is for the operator. */
export class RestoreError extends Error {
  override name = 'RestoreError';
}

/**
 * Makes `dataDir` hold the database of `file` (a backup written above). Refuses when the
 * folder already holds a database — move it aside first; nothing is overwritten — and
 * checks the restored database answers before it reports success.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<{ tables: number }> {
  if (!existsSync(file)) throw new RestoreError(`No backup at ${file}.`);
  const pgdata = path.join(dataDir, 'pgdata');
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0) {
    throw new RestoreError(`${path.resolve(dataDir)} already holds a database (${pgdata}). Move it aside or choose an empty DATA_DIR; nothing was changed.`);
  }
  const blob = new Blob([await readFile(file)], { type: 'application/x-gzip' });
  let handle: DatabaseHandle;
  try {
    handle = await openPGlite({ dataDir, loadDataDir: blob });
  } catch (error) {
    rmSync(pgdata, { recursive: true, force: true });
    throw new RestoreError(`${file} is not a Kompeten backup that can be restored: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(handle.db);
    return { tables: rows[0]?.n ?? 0 };
  } finally {
    await handle.close();
  }
}
