import type { Kysely, Transaction } from 'kysely';
import type { AttendanceMethod, AttendanceStatus, Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { cohortColumns, cohortScope, type CohortRow } from '~/domain/cohorts/access.server';
import { ConflictError, NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { requirePermission, type Actor } from '~/lib/permissions';
import { markTiming, sessionWindow, type SessionWindow } from './rules';

/**
 * Recording attendance marks: the one door the roll call, an offline device and the QR
 * check-in go through. Every mark is kept (`attendance_marks`, keyed by the id its client
 * chose, so a resend is recognised); `attendance` holds the mark that counts — the one
 * made last, whenever it arrived.
 */

export interface MarkInput {
  /** Chosen by the client (a uuid): the same id sent twice is one mark. */
  id: string;
  enrollmentId: string;
  status: AttendanceStatus;
  note?: string | null;
  /** When the mark was made on the device; now when absent. */
  markedAt?: Date;
  correctionReason?: string | null;
}

export interface RecordMarksInput {
  cohortId: string;
  sessionId: string;
  marks: MarkInput[];
  method: AttendanceMethod;
}

/** A mark that arrived after a later one for the same person: kept, shown, but not the one that counts. */
export interface MarkConflict {
  enrollmentId: string;
  status: AttendanceStatus;
  currentStatus: AttendanceStatus;
}

export interface RecordMarksResult {
  applied: number;
  duplicates: number;
  /** Marks that repeat what is already recorded: nothing written. */
  unchanged: number;
  corrections: number;
  conflicts: MarkConflict[];
}

/** A cohort the actor may take attendance for; anyone unrelated to it gets "not found". */
export async function requireCohortForAttendance(db: Kysely<Database> | Transaction<Database>, actor: Actor | null, cohortId: string): Promise<CohortRow> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', cohortId).executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'attendance:record', cohortScope(cohort));
  return cohort;
}

/**
 * A session of the cohort with its program's attendance knobs. A session of another cohort is
 * refused (409: a roll call or a mark names it in its body) or, where it is the page's own
 * address (the projector), not found.
 */
export async function sessionOfCohort(
  db: Kysely<Database> | Transaction<Database>,
  cohort: Pick<CohortRow, 'id' | 'programId'>,
  sessionId: string,
  options: { otherCohort: 'conflict' | 'notFound' } = { otherCohort: 'conflict' },
) {
  const session = isUuid(sessionId)
    ? await db
        .selectFrom('cohort_sessions as s')
        .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
        .innerJoin('programs as p', 'p.id', 'c.program_id')
        .select([
          's.id', 's.cohort_id as cohortId', 's.position', 's.kind', 's.title', 's.starts_at as startsAt', 's.ends_at as endsAt', 's.venue_name as venueName',
          'p.check_in_opens_minutes as checkInOpensMinutes', 'p.attendance_correction_hours as correctionHours', 'p.title as programTitle',
        ])
        .where('s.id', '=', sessionId)
        .executeTakeFirst()
    : undefined;
  if (!session) throw new NotFoundError('common:error.notFoundBody');
  if (session.cohortId !== cohort.id) {
    if (options.otherCohort === 'notFound') throw new NotFoundError('common:error.notFoundBody');
    throw new ConflictError('attendance:refused.otherCohort');
  }
  const window: SessionWindow = sessionWindow(session, session);
  return { ...session, window };
}

interface CurrentMark {
  id: string;
  enrollmentId: string;
  status: AttendanceStatus;
  note: string | null;
  method: AttendanceMethod;
  markedAt: Date;
}

export type SaveOutcome = { outcome: 'duplicate' } | { outcome: 'applied'; before: CurrentMark | null } | { outcome: 'outdated'; current: CurrentMark };

/**
 * Saves one mark inside the caller's transaction: a known id is a resend (nothing new);
 * otherwise the mark is kept, and becomes the one that counts only if it was made no
 * earlier than the one stored (latest wins, whatever order they arrive in).
 */
export async function saveMark(
  trx: Transaction<Database>,
  mark: {
    id: string;
    sessionId: string;
    enrollmentId: string;
    status: AttendanceStatus;
    note: string | null;
    method: AttendanceMethod;
    markedAt: Date;
    recordedByUserId: string | null;
    correctionReason: string | null;
    receivedAt?: Date;
  },
): Promise<SaveOutcome> {
  const inserted = await trx
    .insertInto('attendance_marks')
    .values({
      id: mark.id,
      session_id: mark.sessionId,
      enrollment_id: mark.enrollmentId,
      status: mark.status,
      note: mark.note,
      method: mark.method,
      marked_at: mark.markedAt,
      received_at: mark.receivedAt ?? new Date(),
      recorded_by_user_id: mark.recordedByUserId,
      correction_reason: mark.correctionReason,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { outcome: 'duplicate' };
  const current = await trx
    .selectFrom('attendance')
    .select(['id', 'enrollment_id as enrollmentId', 'status', 'note', 'method', 'marked_at as markedAt'])
    .where('enrollment_id', '=', mark.enrollmentId)
    .where('session_id', '=', mark.sessionId)
    .forUpdate()
    .executeTakeFirst();
  if (current && current.markedAt.getTime() > mark.markedAt.getTime()) return { outcome: 'outdated', current };
  const values = {
    status: mark.status,
    note: mark.note,
    method: mark.method,
    marked_at: mark.markedAt,
    recorded_by_user_id: mark.recordedByUserId,
    recorded_at: mark.receivedAt ?? new Date(),
  };
  if (current) await trx.updateTable('attendance').set(values).where('id', '=', current.id).execute();
  else await trx.insertInto('attendance').values({ ...values, enrollment_id: mark.enrollmentId, session_id: mark.sessionId }).execute();
  return { outcome: 'applied', before: current ?? null };
}

const NOT_CONFIRMED = 'attendance:refused.notConfirmed';

/**
 * Records a submit of marks for one session — a roll call, an offline device's queue, a
 * check-in — as one unit: any refused mark (session not open yet by server time, a session
 * of another cohort, a person not enrolled or not confirmed, a time outside the window, a
 * correction without reason or past its deadline) refuses the whole submit and writes nothing.
 */
export async function recordMarks(db: Kysely<Database>, actor: Actor, input: RecordMarksInput, now: Date = new Date()): Promise<RecordMarksResult> {
  return db.transaction().execute(async (trx) => {
    const cohort = await requireCohortForAttendance(trx, actor, input.cohortId);
    const session = await sessionOfCohort(trx, cohort, input.sessionId);
    // A draft is not yet announced and a cancelled cohort holds no sessions: nobody attends either.
    if (cohort.status === 'draft' || cohort.status === 'cancelled') throw new ConflictError('attendance:refused.cohortNotRunning');
    if (input.marks.length === 0) return { applied: 0, duplicates: 0, unchanged: 0, corrections: 0, conflicts: [] };
    if (input.marks.some((m) => !isUuid(m.id) || !isUuid(m.enrollmentId))) throw new ConflictError('attendance:refused.notEnrolled');
    const enrollmentIds = [...new Set(input.marks.map((m) => m.enrollmentId))];
    const enrollments = await trx
      .selectFrom('enrollments')
      .select(['id', 'status'])
      .where('cohort_id', '=', cohort.id)
      .where('id', 'in', enrollmentIds)
      .execute();
    const statusOf = new Map(enrollments.map((e) => [e.id, e.status]));
    const known = await trx.selectFrom('attendance_marks').select('id').where('id', 'in', input.marks.map((m) => m.id)).execute();
    const resent = new Set(known.map((k) => k.id));
    const currentRows = await trx
      .selectFrom('attendance')
      .select(['id', 'enrollment_id as enrollmentId', 'status', 'note', 'method', 'marked_at as markedAt'])
      .where('session_id', '=', session.id)
      .where('enrollment_id', 'in', enrollmentIds)
      .execute();
    // What counts for each person as the submit goes on: a queue may hold several marks for one person.
    const currentOf = new Map<string, { status: AttendanceStatus; note: string | null; markedAt: Date }>(currentRows.map((r) => [r.enrollmentId, r]));

    // Check everything before writing anything.
    const planned: { mark: MarkInput; note: string | null; markedAt: Date; correction: boolean; reason: string | null }[] = [];
    let duplicates = 0;
    let unchanged = 0;
    for (const mark of input.marks) {
      const enrollmentStatus = statusOf.get(mark.enrollmentId);
      if (!enrollmentStatus) throw new ConflictError('attendance:refused.notEnrolled');
      if (enrollmentStatus !== 'confirmed') throw new ConflictError(NOT_CONFIRMED, { status: enrollmentStatus });
      if (resent.has(mark.id)) {
        duplicates++;
        continue;
      }
      const timing = markTiming(session.window, now, mark.markedAt);
      if (!timing.ok) throw new ConflictError(`attendance:refused.${timing.refusal}`);
      const note = mark.note?.trim() || null;
      const current = currentOf.get(mark.enrollmentId);
      if (current && current.status === mark.status && current.note === note) {
        unchanged++;
        continue;
      }
      const reason = mark.correctionReason?.trim() || null;
      if (timing.correction && !reason) throw new ValidationError({ correctionReason: ['attendance:rollCall.reasonRequired'] });
      planned.push({ mark, note, markedAt: timing.markedAt, correction: timing.correction, reason: timing.correction ? reason : null });
      if (!current || current.markedAt.getTime() <= timing.markedAt.getTime()) currentOf.set(mark.enrollmentId, { status: mark.status, note, markedAt: timing.markedAt });
    }

    const result: RecordMarksResult = { applied: 0, duplicates, unchanged, corrections: 0, conflicts: [] };
    const recorded: { enrollmentId: string; status: AttendanceStatus; note: string | null; markedAt: Date; outcome: string }[] = [];
    const corrections: Parameters<typeof recordAudit>[1] = [];
    for (const p of planned) {
      const saved = await saveMark(trx, {
        id: p.mark.id,
        sessionId: session.id,
        enrollmentId: p.mark.enrollmentId,
        status: p.mark.status,
        note: p.note,
        method: input.method,
        markedAt: p.markedAt,
        recordedByUserId: actor.userId,
        correctionReason: p.reason,
        receivedAt: now,
      });
      if (saved.outcome === 'duplicate') {
        result.duplicates++;
        continue;
      }
      recorded.push({ enrollmentId: p.mark.enrollmentId, status: p.mark.status, note: p.note, markedAt: p.markedAt, outcome: saved.outcome });
      if (saved.outcome === 'outdated') {
        if (saved.current.status !== p.mark.status) result.conflicts.push({ enrollmentId: p.mark.enrollmentId, status: p.mark.status, currentStatus: saved.current.status });
        continue;
      }
      result.applied++;
      if (p.correction) {
        result.corrections++;
        const before = saved.before;
        corrections.push({
          actor,
          action: 'attendance.corrected',
          entityType: 'enrollment',
          entityId: p.mark.enrollmentId,
          dinasId: cohort.dinasId,
          before: before ? { sessionId: session.id, status: before.status, note: before.note, markedAt: before.markedAt } : { sessionId: session.id, status: null },
          after: { sessionId: session.id, status: p.mark.status, note: p.note, markedAt: p.markedAt, reason: p.reason },
        });
      }
    }
    if (recorded.length) {
      await recordAudit(trx, {
        actor,
        action: 'attendance.recorded',
        entityType: 'cohort_session',
        entityId: session.id,
        dinasId: cohort.dinasId,
        after: { cohortId: cohort.id, method: input.method, marks: recorded },
      });
    }
    if (corrections.length) await recordAudit(trx, corrections);
    return result;
  });
}
