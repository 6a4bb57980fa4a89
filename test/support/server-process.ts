import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_LOGINS } from '~/server/demo-seed';
import pg from 'pg';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The server entry as `npm start` runs it: one Node process with tsx as a loader (the
 * `tsx` command would put a second process in front, which passes SIGTERM on but kills
 * a child that is too busy to acknowledge it within 30 ms).
 */
const serverArgs = ['--import', 'tsx', 'app/server/main.ts'];

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** The Node flags `npm start` gives the server (package.json; the heap limit). */
export const startNodeFlags: string[] = (() => {
  const start = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const flags = /exec node (.*?)\s*build\/server\/main\.js$/.exec(start);
  if (!flags) throw new Error('package.json: start must end in `exec node [flags] build/server/main.js`');
  return flags[1]!.split(/\s+/).filter(Boolean);
})();

/** The compiled entry, as production runs it (`npm run build` makes it): no tsx, no npm. */
export const compiledServerCommand: [string, ...string[]] = [process.execPath, ...startNodeFlags, 'build/server/main.js'];

/**
 * Starts the portal on its own port and data folder: by default `app/server/main.ts`
 * through tsx (the source as it is now), or `options.command` (e.g. the compiled entry)
 * in `options.cwd` (the project folder unless given).
 */
export async function startServer(env: Record<string, string> = {}, options: { command?: [string, ...string[]]; cwd?: string } = {}): Promise<RunningServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'kompeten-server-'));
  let output = '';
  const [command, ...args] = options.command ?? [process.execPath, ...serverArgs];
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: `http://localhost:${port}`, SEED: 'demo', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://localhost:${port}`;
  // Migrating and loading the demo data takes ~20 s on an idle machine, a minute on a busy one.
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not start within 150 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      // Every server a test starts has its log checked: no personal data, whatever the test did.
      const found = personalDataIn(output);
      if (found.length) throw new Error(`The server's log holds personal data (${found.join(', ')}):\n${output}`);
      return code;
    },
  };
}

const DEMO_PERSONAL = DEMO_LOGINS.flatMap((login) => [login.email, login.name]).filter((value) => value.length > 3);
const E_MAIL_OR_NIK = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|(?<!\d)\d{16}(?!\d)/g;

/**
 * What in a server's output looks like personal data: the demo logins' e-mail addresses and
 * names, and any e-mail address or 16-digit number (a NIK). The logs must hold none of it
 * (issue #17); `stop()` checks every server's output against this.
 */
export function personalDataIn(output: string): string[] {
  const hits = new Set<string>();
  for (const value of DEMO_PERSONAL) if (output.includes(value)) hits.add(value);
  for (const match of output.matchAll(E_MAIL_OR_NIK)) hits.add(match[0]);
  return [...hits];
}

/** Runs the server entry expecting it to refuse to start; returns exit code and output. */
export async function runServerExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, serverArgs, {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

/**
 * A new, empty PostgreSQL database beside TEST_DATABASE_URL's (for a real process to
 * migrate from nothing), or undefined when the tests run on PGlite.
 */
export async function emptyPostgresDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return undefined;
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export interface ProcessLogLine {
  time: string;
  level: string;
  component?: string;
  msg: string;
  [field: string]: unknown;
}

/** A process's JSON log lines (anything else in the output, such as a failed start's plain text, is left out). */
export function logLines(output: string): ProcessLogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ProcessLogLine);
}

/** The messages a process logged, as `component: msg`, e.g. `mail: delivery worker stopped`. */
export function logMessages(output: string): string[] {
  return logLines(output).map((line) => `${line.component ?? ''}: ${line.msg}`);
}
