import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import vnuJar from 'vnu-jar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '~/server/demo-seed';
import { startServer, type RunningServer } from '../support/server-process';

/**
 * The one message the validator (vnu 26.9, the newest) gives on valid HTML: the standard lets
 * `<link rel="expect" blocking="render">` wait for an element before the first frame
 * (https://html.spec.whatwg.org/multipage/links.html#link-type-expect; root.tsx waits for
 * <main>), but vnu still allows `blocking` only on stylesheets. Only that exact link passes.
 */
function validatorLagsBehind(message: { message: string; extract?: string }): boolean {
  return (
    message.message === 'A “link” element with a “blocking” attribute must have a “rel” attribute whose value is “stylesheet”.' &&
    (message.extract ?? '').includes('<link rel="expect" href="#main" blocking="render"/>')
  );
}

/**
 * The W3C validator (vnu, Java) over the main pages as a visitor and as the coordinator
 * sees them: the HTML that is sent must be valid, not only the DOM a browser repairs.
 * Needs Java (Debian's default-jre-headless); with REQUIRE_E2E=1 its absence fails.
 */
const run = promisify(execFile);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function hasJava(): Promise<boolean> {
  try {
    await run('java', ['-version']);
    return true;
  } catch {
    return false;
  }
}

const javaPresent = await hasJava();
if (!javaPresent && process.env.REQUIRE_E2E) throw new Error('Java is needed for the HTML validator: apt-get install default-jre-headless');

describe.skipIf(!javaPresent)('every main page is valid HTML (W3C validator)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function signIn(email: string): Promise<string> {
    const response = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email, password: DEMO_PASSWORD }), redirect: 'manual' });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kompeten_session='));
    if (!cookie) throw new Error(`could not sign in as ${email}`);
    return cookie.split(';')[0]!;
  }

  async function page(pathname: string, cookie?: string): Promise<string> {
    const response = await fetch(`${server.url}${pathname}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
    expect(response.status, pathname).toBe(200);
    return response.text();
  }

  it('as a visitor and as the coordinator', async () => {
    const coordinator = await signIn('koordinator@kompeten.test');
    const first = async (list: string, pattern: RegExp) => pattern.exec(await page(list, coordinator))?.[1];
    const cooperativeId = await first('/cooperatives', new RegExp(`/cooperatives/(${UUID})`));
    const cohortId = await first('/cohorts', new RegExp(`/cohorts/(${UUID})`));
    const programId = await first('/programs', new RegExp(`/programs/(${UUID})`));
    const slug = await first(`/cooperatives/${cooperativeId}`, /\/koperasi\/([a-z0-9-]+)/);
    const projector = await first(`/cohorts/${cohortId}/manage`, new RegExp(`(/cohorts/${UUID}/sessions/${UUID}/projector)"`));
    const participant = await signIn('peserta@kompeten.test');
    // A session's roll call: the first cohort whose management page links one.
    let rollCall: string | undefined;
    for (const [, id] of (await page('/cohorts?period=all', coordinator)).matchAll(new RegExp(`/cohorts/(${UUID})/manage`, 'g'))) {
      rollCall ??= new RegExp(`/cohorts/${id}/sessions/${UUID}/attendance`).exec(await page(`/cohorts/${id}/manage`, coordinator))?.[0];
    }
    // The demo participant's cohort is the past one, whose exam results are final.
    const pastCohortId = new RegExp(`/cohorts/(${UUID})`).exec(await page('/my/cohorts', participant))?.[1];
    // The participant's certificate (issued with the demo) and its public verification page.
    const verifyPath = /\/verify\/[0-9A-Z]{16}(?=")/.exec(await page('/my/cohorts', participant))?.[0];
    const certificateId = await first('/certificates', new RegExp(`/certificates/(${UUID})`));
    const lsp = await signIn('lsp@kompeten.test');
    const assessor = await signIn('asesor1@kompeten.test');
    const operator = await signIn('operator@kompeten.test');
    const pages: [string, string | undefined][] = [
      ['/', undefined],
      ['/login', undefined],
      ['/signup', undefined],
      ['/forgot-password', undefined],
      [`/koperasi/${slug}`, undefined],
      [`/cohorts/${cohortId}`, undefined],
      ['/', coordinator],
      ['/cohorts', coordinator],
      ['/cohorts/new', coordinator],
      ['/cohorts/calendar', coordinator],
      [`/cohorts/${cohortId}/manage`, coordinator],
      [`/cohorts/${cohortId}/participants`, coordinator],
      [`/cohorts/${cohortId}/attendance`, coordinator],
      [rollCall!, coordinator],
      ['/programs', coordinator],
      ['/programs/new', coordinator],
      [`/programs/${programId}`, coordinator],
      ['/cooperatives', coordinator],
      ['/cooperatives/new', coordinator],
      [`/cooperatives/${cooperativeId}`, coordinator],
      [`/cooperatives/${cooperativeId}/roster`, coordinator],
      [`/cooperatives/${cooperativeId}/trainings`, coordinator],
      ['/dashboard/coverage', coordinator],
      ['/cooperatives/import', coordinator],
      ['/users', coordinator],
      ['/users/invite', coordinator],
      ['/audit', coordinator],
      ['/mail', coordinator],
      ['/certificates', coordinator],
      ['/dashboard', coordinator],
      ['/dashboard?period=last-year', coordinator],
      ['/dashboard?period=custom&from=32-01-2026&to=01-01-2026', coordinator],
      ['/dashboard/neighbours?period=last-year', coordinator],
      ['/platform', operator],
      ['/platform/dashboard', operator],
      ['/platform/dashboard?period=last-year&sort=competentRate&dir=desc', operator],
      [`/certificates/${certificateId}`, coordinator],
      ['/account', coordinator],
      ...(projector ? [[projector, coordinator] as [string, string]] : []),
      ['/hadir', participant],
      [`/cohorts/${pastCohortId}/manage`, coordinator],
      [`/cohorts/${pastCohortId}/exam`, lsp],
      [`/cohorts/${pastCohortId}/exam`, assessor],
      [`/cohorts/${pastCohortId}/exam/upload`, lsp],
      ['/my/cohorts', participant],
      [verifyPath!, undefined],
      ['/verify', undefined],
      ['/platform', operator],
      ['/platform/mail', operator],
    ];
    const folder = mkdtempSync(path.join(tmpdir(), 'kompeten-vnu-'));
    const files: string[] = [];
    for (const [index, [pathname, cookie]] of pages.entries()) {
      const file = path.join(folder, `${String(index).padStart(2, '0')}${pathname.replace(/[^a-z0-9]+/gi, '_')}.html`);
      writeFileSync(file, await page(pathname, cookie));
      files.push(file);
    }
    const { stdout, stderr } = await run('java', ['-jar', String(vnuJar), '--errors-only', '--format', 'json', '--exit-zero-always', ...files], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stderr || stdout || '{"messages":[]}') as { messages: { url: string; message: string; extract?: string; lastLine?: number }[] };
    const problems = report.messages.filter((m) => !validatorLagsBehind(m)).map((m) => `${path.basename(m.url)}:${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` — ${m.extract.trim().slice(0, 120)}` : ''}`);
    console.log(`[vnu] ${files.length} pages checked, ${problems.length} errors`);
    expect(problems).toEqual([]);
  }, 180_000);
});
