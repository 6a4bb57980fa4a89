import type { Kysely } from 'kysely';
import type { AttendanceStatus, Database, SessionKind, TimeZone } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { todayIn } from '~/lib/dates';
import { requirePermission, type Actor } from '~/lib/permissions';
import { cohortColumns, cohortScope, type CohortRow } from '~/domain/cohorts/access.server';
import { isCurrentPosition } from '~/domain/cooperatives/positions';
import { mayPrintAttendanceSheets } from './sheet-access';

/**
 * What an attendance sheet ("daftar hadir") prints: the Dinas's letterhead and signatory,
 * the cohort, its program and venue, its sessions, and its confirmed participants by
 * name with their cooperative, their position there and any attendance already recorded.
 * For those who take attendance (coordinator, the cohort's institute) or run the cohort;
 * anyone else gets "not found".
 */
export interface SheetSession {
  id: string;
  position: number;
  kind: SessionKind;
  title: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
}

export interface SheetParticipant {
  enrollmentId: string;
  name: string;
  cooperativeName: string | null;
  /** The positions held at the cooperative when the cohort starts (or the latest held), joined. */
  position: string | null;
}

export interface SheetSignatory {
  name: string;
  title: string;
  nip: string | null;
  signatureImage: Buffer | null;
}

export interface AttendanceSheetData {
  dinas: { name: string; city: string | null; letterhead: string | null; logo: Buffer | null; signatory: SheetSignatory | null };
  cohort: { id: string; name: string; timeZone: TimeZone; venueName: string | null; venueAddress: string | null; startsOn: string; endsOn: string };
  program: { code: string; title: string };
  sessions: SheetSession[];
  participants: SheetParticipant[];
  /** Recorded statuses, by `${enrollmentId}:${sessionId}`. */
  statuses: Map<string, AttendanceStatus>;
}

export const statusKey = (enrollmentId: string, sessionId: string) => `${enrollmentId}:${sessionId}`;

/** The cohort, for someone who may record its attendance or manage it. */
async function requireSheetCohort(db: Kysely<Database>, actor: Actor | null, cohortId: string): Promise<CohortRow> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', cohortId).executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  // Refused the house way: "not found" to the unrelated, "forbidden" to a partner without the right.
  if (!mayPrintAttendanceSheets(actor, cohort)) requirePermission(actor, 'attendance:record', cohortScope(cohort));
  return cohort;
}

/** Everything a sheet of the cohort prints; `sessionId` narrows it to one session of that cohort. */
export async function attendanceSheetData(db: Kysely<Database>, actor: Actor | null, cohortId: string, sessionId?: string): Promise<AttendanceSheetData> {
  const cohort = await requireSheetCohort(db, actor, cohortId);
  if (sessionId !== undefined && !isUuid(sessionId)) throw new NotFoundError('common:error.notFoundBody');

  let sessionQuery = db
    .selectFrom('cohort_sessions')
    .select(['id', 'position', 'kind', 'title', 'starts_at as startsAt', 'ends_at as endsAt', 'venue_name as venueName'])
    .where('cohort_id', '=', cohort.id);
  if (sessionId !== undefined) sessionQuery = sessionQuery.where('id', '=', sessionId);
  const [dinas, program, sessions, signatory, enrolled] = await Promise.all([
    db.selectFrom('institutions').select(['name', 'city', 'letterhead', 'logo']).where('id', '=', cohort.dinasId).executeTakeFirstOrThrow(),
    db.selectFrom('programs').select(['code', 'title']).where('id', '=', cohort.programId).executeTakeFirstOrThrow(),
    sessionQuery.orderBy('position').orderBy('starts_at').execute(),
    db
      .selectFrom('signatories')
      .select(['name', 'title', 'nip', 'signature_image as signatureImage'])
      .where('institution_id', '=', cohort.dinasId)
      .where('is_active', '=', true)
      .orderBy('position')
      .orderBy('created_at')
      .executeTakeFirst(),
    db
      .selectFrom('enrollments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .leftJoin('cooperatives as k', 'k.id', 'e.cooperative_id')
      .select(['e.id as enrollmentId', 'e.person_id as personId', 'e.cooperative_id as cooperativeId', 'p.full_name as name', 'k.name as cooperativeName'])
      .where('e.cohort_id', '=', cohort.id)
      .where('e.status', '=', 'confirmed')
      .execute(),
  ]);
  if (sessionId !== undefined && sessions.length === 0) throw new NotFoundError('common:error.notFoundBody');

  const enrollmentIds = enrolled.map((e) => e.enrollmentId);
  const personIds = [...new Set(enrolled.map((e) => e.personId))];
  const [positionRows, attendanceRows] = await Promise.all([
    personIds.length
      ? db
          .selectFrom('staff_positions')
          .select(['person_id as personId', 'cooperative_id as cooperativeId', 'position', 'starts_on as startsOn', 'ends_on as endsOn'])
          .where('person_id', 'in', personIds)
          .orderBy('starts_on', 'desc')
          .orderBy('created_at', 'desc')
          .execute()
      : [],
    enrollmentIds.length && sessions.length
      ? db
          .selectFrom('attendance')
          .select(['enrollment_id as enrollmentId', 'session_id as sessionId', 'status'])
          .where('enrollment_id', 'in', enrollmentIds)
          .where('session_id', 'in', sessions.map((s) => s.id))
          .execute()
      : [],
  ]);

  // The position at the cooperative the person enrolled for, as held when the cohort starts.
  const onDay = cohort.startsOn <= todayIn(cohort.timeZone) ? cohort.startsOn : todayIn(cohort.timeZone);
  const positionAt = (personId: string, cooperativeId: string | null): string | null => {
    if (!cooperativeId) return null;
    const held = positionRows.filter((p) => p.personId === personId && p.cooperativeId === cooperativeId);
    const current = held.filter((p) => isCurrentPosition(p, onDay));
    const chosen = current.length ? current : held.slice(0, 1);
    return chosen.length ? [...new Set(chosen.map((p) => p.position))].join(', ') : null;
  };

  const participants = enrolled
    .map((e) => ({ enrollmentId: e.enrollmentId, name: e.name, cooperativeName: e.cooperativeName, position: positionAt(e.personId, e.cooperativeId) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'id', { sensitivity: 'base' }) || (a.cooperativeName ?? '').localeCompare(b.cooperativeName ?? '', 'id'));

  return {
    dinas: {
      name: dinas.name,
      city: dinas.city,
      letterhead: dinas.letterhead,
      logo: dinas.logo,
      signatory: signatory ?? null,
    },
    cohort: {
      id: cohort.id,
      name: cohort.name,
      timeZone: cohort.timeZone,
      venueName: cohort.venueName,
      venueAddress: cohort.venueAddress,
      startsOn: cohort.startsOn,
      endsOn: cohort.endsOn,
    },
    program,
    sessions,
    participants,
    statuses: new Map(attendanceRows.map((a) => [statusKey(a.enrollmentId, a.sessionId), a.status])),
  };
}
