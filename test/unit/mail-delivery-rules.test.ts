import { describe, expect, it } from 'vitest';
import { describeFailure, isPermanentFailure, outcomeOfFailure, retryDelayMs } from '~/domain/mail/delivery-rules';

const policy = { baseDelayMs: 30_000, maxDelayMs: 30 * 60_000, maxAttempts: 8 };
const noJitter = () => 0.5;

describe('retry delays', () => {
  it('double after each failed attempt, starting at the base delay', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, 0.2, noJitter))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });

  it('never grow beyond the cap, even after very many attempts', () => {
    expect(retryDelayMs(7, policy, 0.2, noJitter)).toBe(30 * 60_000);
    expect(retryDelayMs(500, policy, 0.2, () => 1)).toBe(30 * 60_000);
  });

  it('are spread by the jitter so a queue that failed together does not return together', () => {
    expect(retryDelayMs(1, policy, 0.2, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, policy, 0.2, () => 1)).toBe(36_000);
  });
});

describe('which failures are permanent', () => {
  it('a 5xx reply to the recipient or the message is permanent', () => {
    expect(isPermanentFailure({ message: 'rejected', code: 'EENVELOPE', responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ message: 'too big', code: 'EMESSAGE', responseCode: 552 })).toBe(true);
  });

  it('a 4xx reply, a refused connection or a timeout is temporary', () => {
    expect(isPermanentFailure({ message: 'later', code: 'EENVELOPE', responseCode: 451 })).toBe(false);
    expect(isPermanentFailure({ message: 'connect ECONNREFUSED 127.0.0.1:2525', code: 'ESOCKET' })).toBe(false);
    expect(isPermanentFailure({ message: 'Greeting never received', code: 'ETIMEDOUT' })).toBe(false);
    expect(isPermanentFailure({ message: 'shutting down', responseCode: 421 })).toBe(false);
  });

  it('a rejected login or a bad command sequence waits for a fix instead of failing mail', () => {
    expect(isPermanentFailure({ message: 'Invalid login: 535 Authentication failed', code: 'EAUTH', responseCode: 535, permanent: true })).toBe(false);
    expect(isPermanentFailure({ message: 'Bad sequence', code: 'EENVELOPE', responseCode: 503 })).toBe(false);
  });

  it('a failure of our own marked permanent (an unknown attachment) is permanent', () => {
    expect(isPermanentFailure({ message: 'unknown document reference', permanent: true })).toBe(true);
    expect(isPermanentFailure({ message: 'renderer crashed', permanent: false })).toBe(false);
  });
});

describe('the outcome of a failed attempt', () => {
  it('schedules a retry while attempts remain, keeping the reason', () => {
    expect(outcomeOfFailure({ message: 'connect ECONNREFUSED', code: 'ESOCKET' }, 2, policy, noJitter)).toEqual({
      status: 'pending',
      reason: 'connect ECONNREFUSED',
      retryInMs: 60_000,
    });
  });

  it('gives up after the last allowed attempt', () => {
    expect(outcomeOfFailure({ message: 'connect ECONNREFUSED', code: 'ESOCKET' }, 8, policy, noJitter)).toEqual({
      status: 'failed',
      reason: 'connect ECONNREFUSED',
    });
  });

  it('gives up at once on a permanent refusal', () => {
    const failure = { message: "Can't send mail - all recipients were rejected: 550 5.1.1 No such user", code: 'EENVELOPE', responseCode: 550 };
    expect(outcomeOfFailure(failure, 1, policy, noJitter)).toEqual({ status: 'failed', reason: failure.message });
  });

  it('keeps a long reason readable in size', () => {
    const reason = describeFailure({ message: 'x'.repeat(5_000) });
    expect(reason).toHaveLength(1000);
    expect(reason.endsWith('...')).toBe(true);
  });
});
