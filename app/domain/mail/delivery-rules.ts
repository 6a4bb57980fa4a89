/**
 * What the delivery worker does after a failed attempt: pure rules, unit-tested.
 * A permanent rejection (a 5xx reply to the envelope or the message) fails the message at
 * once; anything else is retried with exponential backoff until the attempts run out.
 */

export interface RetryPolicy {
  /** Delay after the first failed attempt. */
  baseDelayMs: number;
  /** No delay grows beyond this. */
  maxDelayMs: number;
  /** Attempts (including the first) before a message is marked failed. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'maxAttempts'> = {
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
};

/**
 * Delay before the next attempt after `attempts` failed ones: base, 2×, 4×, … up to the cap,
 * spread by ±`jitter` (0..1) so that a queue that failed together during an outage does not
 * hit the server again all in the same second. `random` is injectable for tests.
 */
export function retryDelayMs(attempts: number, policy: Omit<RetryPolicy, 'maxAttempts'>, jitter = 0.2, random = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  const spread = raw * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, raw + spread)));
}

/** The fields of an SMTP client error that decide what happens next (nodemailer's shape). */
export interface SendFailure {
  message: string;
  code?: string;
  responseCode?: number;
  response?: string;
  /** Set for failures of our own that no retry can fix (e.g. an unknown attachment). */
  permanent?: boolean;
}

/** The reply codes of the commands that concern this message, not the connection or the login. */
const MESSAGE_SCOPED_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * Is retrying pointless? 5xx replies are permanent by RFC 5321 (503 is a session-state
 * error, not a verdict on the message). A 5xx to the login (EAUTH) is a configuration
 * problem of ours: the message waits until it is fixed rather than failing.
 */
export function isPermanentFailure(failure: SendFailure): boolean {
  if (failure.permanent === true && failure.responseCode === undefined) return true;
  const code = failure.responseCode;
  if (code === undefined || code < 500 || code >= 600 || code === 503) return false;
  return failure.code === undefined || MESSAGE_SCOPED_CODES.has(failure.code);
}

export type FailureOutcome =
  | { status: 'failed'; reason: string }
  | { status: 'pending'; reason: string; retryInMs: number };

/** The text kept in `last_error`: the server's reply when there is one. */
export function describeFailure(failure: SendFailure): string {
  const text = failure.message || failure.response || failure.code || 'Unknown error';
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

/** After attempt number `attempts` failed with `failure`: give up, or when to try again. */
export function outcomeOfFailure(failure: SendFailure, attempts: number, policy: RetryPolicy, random = Math.random): FailureOutcome {
  const reason = describeFailure(failure);
  if (isPermanentFailure(failure)) return { status: 'failed', reason };
  if (attempts >= policy.maxAttempts) return { status: 'failed', reason };
  return { status: 'pending', reason, retryInMs: retryDelayMs(attempts, policy, 0.2, random) };
}
