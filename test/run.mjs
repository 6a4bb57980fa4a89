#!/usr/bin/env node
/**
 * `npm test`: builds the app (Remix and the compiled server entries), runs the unit
 * and integration suites (PGlite, or PostgreSQL when TEST_DATABASE_URL is set), then
 * the browser suite when Debian's Chromium is installed. Without Chromium the browser suite is skipped and said so,
 * unless REQUIRE_E2E=1, which makes a missing Chromium a failure.
 *
 *   npm test                          all stages
 *   npm test -- --stages=e2e          only some stages (unit, integration, e2e)
 *   npm test -- test/unit/dates       extra arguments go to vitest as filters
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const args = process.argv.slice(2);
const stagesArg = args.find((a) => a.startsWith('--stages='));
const filters = args.filter((a) => !a.startsWith('--stages='));
const stages = stagesArg ? stagesArg.slice('--stages='.length).split(',') : ['unit', 'integration', 'e2e'];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const requireE2E = process.env.REQUIRE_E2E === '1';

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStages = [];

console.log('[test] building the app and the server entries (npm run build)…');
if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.error('[test] the build failed');
  process.exit(1);
}

const reportDir = path.join(root, '.cache/test-reports');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

function runVitest(projects, label) {
  const report = path.join(reportDir, `${label}.json`);
  const projectArgs = projects.flatMap((p) => ['--project', p]);
  let status = run(bin('vitest'), [
    'run', '--config', 'test/vitest.config.ts', ...projectArgs,
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filters,
  ]);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests ?? 0;
    totals.failed += json.numFailedTests ?? 0;
    totals.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    if (json.numTotalTests === 0 && filters.length === 0) console.error(`[test] ${label}: no test ran`);
    if (json.numTotalTests === 0 && filters.length === 0) status = 1;
  }
  if (status !== 0) failedStages.push(label);
}

const nonBrowser = stages.filter((s) => s === 'unit' || s === 'integration');
if (nonBrowser.length) {
  const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`[test] ${nonBrowser.join(' + ')} on ${db}…`);
  runVitest(nonBrowser, nonBrowser.join('-'));
}

if (stages.includes('e2e')) {
  if (existsSync(chromium)) {
    console.log(`[test] browser suite with ${chromium}…`);
    runVitest(['e2e'], 'e2e');
  } else if (requireE2E) {
    console.error(`[test] REQUIRE_E2E=1 but no Chromium at ${chromium}: install it with \`apt-get install chromium\`.`);
    failedStages.push('e2e');
  } else {
    console.log('');
    console.log(`[test] SKIPPED the browser (end-to-end) tests: no Chromium at ${chromium}.`);
    console.log('[test] Install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH) and run `npm test` again.');
  }
}

console.log('');
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failedStages.length) {
  console.error(`[test] failed: ${failedStages.join(', ')}`);
  process.exit(1);
}
