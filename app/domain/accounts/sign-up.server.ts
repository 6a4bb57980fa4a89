import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { config } from '~/lib/config.server';
import { ConflictError, GoneError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { hashPassword } from '~/lib/password.server';
import { recordAudit } from '~/domain/audit/record.server';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { checkNik, maskNik, NIK_ERRORS } from './nik';
import { enforceRateLimits } from './rate-limit.server';
import { consumeToken, findUsableToken, issueToken, linkTo, TOKEN_LIFETIME_MS } from './tokens.server';

/**
 * A participant signs up: the request is kept in an e-mail-confirmation token (nothing
 * else is written until the address is proven, so nobody can squat on someone's
 * address), and the confirmation creates the account. Known people (same NIK and birth
 * date on a roster) get their account linked to them; anyone else becomes a pending
 * person on the chosen cooperative's roster, for its admin or the coordinator to confirm.
 */
export interface SignUpInput {
  fullName: string;
  nik: string;
  birthDate: string;
  email: string;
  password: string;
  cooperativeId: string;
  position: string;
  locale: 'id' | 'en';
  ip: string | null;
}

interface SignUpPayload {
  fullName: string;
  nik: string;
  birthDate: string;
  cooperativeId: string;
  position: string;
  locale: 'id' | 'en';
  passwordHash?: string;
}


const escapeLike = (text: string) => text.replace(/[%_\\]/g, (c) => `\\${c}`);

/** How many cooperatives one search shows at most; the rest asks for more letters. */
export const SIGN_UP_SEARCH_LIMIT = 20;

export interface SignUpCooperativeChoice {
  id: string;
  name: string;
  number: string | null;
  dinasName: string;
}

/**
 * Active cooperatives a participant can name, found by part of their name or number
 * (ILIKE, or trigram word similarity for a misspelt name; closest names first): at most SIGN_UP_SEARCH_LIMIT, and
 * how many more matched. Fewer than two characters find nothing.
 */
export async function searchSignUpCooperatives(
  db: Kysely<Database>,
  text: string,
  limit = SIGN_UP_SEARCH_LIMIT,
): Promise<{ items: SignUpCooperativeChoice[]; more: number }> {
  const query = text.trim().replace(/\s+/g, ' ');
  if (query.length < 2) return { items: [], more: 0 };
  const like = `%${escapeLike(query)}%`;
  const digits = query.replace(/[\s.-]/g, '');
  const base = db
    .selectFrom('cooperatives as c')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .where('c.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('c.name', 'ilike', like),
        // A slip of the thumb still finds it: trigram word similarity (pg_trgm's `<%`).
        sql<boolean>`${query} <% c.name`,
        ...(/^\d{2,}$/.test(digits) ? [eb('c.cooperative_number', 'like', `%${digits}%`)] : []),
      ]),
    );
  const [rows, total] = await Promise.all([
    base
      .select(['c.id', 'c.name', 'c.cooperative_number as number', sql<string>`coalesce(d.short_name, d.name)`.as('dinasName')])
      .orderBy(sql`word_similarity(${query}, c.name)`, 'desc')
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(limit)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows, more: Math.max(0, total.n - rows.length) };
}

/** The cooperative a participant already chose, to show it beside a new search. */
export async function findSignUpCooperative(db: Kysely<Database>, cooperativeId: string): Promise<SignUpCooperativeChoice | null> {
  if (!isUuid(cooperativeId)) return null;
  const row = await db
    .selectFrom('cooperatives as c')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .select(['c.id', 'c.name', 'c.cooperative_number as number', sql<string>`coalesce(d.short_name, d.name)`.as('dinasName')])
    .where('c.id', '=', cooperativeId)
    .where('c.status', '=', 'active')
    .executeTakeFirst();
  return row ?? null;
}

async function signUpCooperative(db: Kysely<Database>, cooperativeId: string) {
  if (!isUuid(cooperativeId)) return undefined;
  return db
    .selectFrom('cooperatives')
    .select(['id', 'name', 'dinas_id'])
    .where('id', '=', cooperativeId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** The NIK and birth date are known, or the NIK is free; anything else is an error on the form. */
async function checkIdentity(db: Kysely<Database>, nik: string, birthDate: string): Promise<{ personId: string | null }> {
  const person = await db
    .selectFrom('people as p')
    .leftJoin('users as u', 'u.person_id', 'p.id')
    .select(['p.id', 'p.birth_date', 'u.id as userId'])
    .where('p.nik', '=', nik)
    .executeTakeFirst();
  if (!person) return { personId: null };
  if (person.birth_date !== birthDate) {
    throw new ValidationError({ nik: ['accounts:signUp.nikKnownOtherBirthDate'] });
  }
  if (person.userId) throw new ConflictError('accounts:signUp.personHasAccount');
  return { personId: person.id };
}

/**
 * Checks the request and e-mails a confirmation link. When the address already has an
 * account, that account's owner gets a note instead: the answer to the visitor is the
 * same either way, so the form reveals no addresses.
 */
export async function requestSignUp(db: Kysely<Database>, input: SignUpInput): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await enforceRateLimits(db, 'signUp', { ip: input.ip, account: email });
  const nikCheck = checkNik(input.nik, input.birthDate);
  if (!nikCheck.ok) throw new ValidationError({ nik: [NIK_ERRORS[nikCheck.problem]] });
  const cooperative = await signUpCooperative(db, input.cooperativeId);
  if (!cooperative) throw new ValidationError({ cooperativeId: ['accounts:signUp.cooperativeRequired'] });
  await checkIdentity(db, input.nik, input.birthDate);

  const existing = await db.selectFrom('users').select(['id', 'display_name', 'locale']).where('email', '=', email).executeTakeFirst();
  // Hashed either way, so the answer takes as long for a known address as for a new one.
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    if (existing) {
      await enqueueMail(trx, {
        to: email,
        toName: existing.display_name,
        template: 'account-exists',
        locale: existing.locale,
        data: { loginUrl: `${config().PUBLIC_URL}/login`, resetUrl: `${config().PUBLIC_URL}/forgot-password` },
      });
      await recordAudit(trx, {
        actor: null,
        action: 'user.sign_up_for_existing_account',
        entityType: 'user',
        entityId: existing.id,
        ip: input.ip,
      });
      return;
    }
    const payload: SignUpPayload = {
      fullName: input.fullName.trim(),
      nik: input.nik,
      birthDate: input.birthDate,
      cooperativeId: cooperative.id,
      position: input.position.trim(),
      locale: input.locale,
      passwordHash,
    };
    const { token, id } = await issueToken(trx, { kind: 'email_verification', email, dinasId: cooperative.dinas_id, payload: { ...payload } });
    await enqueueMail(trx, {
      to: email,
      toName: payload.fullName,
      template: 'account-confirm',
      locale: input.locale,
      dinasId: cooperative.dinas_id,
      data: {
        name: payload.fullName,
        cooperativeName: cooperative.name,
        link: linkTo('/confirm-email', token),
        expiresHours: TOKEN_LIFETIME_MS.email_verification / 3_600_000,
      },
    });
    await recordAudit(trx, {
      actor: null,
      action: 'user.sign_up_requested',
      entityType: 'auth_token',
      entityId: id,
      dinasId: cooperative.dinas_id,
      ip: input.ip,
      after: { email, fullName: payload.fullName, nik: maskNik(payload.nik), cooperativeId: cooperative.id, position: payload.position },
    });
  });
}

/** What the confirmation page shows before the button is pressed; null for a dead link. */
export async function findSignUpConfirmation(db: Kysely<Database>, token: string) {
  const row = await findUsableToken(db, 'email_verification', token);
  if (!row) return null;
  const payload = row.payload as SignUpPayload;
  return { email: row.email, fullName: payload.fullName };
}

/**
 * Confirms the address and creates the participant's account (linked to their known
 * person, or with a new pending person on the cooperative's roster). Returns the new
 * user's id for the route to sign them in.
 */
export async function confirmSignUp(
  db: Kysely<Database>,
  input: { token: string; ip: string | null },
): Promise<{ userId: string; displayName: string; personStatus: 'confirmed' | 'pending' }> {
  return db.transaction().execute(async (trx) => {
    const row = await consumeToken(trx, 'email_verification', input.token);
    if (!row) throw new GoneError('accounts:confirm.invalid');
    const payload = row.payload as SignUpPayload;
    if (!payload.passwordHash) throw new GoneError('accounts:confirm.invalid');
    const taken = await trx.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst();
    if (taken) throw new ConflictError('accounts:confirm.alreadyConfirmed');
    const cooperative = await signUpCooperative(trx, payload.cooperativeId);
    if (!cooperative) throw new ConflictError('accounts:confirm.cooperativeGone');
    const { personId: knownPersonId } = await checkIdentity(trx, payload.nik, payload.birthDate);
    const nik = checkNik(payload.nik, payload.birthDate);

    let personId = knownPersonId;
    let personStatus: 'confirmed' | 'pending' = 'confirmed';
    if (!personId) {
      const person = await trx
        .insertInto('people')
        .values({
          nik: payload.nik,
          full_name: payload.fullName,
          birth_date: payload.birthDate,
          sex: nik.ok ? nik.sex : null,
          email: row.email,
          status: 'pending',
        })
        .returning(['id', 'status'])
        .executeTakeFirstOrThrow();
      personId = person.id;
      personStatus = 'pending';
      await trx
        .insertInto('staff_positions')
        .values({ person_id: personId, cooperative_id: cooperative.id, position: payload.position })
        .execute();
    } else {
      const person = await trx.selectFrom('people').select('status').where('id', '=', personId).executeTakeFirstOrThrow();
      personStatus = person.status;
    }

    const user = await trx
      .insertInto('users')
      .values({
        email: row.email,
        password_hash: payload.passwordHash,
        display_name: payload.fullName,
        person_id: personId,
        locale: payload.locale,
        email_verified_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('user_roles').values({ user_id: user.id, role: 'participant' }).execute();
    // The password hash has served its purpose; it does not stay in the token's record.
    const { passwordHash: _dropped, ...rest } = payload;
    await trx
      .updateTable('auth_tokens')
      .set({ user_id: user.id, payload: JSON.stringify(rest) })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      actor: null,
      action: 'user.signed_up',
      entityType: 'user',
      entityId: user.id,
      dinasId: cooperative.dinas_id,
      ip: input.ip,
      after: {
        email: row.email,
        displayName: payload.fullName,
        personId,
        personStatus,
        linkedToKnownPerson: !!knownPersonId,
        cooperativeId: cooperative.id,
        role: 'participant',
      },
    });
    return { userId: user.id, displayName: payload.fullName, personStatus };
  });
}
