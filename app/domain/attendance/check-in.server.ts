import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttendanceStatus, CohortStatus, Database, SessionKind } from '~db/schema';
import { formatDate, formatDateTime, formatTime, type IndonesianTimeZone } from '~/lib/dates';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { withValues } from '~/lib/messages';
import type { Actor } from '~/lib/permissions';
import { checkRateLimit, isRateLimited } from '~/domain/accounts/rate-limit.server';
import { recordAudit } from '~/domain/audit/record.server';
import { matchCheckInCode, verifyCheckInToken } from './check-in-token.server';
import { saveMark } from './marks.server';

/**
 * Self check-in: a signed-in participant marks themself present by scanning the rotating
 * QR code of a session's projector, or by typing its short code. The server decides
 * everything by its own clock: the credential is fresh, the session's check-in window is
 * open (from `programs.check_in_opens_minutes` before its start until its end), and the
 * signed-in person holds a confirmed registration in that session's cohort. A check-in
 * after start + `programs.late_grace_minutes` counts as late.
 */

export type CheckInMethod = 'qr' | 'code';

interface SessionForCheckIn {
  id: string;
  title: string;
  position: number;
  kind: SessionKind;
  startsAt: Date;
  endsAt: Date;
  cohortId: string;
  cohortName: string;
  cohortStatus: CohortStatus;
  dinasId: string;
  timeZone: IndonesianTimeZone;
  lateGraceMinutes: number;
  opensMinutes: number;
}

function sessionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('cohort_sessions as s')
    .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      's.id', 's.title', 's.position', 's.kind', 's.starts_at as startsAt', 's.ends_at as endsAt',
      'c.id as cohortId', 'c.name as cohortName', 'c.status as cohortStatus', 'c.dinas_id as dinasId', 'c.time_zone as timeZone',
      'p.late_grace_minutes as lateGraceMinutes', 'p.check_in_opens_minutes as opensMinutes',
    ]);
}

/** When check-in opens for a session (its end closes it). */
export function checkInOpensAt(session: Pick<SessionForCheckIn, 'startsAt' | 'opensMinutes'>): Date {
  return new Date(session.startsAt.getTime() - session.opensMinutes * 60_000);
}

/** Present until start + grace; late after it. */
export function checkInStatus(session: Pick<SessionForCheckIn, 'startsAt' | 'lateGraceMinutes'>, at: Date): Extract<AttendanceStatus, 'present' | 'late'> {
  return at.getTime() > session.startsAt.getTime() + session.lateGraceMinutes * 60_000 ? 'late' : 'present';
}

const ACCEPTING: CohortStatus[] = ['open', 'closed', 'in_progress'];

export interface CheckInOutcome {
  /** `already`: the person was marked present or late before; nothing changed. */
  kind: 'recorded' | 'already';
  sessionId: string;
}

/** Marks the signed-in participant present (or late) for a session, inside the caller's transaction. */
async function checkIn(trx: Transaction<Database>, actor: Actor, sessionId: string, method: CheckInMethod, now: Date): Promise<CheckInOutcome> {
  const session = await sessionQuery(trx).where('s.id', '=', sessionId).executeTakeFirst();
  if (!session) throw new ConflictError('checkin:refused.unknownSession');
  const time = (at: Date) => formatTime(at, session.timeZone, actor.locale);
  if (!actor.personId) throw new ConflictError('checkin:refused.noParticipant');
  const enrollment = await trx
    .selectFrom('enrollments')
    .select(['id', 'status'])
    .where('cohort_id', '=', session.cohortId)
    .where('person_id', '=', actor.personId)
    // Two scans racing (a double tap, QR and code at once) queue here: the second sees the first's mark.
    .forUpdate()
    .executeTakeFirst();
  if (!enrollment) throw new ConflictError('checkin:refused.notEnrolled');
  if (enrollment.status !== 'confirmed') throw new ConflictError(`checkin:refused.enrollment.${enrollment.status}`);
  if (!ACCEPTING.includes(session.cohortStatus)) throw new ConflictError('checkin:refused.cohortNotRunning');
  const opensAt = checkInOpensAt(session);
  if (now < opensAt) throw new ConflictError(withValues('checkin:refused.notOpenYet', { when: formatDateTime(opensAt, session.timeZone, actor.locale) }));
  if (now >= session.endsAt) throw new ConflictError(withValues('checkin:refused.ended', { time: time(session.endsAt) }));

  const existing = await trx
    .selectFrom('attendance')
    .select(['id', 'status', 'marked_at'])
    .where('enrollment_id', '=', enrollment.id)
    .where('session_id', '=', session.id)
    .forUpdate()
    .executeTakeFirst();
  if (existing && (existing.status === 'present' || existing.status === 'late')) return { kind: 'already', sessionId: session.id };

  const status = checkInStatus(session, now);
  await saveMark(trx, {
    id: randomUUID(),
    sessionId: session.id,
    enrollmentId: enrollment.id,
    status,
    note: null,
    method,
    markedAt: now,
    recordedByUserId: actor.userId,
    correctionReason: null,
    receivedAt: now,
  });
  await recordAudit(trx, {
    actor,
    action: 'attendance.checkIn',
    entityType: 'attendance',
    entityId: enrollment.id,
    dinasId: session.dinasId,
    before: existing ? { status: existing.status, markedAt: existing.marked_at } : undefined,
    after: { sessionId: session.id, cohortId: session.cohortId, status, method, markedAt: now },
  });
  return { kind: 'recorded', sessionId: session.id };
}

/** A refusal the check-in page shows: a message key (values after the bar). */
export type CheckInAnswer = { ok: true; outcome: CheckInOutcome } | { ok: false; message: string };

/** A scanned QR code: `/hadir?t=…`. A refusal comes back as a message (nothing written). */
export async function checkInWithToken(db: Kysely<Database>, actor: Actor, token: string, now: Date = new Date()): Promise<CheckInAnswer> {
  const check = verifyCheckInToken(token, now);
  if (!check.ok) {
    // An authentic but stale token of a session the person already checked in to: say so rather than "expired".
    if (check.reason === 'expired' && check.sessionId) {
      const mine = await myCheckIn(db, actor, check.sessionId);
      if (mine && (mine.status === 'present' || mine.status === 'late')) return { ok: true, outcome: { kind: 'already', sessionId: check.sessionId } };
    }
    return { ok: false, message: `checkin:refused.${check.reason}` };
  }
  try {
    return { ok: true, outcome: await db.transaction().execute((trx) => checkIn(trx, actor, check.sessionId, 'qr', now)) };
  } catch (error) {
    if (error instanceof ConflictError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * Wrong codes a person may type before waiting (per account), and from one address
 * (a whole hall may share the hotel's address, so that one is generous). Only wrong
 * codes count; 10 guesses in a space of 31⁶ codes per open session find nothing.
 */
export const CODE_GUESSES = {
  perAccount: { limit: 10, windowSeconds: 10 * 60 },
  perIp: { limit: 300, windowSeconds: 10 * 60 },
} as const;

/** Sessions whose check-in window is open now (few at any moment): the candidates for a typed code. */
async function openSessionIds(db: Kysely<Database>, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('cohort_sessions as s')
    .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select('s.id')
    .where('c.status', 'in', ACCEPTING)
    .where('s.ends_at', '>', now)
    .where(sql<boolean>`s.starts_at - make_interval(mins => p.check_in_opens_minutes) <= ${now}`)
    .execute();
  return rows.map((r) => r.id);
}

/** A typed short code (`/hadir`, field `code`); a wrong one is a field error and counts against the guess limits. */
export async function checkInWithCode(db: Kysely<Database>, actor: Actor, code: string, now: Date = new Date()): Promise<CheckInOutcome> {
  const accountKey = `checkInCode:account:${actor.userId}`;
  const ipKey = `checkInCode:ip:${actor.ip || 'unknown'}`;
  for (const [key, limit] of [[accountKey, CODE_GUESSES.perAccount.limit], [ipKey, CODE_GUESSES.perIp.limit]] as const) {
    const state = await isRateLimited(db, key, limit);
    if (!state.allowed) throw new RateLimitedError('checkin:code.rateLimited', state.retryAfterSeconds);
  }
  const match = matchCheckInCode(code, await openSessionIds(db, now), now);
  if (!match) {
    await checkRateLimit(db, accountKey, CODE_GUESSES.perAccount.limit, CODE_GUESSES.perAccount.windowSeconds);
    await checkRateLimit(db, ipKey, CODE_GUESSES.perIp.limit, CODE_GUESSES.perIp.windowSeconds);
    throw new ValidationError({ code: ['checkin:code.unknown'] });
  }
  return db.transaction().execute((trx) => checkIn(trx, actor, match.sessionId, 'code', now));
}

export interface MyCheckIn {
  status: AttendanceStatus;
  method: string;
  markedAt: Date;
}

/** The signed-in person's mark for a session, if any. */
export async function myCheckIn(db: Kysely<Database>, actor: Actor, sessionId: string): Promise<MyCheckIn | null> {
  if (!actor.personId || !isUuid(sessionId)) return null;
  const row = await db
    .selectFrom('attendance as a')
    .innerJoin('enrollments as e', 'e.id', 'a.enrollment_id')
    .select(['a.status', 'a.method', 'a.marked_at as markedAt'])
    .where('a.session_id', '=', sessionId)
    .where('e.person_id', '=', actor.personId)
    .executeTakeFirst();
  return row ?? null;
}

/** What the result page shows after a check-in: the session and the person's mark, in the cohort's zone. */
export async function checkInResult(db: Kysely<Database>, actor: Actor, sessionId: string) {
  if (!isUuid(sessionId)) throw new NotFoundError('common:error.notFoundBody');
  const mark = await myCheckIn(db, actor, sessionId);
  if (!mark) throw new NotFoundError('common:error.notFoundBody');
  const session = await sessionQuery(db).where('s.id', '=', sessionId).executeTakeFirstOrThrow();
  return {
    session: { title: session.title, position: session.position, cohortName: session.cohortName, day: formatDate(session.startsAt, session.timeZone, actor.locale) },
    mark: { status: mark.status, method: mark.method, time: formatTime(mark.markedAt, session.timeZone, actor.locale) },
  };
}
