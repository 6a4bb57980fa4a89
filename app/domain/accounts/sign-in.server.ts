import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { DomainError } from '~/lib/errors';
import { hashPassword, verifyPassword } from '~/lib/password.server';
import { recordAudit } from '~/domain/audit/record.server';
import { claimSignInAttempt, releaseSignInAttempt, SIGN_IN_THROTTLE } from './rate-limit.server';

// An unknown address costs a password check too, so timing does not tell which addresses exist.
let dummyHash: Promise<string> | null = null;
const unknownUserHash = () => (dummyHash ??= hashPassword('no account has this password'));

/** One message for every failure, so nobody learns which e-mail addresses exist. */
export class SignInError extends DomainError {}

/**
 * Checks e-mail and password; returns the user's id. Failures are throttled per client
 * address and per address+account with growing delays (RateLimitedError, see
 * SIGN_IN_THROTTLE); the account is never locked, so nobody can keep its owner out.
 */
export async function verifyCredentials(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string | null },
): Promise<{ userId: string; displayName: string }> {
  const email = input.email.trim().toLowerCase();
  const failures = await claimSignInAttempt(db, { ip: input.ip, email });
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'password_hash', 'is_active'])
    .where('email', '=', email)
    .executeTakeFirst();
  let ok = false;
  if (user?.password_hash) ok = await verifyPassword(user.password_hash, input.password);
  else await verifyPassword(await unknownUserHash(), input.password);
  if (!user || !user.is_active || !ok) {
    if (user && failures === SIGN_IN_THROTTLE.freeFailures) {
      // From here on this address waits longer and longer between attempts for this account.
      await db.transaction().execute((trx) =>
        recordAudit(trx, {
          actor: null,
          action: 'user.sign_in_throttled',
          entityType: 'user',
          entityId: user.id,
          ip: input.ip,
          after: { failures },
        }),
      );
    }
    throw new SignInError('accounts:signIn.failed');
  }
  await releaseSignInAttempt(db, { ip: input.ip, email });
  return { userId: user.id, displayName: user.display_name };
}
