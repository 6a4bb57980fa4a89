import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Role } from '~db/schema';
import { ConflictError, GoneError } from '~/lib/errors';
import { dinasTimeZone } from '~/lib/dinas-scope.server';
import { hashPassword } from '~/lib/password.server';
import { recordAudit } from '~/domain/audit/record.server';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { grantableRoles } from './admin-scope';
import { grantOptions, requireAdminScope, resolveGrantTarget, roleLabel } from './grants.server';
import type { Actor } from '~/lib/permissions';
import type { GrantableRole } from './roles';
import { consumeToken, findUsableToken, issueToken, linkTo, TOKEN_LIFETIME_MS } from './tokens.server';

/**
 * An administrator invites someone by e-mail into an organization they administer and a
 * role they may grant (admin-scope.ts). The link works once, for seven days. A new person sets their name and password; someone who already
 * has an account signs in first and the role is added to it.
 */
export interface InvitationPayload {
  role: GrantableRole;
  institutionId: string | null;
  cooperativeId: string | null;
  registrationNumber: string | null;
  organizationName: string;
  name: string | null;
}

export interface InviteInput {
  email: string;
  name?: string | null;
  role: GrantableRole;
  organizationId: string;
  registrationNumber?: string | null;
  locale: 'id' | 'en';
}

export async function inviteUser(db: Kysely<Database>, actor: Actor | null, input: InviteInput): Promise<{ invitationId: string }> {
  const scope = requireAdminScope(actor);
  const email = input.email.trim().toLowerCase();
  const target = await resolveGrantTarget(db, scope, input);
  const holder = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('u.email', '=', email)
    .where('r.role', '=', target.role)
    .where((eb) =>
      target.institutionId ? eb('r.institution_id', '=', target.institutionId) : eb('r.cooperative_id', '=', target.cooperativeId),
    )
    .executeTakeFirst();
  if (holder) throw new ConflictError('accounts:invite.alreadyHeld');
  const payload: InvitationPayload = {
    role: target.role,
    institutionId: target.institutionId,
    cooperativeId: target.cooperativeId,
    registrationNumber: target.registrationNumber,
    organizationName: target.organizationName,
    name: input.name?.trim() || null,
  };
  return db.transaction().execute((trx) => issueInvitation(trx, actor!, { email, payload, dinasId: target.dinasId, locale: input.locale }));
}

/**
 * Issues the invitation token, queues its e-mail and audits it, inside the caller's
 * transaction (the platform's "add a Dinas" invites the first coordinator in its own).
 * `dinasId` is the Dinas concerned (a coordinator's or cooperative admin's); null for an
 * institute's or LSP's role, whose invitation is in no Dinas's log or outbox.
 */
export async function issueInvitation(
  trx: Transaction<Database>,
  actor: Actor,
  input: { email: string; payload: InvitationPayload; dinasId: string | null; locale: 'id' | 'en' },
): Promise<{ invitationId: string }> {
  const { email, payload, dinasId } = input;
  const { token, id } = await issueToken(trx, {
    kind: 'invitation',
    email,
    dinasId,
    payload: { ...payload },
    createdBy: actor.userId,
  });
  await enqueueMail(trx, {
    to: email,
    toName: payload.name,
    template: 'invitation',
    locale: input.locale,
    dinasId,
    data: {
      name: payload.name,
      inviterName: actor.displayName,
      roleLabel: roleLabel(payload.role, input.locale),
      organizationName: payload.organizationName,
      link: linkTo('/invitations', token),
      expiresDays: TOKEN_LIFETIME_MS.invitation / 86_400_000,
    },
  });
  await recordAudit(trx, {
    actor,
    action: 'invitation.sent',
    entityType: 'invitation',
    entityId: id,
    dinasId,
    after: { email, name: payload.name, role: payload.role, organization: payload.organizationName, registrationNumber: payload.registrationNumber },
  });
  return { invitationId: id };
}

/** Open invitations (not accepted, still valid) of the actor's scope, newest first. */
export async function listOpenInvitations(db: Kysely<Database>, actor: Actor | null) {
  const scope = requireAdminScope(actor);
  let query = db
    .selectFrom('auth_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.email', 't.payload', 't.created_at', 't.expires_at', 'u.display_name as invitedBy'])
    .where('t.kind', '=', 'invitation')
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', new Date());
  if (scope.kind === 'dinas') query = query.where('t.dinas_id', '=', scope.dinasId);
  else if (scope.kind === 'institution') query = query.where(sql<string>`t.payload->>'institutionId'`, '=', scope.institutionId);
  else query = query.where(sql<string>`t.payload->>'role'`, 'in', grantableRoles(scope));
  const rows = await query.orderBy('t.created_at', 'desc').limit(100).execute();
  return rows.map((r) => {
    const p = r.payload as InvitationPayload;
    return { id: r.id, email: r.email, name: p.name, role: p.role, organizationName: p.organizationName, createdAt: r.created_at, expiresAt: r.expires_at, invitedBy: r.invitedBy };
  });
}

/** The invitation page: the roles and organizations that can be granted, the open invitations, and the zone for their dates. */
export async function getInvitationsPage(db: Kysely<Database>, actor: Actor | null) {
  const invitations = await listOpenInvitations(db, actor);
  const scope = requireAdminScope(actor);
  const [organizations, timeZone] = await Promise.all([
    grantOptions(db, scope),
    dinasTimeZone(db, scope.kind === 'dinas' ? scope.dinasId : scope.kind === 'institution' ? scope.institutionId : null),
  ]);
  return { organizations, invitations, timeZone };
}

export interface InvitationView {
  email: string;
  name: string | null;
  role: Role;
  organizationName: string;
  dinasName: string | null;
  /** An account with the invited address exists: its owner signs in and accepts. */
  accountExists: boolean;
}

/** What the invitation page shows; null when the link is unknown, used or expired. */
export async function findInvitation(db: Kysely<Database>, token: string): Promise<InvitationView | null> {
  const row = await findUsableToken(db, 'invitation', token);
  if (!row) return null;
  const p = row.payload as InvitationPayload;
  const [dinas, user] = await Promise.all([
    row.dinas_id ? db.selectFrom('institutions').select('name').where('id', '=', row.dinas_id).executeTakeFirst() : undefined,
    db.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst(),
  ]);
  return { email: row.email, name: p.name, role: p.role, organizationName: p.organizationName, dinasName: dinas?.name ?? null, accountExists: !!user };
}

/**
 * Accepts an invitation. Without an account for the address: `newAccount` (name and
 * password) creates one. With one: its owner must be the signed-in actor.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  input: {
    token: string;
    actor: Actor | null;
    newAccount?: { displayName: string; password: string; locale: 'id' | 'en' };
    ip: string | null;
  },
): Promise<{ userId: string; displayName: string; createdAccount: boolean }> {
  const passwordHash = input.newAccount ? await hashPassword(input.newAccount.password) : null;
  return db.transaction().execute(async (trx) => {
    const row = await consumeToken(trx, 'invitation', input.token);
    if (!row) throw new GoneError('accounts:invitation.invalid');
    const p = row.payload as InvitationPayload;
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'display_name', 'is_active'])
      .where('email', '=', row.email)
      .executeTakeFirst();
    let userId: string;
    let displayName: string;
    if (existing) {
      if (!input.actor || input.actor.userId !== existing.id) throw new ConflictError('accounts:invitation.signInAs');
      if (!existing.is_active) throw new ConflictError('accounts:invitation.accountInactive');
      userId = existing.id;
      displayName = existing.display_name;
    } else {
      if (!input.newAccount || !passwordHash) throw new ConflictError('accounts:invitation.accountDetailsRequired');
      if (input.actor) throw new ConflictError('accounts:invitation.signOutFirst');
      displayName = input.newAccount.displayName.trim();
      const user = await trx
        .insertInto('users')
        .values({
          email: row.email,
          password_hash: passwordHash,
          display_name: displayName,
          locale: input.newAccount.locale,
          email_verified_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = user.id;
    }
    await trx
      .insertInto('user_roles')
      .values({
        user_id: userId,
        role: p.role,
        institution_id: p.institutionId,
        cooperative_id: p.cooperativeId,
        registration_number: p.registrationNumber,
        granted_by_dinas_id: row.dinas_id,
      })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'institution_id', 'cooperative_id']).doNothing())
      .execute();
    await trx.updateTable('auth_tokens').set({ user_id: userId }).where('id', '=', row.id).execute();
    await recordAudit(trx, {
      actor: input.actor,
      action: 'invitation.accepted',
      entityType: 'user',
      entityId: userId,
      dinasId: row.dinas_id,
      ip: input.ip,
      after: { invitationId: row.id, email: row.email, role: p.role, organization: p.organizationName, createdAccount: !existing },
    });
    return { userId, displayName, createdAccount: !existing };
  });
}
