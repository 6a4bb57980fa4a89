import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHECK_IN_STEP_SECONDS,
  CODE_ALPHABET,
  displayCode,
  issueCheckInCredential,
  matchCheckInCode,
  verifyCheckInToken,
} from '~/domain/attendance/check-in-token.server';
import { checkInStatus } from '~/domain/attendance/check-in.server';

const key = randomBytes(32);
const session = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const other = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
/** The first instant of a 30-second step. */
const stepStart = new Date(Math.floor(Date.UTC(2026, 10, 30, 1, 0, 0) / 30_000) * 30_000);
const at = (seconds: number) => new Date(stepStart.getTime() + seconds * 1000);

describe('check-in tokens', () => {
  it('a token is accepted in its own step and the next, never before and never after', () => {
    const { token, step } = issueCheckInCredential(session, at(0), key);
    expect(verifyCheckInToken(token, at(0), key)).toEqual({ ok: true, sessionId: session, step });
    expect(verifyCheckInToken(token, at(29.999), key).ok).toBe(true);
    expect(verifyCheckInToken(token, at(30), key).ok).toBe(true);
    expect(verifyCheckInToken(token, at(59.999), key).ok).toBe(true);
    expect(verifyCheckInToken(token, at(60), key)).toEqual({ ok: false, reason: 'expired', sessionId: session });
    expect(verifyCheckInToken(token, at(-0.001), key)).toEqual({ ok: false, reason: 'expired', sessionId: session });
  });

  it('a replayed token of an older step is refused as expired', () => {
    const old = issueCheckInCredential(session, at(-61), key);
    expect(verifyCheckInToken(old.token, at(0), key)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('tokens rotate every 30 seconds and are short enough for a coarse QR code', () => {
    const a = issueCheckInCredential(session, at(1), key);
    const b = issueCheckInCredential(session, at(CHECK_IN_STEP_SECONDS + 1), key);
    expect(a.token).not.toBe(b.token);
    expect(a.code).not.toBe(b.code);
    expect(a.rotatesAt).toEqual(at(30));
    expect(a.token.length).toBeLessThan(60);
  });

  it('a forged or altered token is refused: other key, other session, other step, changed signature', () => {
    const { token } = issueCheckInCredential(session, at(0), key);
    expect(verifyCheckInToken(issueCheckInCredential(session, at(0), randomBytes(32)).token, at(0), key)).toEqual({ ok: false, reason: 'forged' });
    const [, step, mac] = token.split('.');
    const otherId = Buffer.from(other.replace(/-/g, ''), 'hex').toString('base64url');
    expect(verifyCheckInToken(`${otherId}.${step}.${mac}`, at(0), key)).toEqual({ ok: false, reason: 'forged' });
    const [id] = token.split('.');
    const nextStep = (parseInt(step!, 36) + 1).toString(36);
    expect(verifyCheckInToken(`${id}.${nextStep}.${mac}`, at(30), key)).toEqual({ ok: false, reason: 'forged' });
    const flipped = mac!.slice(0, -2) + (mac!.endsWith('AA') ? 'AB' : 'AA');
    expect(verifyCheckInToken(`${id}.${step}.${flipped}`, at(0), key)).toEqual({ ok: false, reason: 'forged' });
  });

  it('a token of another session verifies as that session, so the caller can refuse it for this one', () => {
    const { token } = issueCheckInCredential(other, at(0), key);
    expect(verifyCheckInToken(token, at(0), key)).toMatchObject({ ok: true, sessionId: other });
  });

  it('junk is malformed, not a crash', () => {
    for (const junk of ['', 'abc', 'a.b.c', '....', `${'x'.repeat(22)}.zz.${'y'.repeat(22)}`, 'é'.repeat(50), `${'A'.repeat(22)}.1.${'A'.repeat(21)}`]) {
      expect(verifyCheckInToken(junk, at(0), key).ok, junk).toBe(false);
    }
  });
});

describe('short codes', () => {
  it('six characters of an alphabet without look-alikes, shown in two halves', () => {
    const { code } = issueCheckInCredential(session, at(0), key);
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(displayCode(code)).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
  });

  it('a typed code finds its session in its step and the next, in any case, with spaces or a dash', () => {
    const { code, step } = issueCheckInCredential(session, at(5), key);
    const typed = `${code.slice(0, 3).toLowerCase()} - ${code.slice(3)}`;
    expect(matchCheckInCode(typed, [other, session], at(5), key)).toEqual({ sessionId: session, step });
    expect(matchCheckInCode(code, [other, session], at(45), key)).toEqual({ sessionId: session, step });
    expect(matchCheckInCode(code, [other, session], at(60), key)).toBeNull();
    expect(matchCheckInCode(code, [other], at(5), key)).toBeNull();
    expect(matchCheckInCode('OOOOOO', [session], at(5), key)).toBeNull();
    expect(matchCheckInCode(code, [session], at(5), randomBytes(32))).toBeNull();
  });
});

describe('present or late', () => {
  it('late only after start + the grace period', () => {
    const session = { startsAt: new Date('2026-11-30T01:00:00Z'), lateGraceMinutes: 15 };
    expect(checkInStatus(session, new Date('2026-11-30T00:10:00Z'))).toBe('present');
    expect(checkInStatus(session, new Date('2026-11-30T01:15:00Z'))).toBe('present');
    expect(checkInStatus(session, new Date('2026-11-30T01:15:01Z'))).toBe('late');
  });
});
