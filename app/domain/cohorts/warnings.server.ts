import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { CohortRow } from './access.server';
import { isActiveCohort } from './lifecycle';
import { scheduleWarnings, type ScheduledCohort, type ScheduleWarning } from './overlap';

/**
 * Double bookings around one cohort, with names to show. Another Dinas's cohort is
 * named only as "a cohort of another Dinas": the clash is real, its details aren't ours.
 */
export interface CohortWarning {
  kind: ScheduleWarning['kind'];
  /** The venue, the assessor's or the participant's name. */
  subject: string;
  otherCohortId: string | null;
  otherCohortName: string | null;
}

export async function cohortWarnings(db: Kysely<Database>, cohort: Pick<CohortRow, 'id' | 'dinasId' | 'venueName' | 'status'>): Promise<CohortWarning[]> {
  if (!isActiveCohort(cohort.status)) return [];
  const self = await scheduled(db, [cohort.id], null);
  const me = self[0];
  if (!me || me.sessions.length === 0) return [];
  const from = new Date(Math.min(...me.sessions.map((s) => s.startsAt.getTime())));
  const to = new Date(Math.max(...me.sessions.map((s) => s.endsAt.getTime())));
  const nearby = await db
    .selectFrom('cohort_sessions as s')
    .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
    .select('s.cohort_id')
    .distinct()
    .where('s.starts_at', '<', to)
    .where('s.ends_at', '>', from)
    .where('c.id', '<>', cohort.id)
    .where('c.status', 'not in', ['cancelled', 'completed'])
    .execute();
  if (nearby.length === 0) return [];
  const others = await scheduled(db, nearby.map((n) => n.cohort_id), me.personIds);
  const warnings = scheduleWarnings(me, others);
  if (warnings.length === 0) return [];
  const otherInfo = new Map(
    (await db.selectFrom('cohorts').select(['id', 'name', 'dinas_id']).where('id', 'in', nearby.map((n) => n.cohort_id)).execute()).map((c) => [c.id, c]),
  );
  const userIds = warnings.flatMap((w) => (w.kind === 'assessor' ? [w.userId] : []));
  const personIds = warnings.flatMap((w) => (w.kind === 'participant' ? [w.personId] : []));
  const users = new Map(
    userIds.length ? (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u.display_name]) : [],
  );
  const people = new Map(
    personIds.length ? (await db.selectFrom('people').select(['id', 'full_name']).where('id', 'in', personIds).execute()).map((p) => [p.id, p.full_name]) : [],
  );
  return warnings.map((w) => {
    const other = otherInfo.get(w.cohortId);
    const ours = other?.dinas_id === cohort.dinasId;
    const subject = w.kind === 'venue' ? w.venueName : w.kind === 'assessor' ? (users.get(w.userId) ?? '') : (people.get(w.personId) ?? '');
    return { kind: w.kind, subject, otherCohortId: ours ? w.cohortId : null, otherCohortName: ours ? (other?.name ?? null) : null };
  });
}

async function scheduled(db: Kysely<Database>, cohortIds: string[], onlyPeople: string[] | null): Promise<ScheduledCohort[]> {
  const [cohorts, sessions, assessors, enrolled] = await Promise.all([
    db.selectFrom('cohorts').select(['id', 'venue_name']).where('id', 'in', cohortIds).execute(),
    db.selectFrom('cohort_sessions').select(['cohort_id', 'kind', 'starts_at', 'ends_at', 'venue_name']).where('cohort_id', 'in', cohortIds).execute(),
    db.selectFrom('cohort_assessors').select(['cohort_id', 'user_id']).where('cohort_id', 'in', cohortIds).execute(),
    onlyPeople && onlyPeople.length === 0
      ? Promise.resolve([])
      : (onlyPeople
          ? db.selectFrom('enrollments').select(['cohort_id', 'person_id']).where('person_id', 'in', onlyPeople)
          : db.selectFrom('enrollments').select(['cohort_id', 'person_id'])
        )
          .where('cohort_id', 'in', cohortIds)
          .where('status', 'in', ['pending', 'confirmed', 'waitlisted'])
          .execute(),
  ]);
  return cohorts.map((c) => ({
    id: c.id,
    venueName: c.venue_name,
    sessions: sessions
      .filter((s) => s.cohort_id === c.id)
      .map((s) => ({ kind: s.kind, startsAt: s.starts_at, endsAt: s.ends_at, venueName: s.venue_name })),
    assessorIds: assessors.filter((a) => a.cohort_id === c.id).map((a) => a.user_id),
    personIds: enrolled.filter((e) => e.cohort_id === c.id).map((e) => e.person_id),
  }));
}
