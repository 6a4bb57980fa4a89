import { afterEach, beforeEach, vi } from 'vitest';

/**
 * A test fails on any console.error: an error the code logs is a bug the test should
 * see. A test that expects one replaces the spy (`expectConsoleError`).
 */
let logged: unknown[][] = [];
let expected = 0;

beforeEach(() => {
  logged = [];
  expected = 0;
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
});

/** Declares that the current test expects `count` console.error calls. */
export function expectConsoleError(count = 1) {
  expected += count;
}
