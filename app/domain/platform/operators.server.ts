import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { issueToken, linkTo, retireTokens, TOKEN_LIFETIME_MS } from '~/domain/accounts/tokens.server';

/**
 * The very first platform administrator, made from the command line (`npm run admin --
 * create-operator --email … --name "…"`): an account with the platform_admin role and a
 * one-time link (a password-reset token, valid for an hour) where they choose their own
 * password, so no password passes through a shell, its history or the environment.
 * Run again for the same address, it keeps the account and prints a fresh link.
 */
export async function createPlatformOperator(
  db: Kysely<Database>,
  input: { email: string; displayName: string },
): Promise<{ userId: string; link: string; createdAccount: boolean; expiresMinutes: number }> {
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.trim();
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    const userId =
      existing?.id ??
      (await trx.insertInto('users').values({ email, display_name: displayName, password_hash: null }).returning('id').executeTakeFirstOrThrow()).id;
    if (existing) await trx.updateTable('users').set({ is_active: true, updated_at: new Date() }).where('id', '=', userId).execute();
    const role = await trx
      .insertInto('user_roles')
      .values({ user_id: userId, role: 'platform_admin', institution_id: null, cooperative_id: null })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'institution_id', 'cooperative_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    await retireTokens(trx, 'password_reset', { userId });
    const { token } = await issueToken(trx, { kind: 'password_reset', email, userId });
    await recordAudit(trx, {
      actor: null,
      action: 'user.platform_admin_created',
      entityType: 'user',
      entityId: userId,
      after: { email, createdAccount: !existing, roleGranted: !!role, via: 'cli' },
    });
    return { userId, link: linkTo('/reset-password', token), createdAccount: !existing, expiresMinutes: TOKEN_LIFETIME_MS.password_reset / 60_000 };
  });
}
