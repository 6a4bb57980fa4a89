/**
 * When a session may be marked, by server time. Pure: the window checks of the roll call
 * (and of the QR check-in) are these functions, unit-tested at any moment and in any
 * server zone — every instant here is a UTC `Date`, never a wall-clock reading.
 */

/** A device's clock may run this far ahead of the server's; a mark "from the future" within it is read as now. */
export const CLOCK_SKEW_MS = 2 * 60_000;

export interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
}

export interface AttendanceKnobs {
  /** How long before its start a session opens for marking (programs.check_in_opens_minutes). */
  checkInOpensMinutes: number;
  /** How long after its end its marks may still be corrected (programs.attendance_correction_hours). */
  correctionHours: number;
}

export interface SessionWindow {
  opensAt: Date;
  endsAt: Date;
  correctableUntil: Date;
}

export function sessionWindow(session: SessionTimes, knobs: AttendanceKnobs): SessionWindow {
  return {
    opensAt: new Date(session.startsAt.getTime() - knobs.checkInOpensMinutes * 60_000),
    endsAt: session.endsAt,
    correctableUntil: new Date(session.endsAt.getTime() + knobs.correctionHours * 3_600_000),
  };
}

/** Where a session stands at a moment: not yet open, open, over but correctable, or closed for good. */
export type SessionPhase = 'notOpen' | 'open' | 'correcting' | 'closed';

export function sessionPhase(window: SessionWindow, now: Date): SessionPhase {
  if (now < window.opensAt) return 'notOpen';
  if (now <= window.endsAt) return 'open';
  if (now <= window.correctableUntil) return 'correcting';
  return 'closed';
}

/** Why a mark is refused; each is a translation key under `attendance:refused.*`. */
export type MarkRefusal = 'sessionNotOpen' | 'markedInFuture' | 'markedBeforeOpen' | 'correctionClosed';

export type MarkTiming =
  | { ok: true; markedAt: Date; correction: boolean }
  | { ok: false; refusal: MarkRefusal };

/**
 * Reads the time a mark was made (a device's, or now) against the session's window:
 * - nothing is marked before the session opens (server time);
 * - a device time ahead of the server by up to `CLOCK_SKEW_MS` is clamped to now, further is refused;
 * - a time before the window opened is refused;
 * - a mark made after the session's end is a correction, allowed until `correctableUntil`;
 *   a mark made during the session and received later (an offline device) is not.
 */
export function markTiming(window: SessionWindow, now: Date, markedAt?: Date | null): MarkTiming {
  if (now < window.opensAt) return { ok: false, refusal: 'sessionNotOpen' };
  let at = markedAt ?? now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) return { ok: false, refusal: 'markedInFuture' };
  if (at > now) at = now;
  if (at < window.opensAt) return { ok: false, refusal: 'markedBeforeOpen' };
  const correction = at > window.endsAt;
  if (correction && now > window.correctableUntil) return { ok: false, refusal: 'correctionClosed' };
  return { ok: true, markedAt: at, correction };
}

/** The later of two marks wins; on the same instant, the one received last. */
export function isNewerMark(candidate: { markedAt: Date }, stored: { markedAt: Date } | null): boolean {
  return !stored || candidate.markedAt.getTime() >= stored.markedAt.getTime();
}
