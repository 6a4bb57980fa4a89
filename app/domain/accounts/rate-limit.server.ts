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

export async function checkRateLimit(
  db: Kysely<Database>,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const k = key.slice(0, 300);
  const row = await db
    .insertInto('rate_limits')
    .values({
      key: k,
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
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow();
  if (row.hits === 1) {
    // A new window began: clear out windows that ended long ago (indexed, usually nothing).
    await db.deleteFrom('rate_limits').where('reset_at', '<', sql<Date>`now() - interval '1 day'`).execute();
  }
  return {
    allowed: row.hits <= limit,
    hits: row.hits,
    limit,
    retryAfterSeconds: Math.max(1, Math.ceil((row.reset_at.getTime() - Date.now()) / 1000)),
  };
}

/** Whether a key has used up its window already, without counting an attempt. */
export async function isRateLimited(db: Kysely<Database>, key: string, limit: number): Promise<RateLimitResult> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['hits', 'reset_at'])
    .where('key', '=', key.slice(0, 300))
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
 * Limits of the public forms: per client address and per account (e-mail). Sign-in
 * counts failed attempts (a person signing in many times a day is no threat); the other
 * forms count every attempt, since each one sends an e-mail.
 */
export const RATE_LIMITS = {
  signIn: { perIp: { limit: 30, windowSeconds: 15 * 60 }, perAccount: { limit: 10, windowSeconds: 15 * 60 } },
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
  const keys = keysOf(form, who);
  const byIp = await checkRateLimit(db, keys.ip, limits.perIp.limit, limits.perIp.windowSeconds);
  const byAccount = keys.account ? await checkRateLimit(db, keys.account, limits.perAccount.limit, limits.perAccount.windowSeconds) : null;
  const blocked = [byIp, byAccount].filter((r): r is RateLimitResult => !!r && !r.allowed);
  if (blocked.length) throw new RateLimitedError('accounts:rateLimited', Math.max(...blocked.map((r) => r.retryAfterSeconds)));
}

const keysOf = (form: keyof typeof RATE_LIMITS, who: { ip: string | null; account?: string | null }) => ({
  ip: `${form}:ip:${who.ip || 'unknown'}`,
  account: who.account ? `${form}:account:${who.account.trim().toLowerCase()}` : null,
});

/** Refuses (RateLimitedError) when the address or the account has used up its failures, counting nothing. */
export async function refuseWhenLimited(
  db: Kysely<Database>,
  form: keyof typeof RATE_LIMITS,
  who: { ip: string | null; account?: string | null },
): Promise<void> {
  const limits = RATE_LIMITS[form];
  const keys = keysOf(form, who);
  const checks = [await isRateLimited(db, keys.ip, limits.perIp.limit)];
  if (keys.account) checks.push(await isRateLimited(db, keys.account, limits.perAccount.limit));
  const blocked = checks.filter((r) => !r.allowed);
  if (blocked.length) throw new RateLimitedError('accounts:rateLimited', Math.max(...blocked.map((r) => r.retryAfterSeconds)));
}

/** Counts one failed attempt against the address and the account. */
export async function countFailure(
  db: Kysely<Database>,
  form: keyof typeof RATE_LIMITS,
  who: { ip: string | null; account?: string | null },
): Promise<void> {
  const limits = RATE_LIMITS[form];
  const keys = keysOf(form, who);
  await checkRateLimit(db, keys.ip, limits.perIp.limit, limits.perIp.windowSeconds);
  if (keys.account) await checkRateLimit(db, keys.account, limits.perAccount.limit, limits.perAccount.windowSeconds);
}
