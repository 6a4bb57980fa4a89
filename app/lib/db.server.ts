import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '~db/schema';
import { preparedStatementName } from './compiled-query.server';
import { singleton } from './singleton.server';
import { errorFields, log } from './log.server';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /**
   * The embedded database's data folder as a gzipped tar, consistent: taken after a
   * checkpoint while no statement runs (a transaction still open is not in it). PostgreSQL
   * is backed up with `pg_dump` instead (see the README).
   */
  dumpDataDir?: () => Promise<Blob>;
}

/** Thrown when the database can't be opened; its message is meant for the operator. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

// Both backends hand back the same JavaScript types: bigint counts and numerics as
// numbers, `date` columns as 'YYYY-MM-DD' strings (never shifted by the server's zone),
// timestamptz as Date.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parsers = {
  [INT8]: (v: string) => Number(v),
  [NUMERIC]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
};

let pgTypesConfigured = false;
function configurePgTypes() {
  if (pgTypesConfigured) return;
  for (const [oid, parse] of Object.entries(parsers)) pg.types.setTypeParser(Number(oid), parse);
  pgTypesConfigured = true;
}

/** What openPostgres sets on each connection (see there). */
const SESSION_SETTINGS = 'set max_parallel_workers_per_gather = 0';

export async function openPostgres(url: string, poolSize = 10): Promise<DatabaseHandle> {
  configurePgTypes();
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: PreparingClient });
  // An idle connection the server closes must not crash the process (pg emits 'error'
  // on the pool); the pool replaces it. A server shutting connections down (57P01, e.g.
  // a restart or a dropped test database) is expected and not worth a log line.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') log('db').error('idle PostgreSQL connection failed', errorFields(error));
  });
  // Each connection's settings, sent before its first statement (a client runs its queries
  // in order). A page's statements take milliseconds; a parallel plan first starts worker
  // processes, which on a small virtual machine cost more than the work they share: with
  // the national data set (test/bench/seed.ts) the registry's search took 65 ms with them
  // and 30 ms without, the coverage report 119 and 37 ms, since the planner chooses them
  // for any scan of a few thousand rows. Many requests at once use the cores anyway.
  pool.on('connect', (client) => {
    client.query(SESSION_SETTINGS).catch((error: unknown) => log('db').error('connection settings failed', errorFields(error)));
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}. ` +
        'Check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded database.',
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * A connection that sends the fixed statements of `compiledOnce` by name, so PostgreSQL
 * parses and plans each once per connection (see `preparedStatementName`); any other SQL
 * goes as Kysely sends it.
 *
 * Kysely's statements (text and values) are sent with pg's callback, and the promise Kysely
 * awaits is made here. Measured on this stack (Node 20, pg 8.23), a statement sent through
 * pg's own promise kept its rows reachable through every young-generation collection until
 * the next full one: reading a cohort's enrollments in a loop promoted a fifth to a third
 * of all it allocated to the old generation, whatever the young generation's size, and the
 * callback form promoted none. On a page that was rows, loader data and HTML promoted per
 * request, and a full collection every second or two under load.
 */
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const query = super.query as (...a: unknown[]) => never;
    const [text, values] = args;
    if (typeof text !== 'string' || args.length !== 2) return query.apply(this, args);
    const name = preparedStatementName(text);
    return new Promise((resolve, reject) => {
      const done = (error: Error | null, result: pg.QueryResult) => (error ? reject(error) : resolve(result));
      if (name) query.call(this, { name, text, values }, done);
      else query.call(this, text, values, done);
    }) as never;
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Options for an embedded database: a folder on disk, or memory (tests). */
export interface PGliteOptions {
  dataDir?: string;
  loadDataDir?: Blob;
}

export async function openPGlite(options: PGliteOptions = {}): Promise<DatabaseHandle> {
  let releaseLock = () => {};
  let pgliteDir: string | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(options.dataDir);
    pgliteDir = path.join(options.dataDir, 'pgdata');
  }
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      dataDir: pgliteDir,
      loadDataDir: options.loadDataDir,
      parsers,
      extensions: { pg_trgm },
    });
    await pglite.waitReady;
  } catch (error) {
    releaseLock();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot open the embedded database in ${pgliteDir ?? 'memory'}: ${reason}`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    async dumpDataDir() {
      await pglite.exec('checkpoint');
      return pglite.dumpDataDir('gzip');
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      releaseLock();
    },
  };
}

/**
 * PGlite has no lock of its own: two processes on one folder corrupt it. The lock file
 * holds the owner's pid; a lock left by a dead process is taken over.
 */
const heldLocks = singleton('data-dir-locks', () => new Set<string>());

function acquireDataDirLock(dataDir: string): () => void {
  const lockFile = path.resolve(dataDir, 'kompeten.lock');
  if (heldLocks.has(lockFile)) {
    throw new DatabaseOpenError(`The data folder ${path.resolve(dataDir)} is already open in this process.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldLocks.add(lockFile);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldLocks.delete(lockFile);
        rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseOpenError(
          `The data folder ${path.resolve(dataDir)} is in use by another Kompeten process (pid ${owner}). ` +
            'Stop that process first, or give this one its own DATA_DIR.',
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new DatabaseOpenError(`Cannot lock the data folder ${path.resolve(dataDir)}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openDatabase(settings: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  return settings.databaseUrl ? openPostgres(settings.databaseUrl, settings.poolSize) : openPGlite({ dataDir: settings.dataDir });
}

const slot = () => singleton('database', () => ({ handle: undefined as DatabaseHandle | undefined }));

/** Makes `handle` the process's database (the server entry and tests call this). */
export function setDatabase(handle: DatabaseHandle): void {
  slot().handle = handle;
}

/** The process's database handle; the server opens it before it serves a request. */
export function databaseHandle(): DatabaseHandle {
  const handle = slot().handle;
  if (!handle) throw new Error('The database has not been opened yet (call setDatabase first).');
  return handle;
}

export function db(): Kysely<Database> {
  return databaseHandle().db;
}
