/**
 * How every Kompeten process starts and stops: the portal (main.ts), the mail worker
 * (mail-worker.ts) and the operator commands (cli.ts) share one start-up — read the
 * configuration, open the database, migrate it (under a lock, so instances starting
 * together on one PostgreSQL take turns) — and the long-running ones share one
 * shutdown, which undoes the start in reverse order.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { sql } from 'kysely';
import { migrateToLatest, migrationState } from '~db/migrate';
import { ConfigError, parseConfig, setConfig, type Config } from '~/lib/config.server';
import { openDatabase, setDatabase, type DatabaseHandle } from '~/lib/db.server';
import { configureLog, errorFields, log } from '~/lib/log.server';

export interface StartedProcess {
  config: Config;
  database: DatabaseHandle;
  /** Names of the migrations this start applied (empty when the schema was current). */
  applied: string[];
}

export interface StartOptions {
  /** Heads the failure message, e.g. 'Kompeten' → "Kompeten cannot start:". */
  name: string;
  /** A further check of the parsed configuration; a returned text stops the start. */
  check?: (config: Config) => string | undefined;
  /**
   * Runs after the migrations under the same start lock (e.g. loading the demo data into
   * an empty database), so that instances starting together do it once, one after another.
   */
  afterMigrations?: (started: Omit<StartedProcess, 'applied'>) => Promise<void>;
  /** Migrate whatever `MIGRATE_ON_START` says (`npm run db:migrate` always does). */
  migrate?: boolean;
}

/** The advisory lock every Kompeten process holds while it migrates and seeds (any fixed number). */
const START_LOCK = 4_820_261_129;

/**
 * Runs `work` while holding the start lock: on PostgreSQL a session advisory lock on a
 * connection of its own (the work uses the pool's other connections), so processes
 * starting together on one database migrate and seed one after another — the second
 * finds the schema current and the data there. PGlite is one process per data folder.
 */
export async function underStartLock<T>(database: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres') return work();
  return database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${START_LOCK})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${START_LOCK})`.execute(connection);
    }
  });
}

/**
 * Says why the process cannot start and exits 1: a plain text on stderr for the person at
 * the terminal (no stack trace; with a bad configuration there is no log level to obey),
 * and, in the portal and the mail worker (not the operator's commands), the same as one
 * `fatal` line in the JSON log.
 */
export function failStart(name: string, message: string): never {
  process.stderr.write(`\n${name} cannot start:\n${message}\n\n`);
  if (lifecycle.longRunning) log(lifecycle.component).fatal(`${name} cannot start: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exit(1);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Brings the schema to this version's, or checks it is there when `migrate` is false
 * (MIGRATE_ON_START=false: migrations are a step of their own). A database that has had
 * a newer version's migrations, and all of this version's, is served as it is: during a
 * rolling upgrade the old instances keep running (and may restart) beside the new schema,
 * which is why migrations only add (expand) until every instance runs the new version.
 * Returns the names applied; throws with the operator's next step when it can't go on.
 */
export async function prepareSchema(database: DatabaseHandle, migrate: boolean, name: string): Promise<string[]> {
  const { pending, unknown } = await migrationState(database.db);
  if (unknown.length && pending.length) {
    throw new Error(
      `The database has migrations this version does not know (${unknown.join(', ')}) and lacks ones it needs ` +
        `(${pending.join(', ')}): it was migrated by a different version. Deploy the version that ran ${unknown.at(-1)}, or a newer one.`,
    );
  }
  if (unknown.length) {
    console.warn(`${name}: the database has newer migrations than this version (${unknown.join(', ')}); serving on it without migrating.`);
    return [];
  }
  if (!pending.length) return [];
  if (!migrate) {
    throw new Error(
      `The database lacks ${pending.length} migration${pending.length > 1 ? 's' : ''} this version needs: ${pending.join(', ')}.\n` +
        'MIGRATE_ON_START=false, so this process does not migrate: run `npm run db:migrate` with the same DATABASE_URL, then start it again.',
    );
  }
  return migrateToLatest(database.db);
}

/**
 * Parses the configuration (stopping with one line per bad variable), opens the database
 * (stopping with a clear message), migrates it, and makes both the process's own.
 * On any failure the process exits 1.
 */
export async function startProcess(options: StartOptions): Promise<StartedProcess> {
  let config: Config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) failStart(options.name, error.message);
    throw error;
  }
  const refusal = options.check?.(config);
  if (refusal) failStart(options.name, refusal);
  setConfig(config);
  configureLog({ level: config.LOG_LEVEL });

  let database: DatabaseHandle;
  try {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });
  } catch (error) {
    failStart(options.name, messageOf(error));
  }
  setDatabase(database);
  atShutdown('closing the database', () => database.close());

  let applied: string[];
  try {
    applied = await underStartLock(database, async () => {
      const names = await prepareSchema(database, options.migrate ?? config.MIGRATE_ON_START, options.name);
      await options.afterMigrations?.({ config, database });
      return names;
    });
  } catch (error) {
    await database.close().catch(() => undefined);
    failStart(options.name, messageOf(error));
  }
  return { config, database, applied };
}

// ---------------------------------------------------------------------------------------
// Shutdown

interface ShutdownStep {
  label: string;
  run: () => Promise<void>;
}

const lifecycle = {
  steps: [] as ShutdownStep[],
  state: 'starting' as 'starting' | 'running' | 'stopping',
  pendingSignal: undefined as string | undefined,
  component: 'kompeten',
  /** The portal or the mail worker (they call `stopOnSignals`), not a one-off command. */
  longRunning: false,
};

const lifecycleLog = () => log(lifecycle.component);

/**
 * Registers what to undo at shutdown. Steps run one after another in the reverse order
 * of registration: what started last stops first (the HTTP server before the mail worker,
 * both before the database they use).
 */
export function atShutdown(label: string, run: () => Promise<void>): void {
  lifecycle.steps.push({ label, run });
}

/**
 * Stops the process on SIGINT/SIGTERM: runs the shutdown steps, then exits 0. A signal
 * that arrives while the process is still starting (opening or migrating the database)
 * waits until `markStarted()`; a second one then stops it at once, with exit code 1.
 */
export function stopOnSignals(component: string, announce = 'closing…'): void {
  lifecycle.component = component;
  lifecycle.longRunning = true;
  const onSignal = (signal: string) => {
    if (lifecycle.state === 'stopping') return;
    if (lifecycle.pendingSignal) {
      lifecycleLog().warn(`${signal} received again while starting: stopping now`, { signal });
      process.exit(1);
    }
    lifecycleLog().info(`${signal} received, ${announce}`, { signal });
    if (lifecycle.state === 'starting') lifecycle.pendingSignal = signal;
    else void shutdown();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

/** The process is up: a signal received during the start is acted on now. */
export function markStarted(): void {
  if (lifecycle.state !== 'starting') return;
  lifecycle.state = 'running';
  if (lifecycle.pendingSignal) void shutdown();
}

async function shutdown(): Promise<never> {
  lifecycle.state = 'stopping';
  for (const step of [...lifecycle.steps].reverse()) {
    try {
      await step.run();
    } catch (error) {
      lifecycleLog().error(`${step.label} failed`, errorFields(error));
    }
  }
  process.exit(0);
}

/** How long requests in progress at shutdown may take before their connections are cut. */
export const DRAIN_TIMEOUT_MS = 10_000;

/** Makes `server` the first thing stopped at shutdown (it was started last): see `drainable`. */
export function stopServerAtShutdown(server: Server, timeoutMs = DRAIN_TIMEOUT_MS): void {
  const { drain } = drainable(server, timeoutMs);
  atShutdown('stopping the HTTP server', drain);
}

/**
 * A kept-alive connection idle this long at shutdown is closed. Not at once: a client
 * that has just had an answer may be sending its next request on it this moment, and
 * that request would meet a closed connection unanswered. By default the server's own
 * keep-alive timeout (Node: 5 s), the point where it closes idle connections anyway — so
 * shutting down adds no race that normal running does not have (a shorter grace lost
 * requests on a loaded machine, where a busy client can stay silent for half a second).
 */

/**
 * Follows the connections and requests of `server`; `drain()` then stops accepting
 * connections and lets the requests in progress finish. Answers from then on say
 * `Connection: close`, so each busy connection closes after its answer; a connection idle
 * for `idleGraceMs` is closed (idle keep-alive connections must not hold the drain open);
 * whatever is still open after `timeoutMs` is cut.
 */
export function drainable(
  server: Server,
  timeoutMs = DRAIN_TIMEOUT_MS,
  idleGraceMs = server.keepAliveTimeout || 5_000,
): { drain(): Promise<void> } {
  const connections = new Map<Socket, { requests: number; idleSince: number }>();
  let draining = false;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { requests: 0, idleSince: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  const inFlight = new Set<ServerResponse>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.shouldKeepAlive = false;
    inFlight.add(response);
    const connection = connections.get(request.socket);
    if (connection) connection.requests++;
    response.once('close', () => {
      inFlight.delete(response);
      if (connection) {
        connection.requests--;
        connection.idleSince = Date.now();
      }
    });
  });
  // Runs after the event loop has read what the sockets hold: a request that has
  // arrived counts as in progress, not idle.
  const closeIdle = () =>
    setImmediate(() => {
      for (const [socket, { requests, idleSince }] of connections) {
        if (requests === 0 && Date.now() - idleSince >= idleGraceMs) socket.destroy();
      }
    });
  const drain = () =>
    new Promise<void>((resolve) => {
      draining = true;
      for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
      const sweep = setInterval(closeIdle, 50);
      const deadline = setTimeout(() => {
        lifecycleLog().warn(`requests still running after ${timeoutMs / 1000} s: closing their connections`);
        server.closeAllConnections();
      }, timeoutMs);
      // net's close: stop listening and wait for the connections to end. (http's close
      // would also close every idle keep-alive connection at once; see `idleGraceMs`.)
      NetServer.prototype.close.call(server, () => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
      closeIdle();
    });
  return { drain };
}
