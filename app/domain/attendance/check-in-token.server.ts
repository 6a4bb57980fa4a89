import { createHmac, timingSafeEqual } from 'node:crypto';
import { config } from '~/lib/config.server';

/**
 * The rotating credential a projector shows for one session: a token for the QR code and a
 * short code to type, both cut from one HMAC-SHA256 over (session, 30-second step) made
 * with a key only the server holds. Nothing is stored: the server recomputes and compares.
 *
 *   token  `<session id, base64url>.<step, base36>.<first 16 bytes of the MAC, base64url>`
 *          (≈ 50 characters, so the QR stays coarse enough to read from the back of a hall)
 *   code   6 characters of an alphabet without look-alikes (no 0/O, 1/I/L), from the
 *          MAC's next 5 bytes — the token's bytes are not derivable from the code.
 *
 * A credential is accepted during its own step and the next one (30–60 s after it was
 * first shown), never before its step: a photo of the screen sent home goes stale within
 * a minute, and a token for one session says nothing about another.
 */
export const CHECK_IN_STEP_SECONDS = 30;
/** Steps accepted after the current one: the previous step only. */
const STEPS_OF_GRACE = 1;

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The signing key: derived from SESSION_SECRET with its own label, so a token can never be
 * mistaken for anything else the session secret signs, and no second secret needs managing.
 */
export function checkInKey(): Buffer {
  return createHmac('sha256', config().SESSION_SECRET).update('kompeten/attendance/check-in-token/v1').digest();
}

export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / CHECK_IN_STEP_SECONDS);
}

/** When a step's credential stops being shown (the next one replaces it on the projector). */
export function stepEndsAt(step: number): Date {
  return new Date((step + 1) * CHECK_IN_STEP_SECONDS * 1000);
}

function mac(key: Buffer, sessionId: string, step: number): Buffer {
  return createHmac('sha256', key).update(`check-in|${sessionId}|${step}`).digest();
}

function codeOf(digest: Buffer): string {
  let n = digest.readUIntBE(16, 5); // 40 bits, far more than 31^6 ≈ 8.9e8: no visible bias
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += CODE_ALPHABET[n % CODE_ALPHABET.length];
    n = Math.floor(n / CODE_ALPHABET.length);
  }
  return code;
}

function uuidToBase64url(id: string): string {
  return Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url');
}

function base64urlToUuid(text: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(text)) return null;
  const hex = Buffer.from(text, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return UUID.test(id) ? id : null;
}

export interface CheckInCredential {
  token: string;
  code: string;
  step: number;
  /** When the projector shows the next one. */
  rotatesAt: Date;
}

/** The credential the projector shows now for a session. */
export function issueCheckInCredential(sessionId: string, now: Date = new Date(), key: Buffer = checkInKey()): CheckInCredential {
  const id = sessionId.toLowerCase();
  const step = stepAt(now);
  const digest = mac(key, id, step);
  return {
    token: `${uuidToBase64url(id)}.${step.toString(36)}.${digest.subarray(0, 16).toString('base64url')}`,
    code: codeOf(digest),
    step,
    rotatesAt: stepEndsAt(step),
  };
}

/** Why a credential was refused; `sessionId` is known (and authentic) only for an expired one. */
export type CredentialCheck =
  | { ok: true; sessionId: string; step: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired'; sessionId?: string };

function isFresh(step: number, now: Date): boolean {
  const current = stepAt(now);
  return step <= current && step >= current - STEPS_OF_GRACE;
}

/** Checks a scanned token: well-formed, signed by this server, and of the current or previous step. */
export function verifyCheckInToken(token: string, now: Date = new Date(), key: Buffer = checkInKey()): CredentialCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !/^[0-9a-z]{1,12}$/.test(parts[1]!) || !/^[A-Za-z0-9_-]{22}$/.test(parts[2]!)) return { ok: false, reason: 'malformed' };
  const sessionId = base64urlToUuid(parts[0]!);
  const step = parseInt(parts[1]!, 36);
  if (!sessionId || !Number.isSafeInteger(step)) return { ok: false, reason: 'malformed' };
  const expected = mac(key, sessionId, step).subarray(0, 16);
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (!isFresh(step, now)) return { ok: false, reason: 'expired', sessionId };
  return { ok: true, sessionId, step };
}

/** A typed code as the alphabet writes it: upper case, spaces and dashes dropped. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isWellFormedCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/**
 * Which of the given sessions a typed code belongs to (current or previous step). A code
 * carries no session id, so the caller offers the sessions open for check-in right now.
 */
export function matchCheckInCode(
  input: string,
  sessionIds: string[],
  now: Date = new Date(),
  key: Buffer = checkInKey(),
): { sessionId: string; step: number } | null {
  const code = normalizeCode(input);
  if (!isWellFormedCode(code)) return null;
  const current = stepAt(now);
  for (let step = current; step >= current - STEPS_OF_GRACE; step--) {
    for (const id of sessionIds) {
      const expected = Buffer.from(codeOf(mac(key, id.toLowerCase(), step)));
      if (timingSafeEqual(expected, Buffer.from(code))) return { sessionId: id.toLowerCase(), step };
    }
  }
  return null;
}

/** "K7M 4QX": the code as the projector shows it, in two halves to read aloud. */
export function displayCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
