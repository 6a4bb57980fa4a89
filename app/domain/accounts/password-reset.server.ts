import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { GoneError } from '~/lib/errors';
import { hashPassword } from '~/lib/password.server';
import { recordAudit } from '~/domain/audit/record.server';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { clearSignInBackoff, enforceRateLimits } from './rate-limit.server';
import { deleteAllAuthSessions } from '~/lib/sessions.server';
import { consumeToken, findUsableToken, issueToken, linkTo, retireTokens, TOKEN_LIFETIME_MS } from './tokens.server';

/**
 * "Forgot password": a link valid for one hour, usable once. The request answers the
 * same whether or not the address has an account; a new link retires the older ones;
 * setting the password signs the account out everywhere and clears its sign-in back-off.
 */
export async function requestPasswordReset(
  db: Kysely<Database>,
  input: { email: string; ip: string | null; locale: 'id' | 'en' },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await enforceRateLimits(db, 'passwordReset', { ip: input.ip, account: email });
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'locale'])
    .where('email', '=', email)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!user) return;
  await db.transaction().execute(async (trx) => {
    await retireTokens(trx, 'password_reset', { userId: user.id });
    const { token, id } = await issueToken(trx, { kind: 'password_reset', email, userId: user.id });
    await enqueueMail(trx, {
      to: email,
      toName: user.display_name,
      template: 'password-reset',
      locale: user.locale,
      data: { name: user.display_name, link: linkTo('/reset-password', token), expiresMinutes: TOKEN_LIFETIME_MS.password_reset / 60_000 },
    });
    await recordAudit(trx, {
      actor: null,
      action: 'user.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
      ip: input.ip,
      after: { tokenId: id },
    });
  });
}

/** The address a reset link is for; null when the link is unknown, used or expired. */
export async function findPasswordReset(db: Kysely<Database>, token: string): Promise<{ email: string } | null> {
  const row = await findUsableToken(db, 'password_reset', token);
  return row ? { email: row.email } : null;
}

export async function resetPassword(
  db: Kysely<Database>,
  input: { token: string; password: string; ip: string | null },
): Promise<{ userId: string; sessionsRevoked: number }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const row = await consumeToken(trx, 'password_reset', input.token);
    if (!row?.user_id) throw new GoneError('accounts:reset.invalid');
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
      .where('id', '=', row.user_id)
      .where('is_active', '=', true)
      .returning(['id', 'email_verified_at'])
      .executeTakeFirst();
    if (!user) throw new GoneError('accounts:reset.invalid');
    // Following the e-mailed link proves the address.
    if (!user.email_verified_at) await trx.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', user.id).execute();
    await retireTokens(trx, 'password_reset', { userId: user.id });
    await clearSignInBackoff(trx, row.email);
    const sessionsRevoked = await deleteAllAuthSessions(trx, user.id);
    await recordAudit(trx, {
      actor: null,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: user.id,
      ip: input.ip,
      after: { sessionsRevoked },
    });
    return { userId: user.id, sessionsRevoked };
  });
}
