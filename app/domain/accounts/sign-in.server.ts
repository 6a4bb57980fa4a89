import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { DomainError } from '~/lib/errors';
import { hashPassword, verifyPassword } from '~/lib/password.server';
import { recordAudit } from '~/domain/audit/record.server';
import { countFailure, refuseWhenLimited } from './rate-limit.server';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

// An unknown address costs a password check too, so timing does not tell which addresses exist.
let dummyHash: Promise<string> | null = null;
const unknownUserHash = () => (dummyHash ??= hashPassword('no account has this password'));

/** One message for every failure, so nobody learns which e-mail addresses exist. */
export class SignInError extends DomainError {}

/**
 * Checks e-mail and password; returns the user's id. Five wrong passwords lock the
 * account for fifteen minutes; failures are also limited per address and per account
 * (RateLimitedError), which holds against guessing across many accounts.
 */
export async function verifyCredentials(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string | null },
): Promise<{ userId: string; displayName: string }> {
  const email = input.email.trim().toLowerCase();
  await refuseWhenLimited(db, 'signIn', { ip: input.ip, account: email });
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'password_hash', 'is_active', 'failed_sign_ins', 'locked_until'])
    .where('email', '=', email)
    .executeTakeFirst();
  const locked = user?.locked_until && user.locked_until > new Date();
  let ok = false;
  if (user?.password_hash && !locked) ok = await verifyPassword(user.password_hash, input.password);
  else await verifyPassword(await unknownUserHash(), input.password);
  if (!user || !user.is_active || !ok) {
    await countFailure(db, 'signIn', { ip: input.ip, account: email });
    if (user && !locked) {
      const failures = user.failed_sign_ins + 1;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            failed_sign_ins: failures >= MAX_FAILED_SIGN_INS ? 0 : failures,
            locked_until: failures >= MAX_FAILED_SIGN_INS ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null,
          })
          .where('id', '=', user.id)
          .execute();
        if (failures >= MAX_FAILED_SIGN_INS) {
          await recordAudit(trx, {
            actor: null,
            action: 'user.locked',
            entityType: 'user',
            entityId: user.id,
            ip: input.ip,
            after: { locked_minutes: LOCK_MINUTES },
          });
        }
      });
    }
    throw new SignInError('accounts:signIn.failed');
  }
  if (user.failed_sign_ins > 0) {
    await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', user.id).execute();
  }
  return { userId: user.id, displayName: user.display_name };
}
