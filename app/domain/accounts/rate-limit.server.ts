import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { RateLimitedError } from '~/lib/errors';

/**
 * Rate limits kept in the database, so they hold across app processes: a fixed window
 * per key ("signin:ip:203.0.113.9", "reset:email:a@b.id"). One atomic upsert counts the
 * attempt and reports whether it is still within the limit. Call it outside the
 * transaction of the operation it guards: a failed operation must still count.
 */
export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  limit: number;
  retryAfterSeconds: number;
}

/**
 * The statement that counts one attempt on a key: inserts its window or adds to it (a new
 * window when the last has ended), returning the hits so far and when the window ends.
 * Alone in checkRateLimit, or as a CTE ahead of the read it guards (one round trip). The key
 * as `rateLimitKey` gives it (it may be a stand-in of `compiledOnce`, passed on as it is).
 */
export function countAttempt(db: Kysely<Database>, key: string, windowSeconds: number) {
  return db
    .insertInto('rate_limits')
    .values({
      key,
      window_started_at: sql<Date>`now()`,
      reset_at: sql<Date>`now() + make_interval(secs => ${windowSeconds})`,
      hits: 1,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limits.reset_at <= now() then 1 else rate_limits.hits + 1 end`,
        window_started_at: sql<Date>`case when rate_limits.reset_at <= now() then now() else rate_limits.window_started_at end`,
        reset_at: sql<Date>`case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end`,
      }),
    )
    .returning(['hits', 'reset_at']);
}

/** A key as the table keeps it: at most 300 characters (an address or an e-mail typed by anyone). */
export function rateLimitKey(key: string): string {
  return key.slice(0, 300);
}

/** How often one process clears out long-ended windows (each new window used to, one statement more per new visitor). */
const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/**
 * What a counted attempt means against the limit. When it opened a new window, windows
 * that ended over a day ago are cleared out (indexed, usually nothing), at most once a
 * minute per process.
 */
export async function attemptCounted(
  db: Kysely<Database>,
  counted: { hits: number; reset_at: Date },
  limit: number,
): Promise<RateLimitResult> {
  if (counted.hits === 1 && Date.now() - lastSweep >= SWEEP_EVERY_MS) {
    lastSweep = Date.now();
    await db.deleteFrom('rate_limits').where('reset_at', '<', sql<Date>`now() - interval '1 day'`).execute();
  }
  return {
    allowed: counted.hits <= limit,
    hits: counted.hits,
    limit,
    retryAfterSeconds: Math.max(1, Math.ceil((counted.reset_at.getTime() - Date.now()) / 1000)),
  };
}

export async function checkRateLimit(
  db: Kysely<Database>,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  return attemptCounted(db, await countAttempt(db, rateLimitKey(key), windowSeconds).executeTakeFirstOrThrow(), limit);
}

/** Whether a key has used up its window already, without counting an attempt. */
export async function isRateLimited(db: Kysely<Database>, key: string, limit: number): Promise<RateLimitResult> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['hits', 'reset_at'])
    .where('key', '=', rateLimitKey(key))
    .where('reset_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  const hits = row?.hits ?? 0;
  return {
    allowed: hits < limit,
    hits,
    limit,
    retryAfterSeconds: row ? Math.max(1, Math.ceil((row.reset_at.getTime() - Date.now()) / 1000)) : 0,
  };
}

/**
 * Limits of the public forms that send e-mail or look things up: per client address and
 * per account (e-mail); each counts every attempt, since each one sends an e-mail.
 * Signing in has its own throttle (SIGN_IN_THROTTLE, below).
 */
export const RATE_LIMITS = {
  signUp: { perIp: { limit: 10, windowSeconds: 60 * 60 }, perAccount: { limit: 3, windowSeconds: 60 * 60 } },
  passwordReset: { perIp: { limit: 10, windowSeconds: 60 * 60 }, perAccount: { limit: 3, windowSeconds: 60 * 60 } },
  /** The public certificate check (/verify): per address only; the "account" is the code looked up. */
  publicVerification: { perIp: { limit: 60, windowSeconds: 60 }, perAccount: { limit: 120, windowSeconds: 60 } },
  /** A NIK typed on a roster form (looked up or added): the "account" is the signed-in user. */
  nikLookup: { perIp: { limit: 600, windowSeconds: 60 * 60 }, perAccount: { limit: 120, windowSeconds: 60 * 60 } },
} as const;

/**
 * Counts one attempt against the per-address and the per-account limit of a form;
 * throws RateLimitedError when either is exceeded. A request without a known address
 * shares one bucket, so a missing header never means "unlimited".
 */
export async function enforceRateLimits(
  db: Kysely<Database>,
  form: keyof typeof RATE_LIMITS,
  who: { ip: string | null; account?: string | null },
): Promise<void> {
  const limits = RATE_LIMITS[form];
  const ipKey = `${form}:ip:${who.ip || 'unknown'}`;
  const accountKey = who.account ? `${form}:account:${who.account.trim().toLowerCase()}` : null;
  const byIp = await checkRateLimit(db, ipKey, limits.perIp.limit, limits.perIp.windowSeconds);
  const byAccount = accountKey ? await checkRateLimit(db, accountKey, limits.perAccount.limit, limits.perAccount.windowSeconds) : null;
  const blocked = [byIp, byAccount].filter((r): r is RateLimitResult => !!r && !r.allowed);
  if (blocked.length) throw new RateLimitedError('accounts:rateLimited', Math.max(...blocked.map((r) => r.retryAfterSeconds)));
}

/**
 * Sign-in throttling as OWASP ASVS V2.2 describes it, with no lock-out anyone can trigger:
 *
 *   per address          at most `perIp.limit` failed sign-ins per window from one client
 *                        address, whatever the accounts (guessing across many accounts);
 *   per address+account  after `freeFailures` failures from one address for one account,
 *                        each further attempt waits 2^n seconds (2, 4, 8, … up to
 *                        `maxDelaySeconds`) after the previous one; a successful sign-in
 *                        clears it, and `forgetAfterSeconds` without an attempt forgets it.
 *
 * The account itself is never locked: a wrong password typed at one address does not keep
 * its owner out at another.
 */
export const SIGN_IN_THROTTLE = {
  perIp: { limit: 20, windowSeconds: 15 * 60 },
  freeFailures: 5,
  maxDelaySeconds: 15 * 60,
  forgetAfterSeconds: 24 * 60 * 60,
} as const;

/** The wait before the next attempt after `failures` failures from one address for one account. */
export function signInDelaySeconds(failures: number): number {
  if (failures < SIGN_IN_THROTTLE.freeFailures) return 0;
  return Math.min(2 ** (failures - SIGN_IN_THROTTLE.freeFailures + 1), SIGN_IN_THROTTLE.maxDelaySeconds);
}

const signInKeys = (ip: string | null, email: string) => ({
  ip: `signIn:ip:${ip || 'unknown'}`,
  ipAccount: `signIn:ip-account:${ip || 'unknown'}:${email.trim().toLowerCase()}`,
});

/**
 * Claims one sign-in attempt, atomically (concurrent attempts cannot slip past the
 * counters): counts it against the address, then against the address+account back-off.
 * Throws RateLimitedError (429, Retry-After) when either refuses. For a back-off key the
 * row's `hits` is the failures so far and `window_started_at` the last counted attempt.
 * Returns the address+account failures counted, this attempt included.
 */
export async function claimSignInAttempt(db: Kysely<Database>, who: { ip: string | null; email: string }): Promise<number> {
  const keys = signInKeys(who.ip, who.email);
  const byIp = await checkRateLimit(db, keys.ip, SIGN_IN_THROTTLE.perIp.limit, SIGN_IN_THROTTLE.perIp.windowSeconds);
  if (!byIp.allowed) throw new RateLimitedError('accounts:signIn.addressLimited', byIp.retryAfterSeconds);
  const { freeFailures, maxDelaySeconds, forgetAfterSeconds } = SIGN_IN_THROTTLE;
  const delay = sql<number>`least(power(2, rate_limits.hits - ${freeFailures} + 1), ${maxDelaySeconds})`;
  const claimed = await db
    .insertInto('rate_limits')
    .values({
      key: rateLimitKey(keys.ipAccount),
      window_started_at: sql<Date>`now()`,
      reset_at: sql<Date>`now() + make_interval(secs => ${forgetAfterSeconds})`,
      hits: 1,
    })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          hits: sql<number>`case when rate_limits.reset_at <= now() then 1 else rate_limits.hits + 1 end`,
          window_started_at: sql<Date>`now()`,
          reset_at: sql<Date>`excluded.reset_at`,
        })
        .where((eb) =>
          eb.or([
            eb('rate_limits.reset_at', '<=', sql<Date>`now()`),
            eb('rate_limits.hits', '<', freeFailures),
            eb(sql`rate_limits.window_started_at + make_interval(secs => ${delay})`, '<=', sql<Date>`now()`),
          ]),
        ),
    )
    .returning('hits')
    .executeTakeFirst();
  if (claimed) return claimed.hits;
  const row = await db
    .selectFrom('rate_limits')
    .select(['hits', 'window_started_at'])
    .where('key', '=', rateLimitKey(keys.ipAccount))
    .executeTakeFirst();
  const waitMs = row ? row.window_started_at.getTime() + signInDelaySeconds(row.hits) * 1000 - Date.now() : 1000;
  throw new RateLimitedError('accounts:signIn.throttled', Math.max(1, Math.ceil(waitMs / 1000)));
}

/** After a successful sign-in: the attempt does not count against the address, and the address+account back-off is cleared. */
export async function releaseSignInAttempt(db: Kysely<Database>, who: { ip: string | null; email: string }): Promise<void> {
  const keys = signInKeys(who.ip, who.email);
  await db
    .updateTable('rate_limits')
    .set({ hits: sql<number>`greatest(hits - 1, 0)` })
    .where('key', '=', keys.ip)
    .where('reset_at', '>', sql<Date>`now()`)
    .execute();
  await db.deleteFrom('rate_limits').where('key', '=', rateLimitKey(keys.ipAccount)).execute();
}

/**
 * After the owner proved the address (a password reset): forgets the account's back-off at
 * every address, so the new password works at once wherever they are.
 */
export async function clearSignInBackoff(db: Kysely<Database>, email: string): Promise<void> {
  const escaped = email.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  await db
    .deleteFrom('rate_limits')
    .where('key', 'like', `signIn:ip-account:%:${escaped}`)
    .execute();
}
