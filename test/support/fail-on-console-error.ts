import { Writable } from 'node:stream';
import { afterEach, beforeEach, vi } from 'vitest';
import { setLogDestination } from '~/lib/log.server';

/**
 * A test fails on any console.error, and on any error line of the app's log (which the
 * log hands to console.error here): an error the code logs is a bug the test should see.
 * A test that expects one replaces the spy (`expectConsoleError`).
 *
 * Every log line of every test is also checked for an e-mail address or a 16-digit number
 * (a NIK): the log must never carry personal data.
 */
let logged: unknown[][] = [];
let expected = 0;
let logLines: string[] = [];

const ERROR_LEVELS = new Set(['error', 'fatal']);

setLogDestination(
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logLines.push(line);
        let level = '';
        try {
          level = String((JSON.parse(line) as { level?: unknown }).level);
        } catch {
          level = 'error';
        }
        if (ERROR_LEVELS.has(level)) console.error(line);
      }
      done();
    },
  }) as unknown as Parameters<typeof setLogDestination>[0],
);

const PERSONAL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|(?<!\d)\d{16}(?!\d)/;

beforeEach(() => {
  logged = [];
  expected = 0;
  logLines = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });
});

afterEach(() => {
  vi.mocked(console.error).mockRestore();
  const unexpected = logged.slice(expected);
  if (unexpected.length > 0) {
    throw new Error(`console.error was called:\n${unexpected.map((a) => a.map(String).join(' ')).join('\n')}`);
  }
  const personal = logLines.filter((line) => PERSONAL.test(line));
  if (personal.length > 0) throw new Error(`personal data in the log:\n${personal.join('\n')}`);
});

/** The app's log lines written during the current test, parsed. */
export function logLinesOfThisTest(): { level: string; msg: string; [field: string]: unknown }[] {
  return logLines.map((line) => JSON.parse(line) as { level: string; msg: string });
}

/** Declares that the current test expects `count` console.error calls. */
export function expectConsoleError(count = 1) {
  expected += count;
}
