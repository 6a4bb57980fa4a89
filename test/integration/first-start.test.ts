import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cookiesFrom, linkIn } from '../support/accounts-fixtures';
import { containerRecipe, deployedCopy } from '../support/deploy-recipes';
import { emptyPostgresDatabase, freePort, repoRoot, startServer, type RunningServer } from '../support/server-process';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

/**
 * The README's "First start", as an operator at a province does it with a real office's
 * settings (production, SEED=none, SMTP): from an empty database to a Dinas coordinator
 * signing in. Everything runs the compiled server as the container image runs it — from
 * a folder holding only what the Containerfile's final stage copies, started with its CMD,
 * the operator command with `node build/server/cli.js` — on PGlite, or on a new
 * PostgreSQL database when TEST_DATABASE_URL is set. Every step is an HTTP request a
 * browser without JavaScript would send.
 */

const recipe = containerRecipe();
const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 60_000);

function runCommand(command: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the first start of a real office (README "First start")', () => {
  it('empty database → operator from the CLI → a Dinas and its coordinator from /platform → the coordinator signs in', async () => {
    if (!existsSync(path.join(repoRoot, 'build/server/main.js'))) throw new Error('No compiled server: run `npm run build` (npm test does it) first.');
    const deployed = deployedCopy(recipe);
    cleanups.push(() => rmSync(deployed, { recursive: true, force: true }));
    const database = await emptyPostgresDatabase('kompeten_first');
    if (database) cleanups.push(() => database.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kompeten-first-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const smtp: TestSmtpServer = await startSmtpServer();
    cleanups.push(() => smtp.close());

    const port = await freePort();
    const publicUrl = `http://localhost:${port}`;
    const env: Record<string, string> = {
      ...recipe.environment,
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: database?.url ?? '',
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Kompeten Provinsi <no-reply@provinsi.test>',
      SEED: 'none',
    };
    expect(env.NODE_ENV).toBe('production');

    // Step 2: the operator, by the command the image runs (it migrates the empty database).
    const made = await runCommand([process.execPath, 'build/server/cli.js', 'create-operator', '--email', 'operator@provinsi.test', '--name', 'Operator Provinsi'], deployed, env);
    expect(made.code, made.output).toBe(0);
    expect(made.output).toContain('Applied:');
    const operatorLink = linkIn(made.output, '/reset-password/');

    // Step 3: the portal, started with the image's CMD; nothing but the operator in it.
    const [command, ...args] = recipe.cmd;
    expect(command).toBe('node');
    const server: RunningServer = await startServer(env, { command: [process.execPath, ...args], cwd: deployed });
    cleanups.push(() => server.stop());
    expect(server.output()).not.toContain('demo data loaded');
    expect(server.output()).not.toContain('migrations applied');

    const post = async (pathname: string, fields: Record<string, string>, cookie = '') =>
      fetch(`${server.url}${pathname}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, 'Accept-Language': 'id', ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });
    const get = (pathname: string, cookie = '') => fetch(`${server.url}${pathname}`, { headers: { 'Accept-Language': 'id', ...(cookie ? { Cookie: cookie } : {}) }, redirect: 'manual' });

    expect((await get(operatorLink)).status).toBe(200);
    const chosen = await post(operatorLink, { password: 'sandi operator provinsi', passwordConfirm: 'sandi operator provinsi' });
    expect(chosen.status).toBe(302);
    expect(chosen.headers.get('location')).toBe('/login');
    const operatorSignIn = await post('/login', { email: 'operator@provinsi.test', password: 'sandi operator provinsi', redirectTo: '/platform' });
    expect(operatorSignIn.status).toBe(302);
    expect(operatorSignIn.headers.get('location')).toBe('/platform');
    const operator = cookiesFrom(operatorSignIn);
    expect(await (await get('/platform', operator)).text()).toContain('Belum ada Dinas di portal ini.');

    // Step 4: the Dinas and its first coordinator, through the operator's form.
    expect((await get('/platform/dinas/new', operator)).status).toBe(200);
    const added = await post(
      '/platform/dinas/new',
      {
        name: 'Dinas Koperasi dan Usaha Mikro Kota Semarang',
        shortName: 'Diskop UM Kota Semarang',
        regencyCode: '33.74',
        city: 'Semarang',
        address: 'Jl. Pemuda No. 148, Semarang',
        email: 'diskopum@semarangkota.test',
        timeZone: 'Asia/Jakarta',
        coordinatorName: 'Rina Wulandari',
        coordinatorEmail: 'rina@semarangkota.test',
      },
      operator,
    );
    expect(added.status, await added.clone().text()).toBe(302);
    expect(await (await get('/platform', operator)).text()).toContain('Dinas Koperasi dan Usaha Mikro Kota Semarang');

    // Step 5: the invitation arrives over SMTP, sent by the portal's own mail worker.
    const invitation = await smtp.requireEmail('rina@semarangkota.test', { timeoutMs: 60_000 });
    expect(invitation.parsed.text).toContain('Operator Provinsi mengundang Anda');
    const invitationLink = linkIn(invitation.parsed.text ?? '', '/invitations/');
    expect(invitation.parsed.text).toContain(`${publicUrl}${invitationLink}`);
    expect((await get(invitationLink)).status).toBe(200);
    const accepted = await post(invitationLink, { intent: 'create', displayName: 'Rina Wulandari', password: 'sandi koordinator semarang', passwordConfirm: 'sandi koordinator semarang' });
    expect(accepted.status).toBe(302);

    // The coordinator signs in afresh with the password they chose, and works in their Dinas.
    const wrong = await post('/login', { email: 'rina@semarangkota.test', password: 'bukan sandinya', redirectTo: '/cooperatives' });
    expect(wrong.status).toBe(400);
    const signIn = await post('/login', { email: 'rina@semarangkota.test', password: 'sandi koordinator semarang', redirectTo: '/cooperatives' });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('location')).toBe('/cooperatives');
    const coordinator = cookiesFrom(signIn);
    const cooperatives = await get('/cooperatives', coordinator);
    expect(cooperatives.status).toBe(200);
    const page = await cooperatives.text();
    expect(page).toContain('Diskop UM Kota Semarang');
    // The coordinator's Dinas is theirs, the platform is not.
    expect((await get('/platform', coordinator)).status).toBe(404);
    expect((await get('/users', coordinator)).status).toBe(200);

    expect(await server.stop()).toBe(0);
  }, 300_000);
});
