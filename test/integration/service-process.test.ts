import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRAIN_TIMEOUT_MS } from '~/server/start';
import { containerRecipe, systemdUnit } from '../support/deploy-recipes';
import { repoRoot, startNodeFlags, startServer, type RunningServer } from '../support/server-process';

/**
 * The portal under a supervisor (issue #17): the README's systemd unit and container
 * command start one process, the server itself, which a SIGTERM to that PID stops whole —
 * exit 0, its port free, no process of it left behind. The same for `npm start`, where
 * the signal goes to npm. Processes are told apart by a marker in their environment.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 60_000);

interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string[];
}

/** Every live process whose environment holds `KOMPETEN_TEST_RUN=<marker>`. */
function processesMarked(marker: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`KOMPETEN_TEST_RUN=${marker}`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').filter(Boolean);
      found.push({ pid: Number(entry), ppid: Number(ppid), command });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

function serviceEnvironment(extra: Record<string, string> = {}) {
  const marker = randomBytes(8).toString('hex');
  return {
    marker,
    env: {
      SESSION_SECRET: randomBytes(32).toString('hex'),
      SEED: 'none',
      DATABASE_URL: '',
      KOMPETEN_TEST_RUN: marker,
      ...extra,
    },
  };
}

const compiled = () => {
  if (!existsSync(path.join(repoRoot, 'build/server/main.js'))) throw new Error('No compiled server: run `npm run build` (npm test does it) first.');
};

describe('running as a service', () => {
  it.skipIf(spawnSync('systemd-analyze', ['--version']).status !== 0)('the README systemd unit passes `systemd-analyze verify`', () => {
    const unit = systemdUnit();
    const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-unit-'));
    writeFileSync(path.join(dir, 'kompeten.service'), unit.text);
    const verified = spawnSync('systemd-analyze', ['verify', './kompeten.service'], { cwd: dir, encoding: 'utf8' });
    expect(verified.status, `${verified.stdout}${verified.stderr}`).toBe(0);
    expect(`${verified.stdout}${verified.stderr}`).toBe('');
  });

  it('the unit and the container run the compiled server with node, and give it time to drain', () => {
    const unit = systemdUnit();
    // The same Node flags as `npm start` (the heap limit: README, "Memory").
    expect(startNodeFlags).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
    expect(unit.execStart).toEqual(['/usr/bin/node', ...startNodeFlags, 'build/server/main.js']);
    expect(unit.text).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit.text).toMatch(/^Restart=on-failure$/m);
    expect(unit.text).toMatch(/^EnvironmentFile=/m);
    const stopSeconds = Number(/^TimeoutStopSec=(\d+)$/m.exec(unit.text)?.[1]);
    expect(stopSeconds * 1000).toBeGreaterThan(DRAIN_TIMEOUT_MS);
    expect(unit.environment.NODE_ENV).toBe('production');

    const container = containerRecipe();
    expect(container.cmd).toEqual(['node', ...unit.execStart.slice(1)]);
    expect(container.environment.NODE_ENV).toBe('production');
    expect(container.text).toMatch(/^STOPSIGNAL SIGTERM$/m);
  });

  it('the built server needs only production dependencies (the container prunes the others, tsx among them)', () => {
    compiled();
    const dependencies = new Set(Object.keys((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies));
    expect(dependencies.has('tsx')).toBe(false);
    for (const file of ['build/index.js', 'build/server/main.js', 'build/server/cli.js', 'build/server/mail-worker.js', 'build/server/pdf-worker.js']) {
      const code = readFileSync(path.join(repoRoot, file), 'utf8');
      const specifiers = [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|^import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm)]
        .map((m) => (m[1] ?? m[2] ?? m[3])!)
        .filter((s) => !s.startsWith('node:') && !s.startsWith('.'));
      expect(specifiers.length, file).toBeGreaterThan(0);
      const packages = new Set(specifiers.map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')));
      expect([...packages].filter((name) => !dependencies.has(name)), file).toEqual([]);
    }
  });

  it("the unit's ExecStart as one process: SIGTERM to its PID exits 0, frees the port, leaves nothing behind", async () => {
    compiled();
    const unit = systemdUnit();
    const { marker, env } = serviceEnvironment(unit.environment);
    delete (env as Record<string, string>).PORT; // a free port of the test's choosing
    (env as Record<string, string>).SEED = 'demo'; // a certificate to draw (below)
    const server: RunningServer = await startServer(env, { command: [process.execPath, ...unit.execStart.slice(1)] });
    cleanups.push(() => server.stop());
    const port = Number(new URL(server.url).port);

    // One process, and it is the server: no npm, no shell, no tsx.
    const running = processesMarked(marker);
    expect(running.map((p) => p.pid)).toEqual([server.process.pid]);
    expect(running[0]!.command.slice(1)).toEqual([...startNodeFlags, 'build/server/main.js']);
    expect(readFileSync(`/proc/${server.process.pid}/maps`, 'latin1')).not.toContain('/tsx/');

    // A certificate's PDF at the address its page promises, drawn by the compiled PDF worker
    // (one that failed to load would be logged, and the PDF drawn in the server thread).
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date());
    const lookup = await fetch(`${server.url}/verify?q=KABAG-PMB/PEL/${year}/0001`, { redirect: 'manual' });
    const page = new URL(lookup.headers.get('location') ?? '', server.url);
    expect(page.pathname, server.output()).toMatch(/^\/verify\/[A-Z0-9]{16}$/);
    const pdf = await fetch(`${page.href}.pdf`);
    expect(pdf.status, server.output()).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(server.output()).not.toContain('"component":"pdf"');

    server.process.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);
    expect(server.output()).toContain('SIGTERM received');
    expect(await connectionRefused(port)).toBe(true);
    expect(processesMarked(marker)).toEqual([]);
  }, 240_000);

  it('`npm start`: SIGTERM to the npm process stops the server too (its child is the server, by exec)', async () => {
    compiled();
    const { marker, env } = serviceEnvironment({ NODE_ENV: 'production' });
    const server: RunningServer = await startServer(env, { command: ['npm', 'start', '--silent'] });
    cleanups.push(() => server.stop());
    const port = Number(new URL(server.url).port);

    const running = processesMarked(marker);
    const npm = running.find((p) => p.pid === server.process.pid);
    expect(npm, JSON.stringify(running)).toBeDefined();
    const children = running.filter((p) => p.ppid === npm!.pid);
    // npm → node directly: the shell npm runs the script in has exec'd the server.
    expect(children.map((p) => p.command.slice(1))).toEqual([[...startNodeFlags, 'build/server/main.js']]);
    expect(running).toHaveLength(2);

    server.process.kill('SIGTERM');
    const code = await server.exited;
    expect(server.output()).toContain('SIGTERM received');
    // When npm has gone, so has the server: nothing listens on the port, nothing of it is left.
    expect(await connectionRefused(port), server.output()).toBe(true);
    expect(processesMarked(marker)).toEqual([]);
    expect(code, server.output()).toBe(0);
  }, 240_000);
});
