import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, isNewerMark, markTiming, sessionPhase, sessionWindow } from '~/domain/attendance/rules';

/** 08:00–16:00 WIB on 10 December 2026; opens 60 minutes early, correctable for 72 hours. */
const window = sessionWindow({ startsAt: new Date('2026-12-10T01:00:00Z'), endsAt: new Date('2026-12-10T09:00:00Z') }, { checkInOpensMinutes: 60, correctionHours: 72 });
const wib = (hhmm: string, day = '2026-12-10') => new Date(`${day}T${hhmm}:00+07:00`);

describe('the session window by server time', () => {
  it('opens the configured minutes before the start and stays correctable the configured hours after the end', () => {
    expect(window.opensAt.toISOString()).toBe('2026-12-10T00:00:00.000Z');
    expect(window.correctableUntil.toISOString()).toBe('2026-12-13T09:00:00.000Z');
    expect(sessionPhase(window, wib('06:59'))).toBe('notOpen');
    expect(sessionPhase(window, wib('07:00'))).toBe('open');
    expect(sessionPhase(window, wib('16:00'))).toBe('open');
    expect(sessionPhase(window, wib('16:01'))).toBe('correcting');
    expect(sessionPhase(window, wib('16:01', '2026-12-13'))).toBe('closed');
  });

  it('refuses any mark before the session opens, whatever time the device claims', () => {
    expect(markTiming(window, wib('06:59'), wib('08:00'))).toEqual({ ok: false, refusal: 'sessionNotOpen' });
  });

  it('clamps a device clock slightly ahead to now and refuses one further ahead', () => {
    const now = wib('09:00');
    expect(markTiming(window, now, new Date(now.getTime() + CLOCK_SKEW_MS))).toEqual({ ok: true, markedAt: now, correction: false });
    expect(markTiming(window, now, new Date(now.getTime() + CLOCK_SKEW_MS + 1))).toEqual({ ok: false, refusal: 'markedInFuture' });
  });

  it('refuses a time before the window opened', () => {
    expect(markTiming(window, wib('09:00'), wib('06:59'))).toEqual({ ok: false, refusal: 'markedBeforeOpen' });
  });

  it('takes an offline mark made during the session as a mark, and one made after its end as a correction until the deadline', () => {
    expect(markTiming(window, wib('20:00'), wib('15:59'))).toMatchObject({ ok: true, correction: false });
    expect(markTiming(window, wib('20:00'))).toMatchObject({ ok: true, correction: true });
    expect(markTiming(window, wib('16:01', '2026-12-13'), wib('15:00'))).toMatchObject({ ok: true, correction: false });
    expect(markTiming(window, wib('16:01', '2026-12-13'))).toEqual({ ok: false, refusal: 'correctionClosed' });
  });

  it('lets the later mark win', () => {
    expect(isNewerMark({ markedAt: wib('08:20') }, { markedAt: wib('08:10') })).toBe(true);
    expect(isNewerMark({ markedAt: wib('08:10') }, { markedAt: wib('08:20') })).toBe(false);
    expect(isNewerMark({ markedAt: wib('08:10') }, null)).toBe(true);
  });
});
