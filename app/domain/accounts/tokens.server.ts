import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuthTokenKind, AuthTokensTable, Database } from '~db/schema';
import { config } from '~/lib/config.server';

/**
 * Single-use e-mailed links. The link carries 256 random bits; the database keeps only
 * their SHA-256, so a copy of the database opens no account. Using a token is one
 * conditional UPDATE, so two clicks racing each other cannot both succeed.
 */
export type AuthToken = Selectable<AuthTokensTable>;

export const TOKEN_LIFETIME_MS: Record<AuthTokenKind, number> = {
  email_verification: 48 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
  invitation: 7 * 24 * 60 * 60 * 1000,
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The address of a page that takes a token, e.g. linkTo('/reset-password', token). */
export function linkTo(pathname: string, token: string): string {
  return `${config().PUBLIC_URL}${pathname}/${token}`;
}

export async function issueToken(
  trx: Kysely<Database>,
  input: {
    kind: AuthTokenKind;
    email: string;
    userId?: string | null;
    dinasId?: string | null;
    payload?: Record<string, unknown>;
    createdBy?: string | null;
  },
): Promise<{ token: string; id: string; expiresAt: Date }> {
  await pruneTokens(trx);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_MS[input.kind]);
  const row = await trx
    .insertInto('auth_tokens')
    .values({
      kind: input.kind,
      token_hash: hashToken(token),
      email: input.email.trim().toLowerCase(),
      user_id: input.userId ?? null,
      dinas_id: input.dinasId ?? null,
      payload: JSON.stringify(input.payload ?? {}),
      expires_at: expiresAt,
      created_by: input.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, id: row.id, expiresAt };
}

const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/** An unused, unexpired token of this kind, or null. */
export async function findUsableToken(db: Kysely<Database>, kind: AuthTokenKind, token: string): Promise<AuthToken | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db
    .selectFrom('auth_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Marks the token used and returns it; null when it was unknown, used or expired. Runs in
 * the transaction of what the link does, so a failure there leaves the link usable.
 */
export async function consumeToken(trx: Transaction<Database>, kind: AuthTokenKind, token: string): Promise<AuthToken | null> {
  if (!looksLikeToken(token)) return null;
  const row = await trx
    .updateTable('auth_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Older links of a kind stop working when a new one is sent (or the password changes). */
export async function retireTokens(trx: Transaction<Database>, kind: AuthTokenKind, where: { userId?: string; email?: string }) {
  if (!where.userId && !where.email) throw new Error('retireTokens needs a user or an e-mail address');
  let query = trx.updateTable('auth_tokens').set({ used_at: new Date() }).where('kind', '=', kind).where('used_at', 'is', null);
  if (where.userId) query = query.where('user_id', '=', where.userId);
  if (where.email) query = query.where('email', '=', where.email.trim().toLowerCase());
  await query.execute();
}

/**
 * Forgets dead links: a sign-up request (which holds a NIK and a password hash) a day
 * after it expired, any other token after 90 days. Runs whenever a token is issued.
 */
export async function pruneTokens(trx: Kysely<Database>): Promise<void> {
  const day = 86_400_000;
  await trx
    .deleteFrom('auth_tokens')
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'email_verification'), eb('expires_at', '<', new Date(Date.now() - day))]),
        eb('expires_at', '<', new Date(Date.now() - 90 * day)),
      ]),
    )
    .execute();
}
