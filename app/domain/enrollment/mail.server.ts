import type { Kysely } from 'kysely';
import type { Database, EnrollmentStatus } from '~db/schema';
import { config } from '~/lib/config.server';
import { formatDateRange, formatDateWithWeekday, formatTime, type IndonesianTimeZone } from '~/lib/dates';
import { calendarFileName, cohortCalendar, type CalendarCohort } from '~/domain/cohorts/calendar-file';
import { enqueueMail, type MailAttachment } from '~/domain/mail/outbox.server';

/**
 * The e-mails of registration and of changes to a cohort. Always queued inside the
 * transaction of the change; a person without an e-mail address is simply not written to.
 * Confirmations carry the cohort's sessions as an .ics calendar file.
 */
export type EnrollmentTemplate =
  | 'enrollment-confirmed'
  | 'enrollment-waitlisted'
  | 'enrollment-pending'
  | 'enrollment-promoted'
  | 'enrollment-rejected'
  | 'enrollment-cancelled';

export const templateForStatus: Partial<Record<EnrollmentStatus, EnrollmentTemplate>> = {
  confirmed: 'enrollment-confirmed',
  waitlisted: 'enrollment-waitlisted',
  pending: 'enrollment-pending',
  rejected: 'enrollment-rejected',
  cancelled: 'enrollment-cancelled',
};

const SESSION_LABELS = {
  id: { training: 'Pelatihan', exam: 'Uji kompetensi' },
  en: { training: 'Training', exam: 'Competency exam' },
} as const;

export interface CohortMailFacts extends CalendarCohort {
  dinasId: string;
  startsOn: string;
  endsOn: string;
}

export async function cohortMailFacts(trx: Kysely<Database>, cohortId: string): Promise<CohortMailFacts> {
  const cohort = await trx
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      'c.id', 'c.name', 'c.dinas_id as dinasId', 'p.title as programTitle', 'c.time_zone as timeZone',
      'c.venue_name as venueName', 'c.venue_address as venueAddress', 'c.starts_on as startsOn', 'c.ends_on as endsOn',
    ])
    .where('c.id', '=', cohortId)
    .executeTakeFirstOrThrow();
  const sessions = await trx
    .selectFrom('cohort_sessions')
    .select(['id', 'kind', 'title', 'topics', 'starts_at as startsAt', 'ends_at as endsAt', 'venue_name as venueName'])
    .where('cohort_id', '=', cohortId)
    .orderBy('starts_at')
    .execute();
  return { ...cohort, url: `${config().PUBLIC_URL}/cohorts/${cohort.id}`, sessions };
}

export function calendarAttachment(facts: CohortMailFacts, locale: 'id' | 'en'): MailAttachment {
  const content = cohortCalendar(facts, SESSION_LABELS[locale]);
  return {
    filename: calendarFileName(facts.name),
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    contentBase64: Buffer.from(content, 'utf8').toString('base64'),
  };
}

function mailData(facts: CohortMailFacts, locale: 'id' | 'en') {
  const tz = facts.timeZone as IndonesianTimeZone;
  return {
    programTitle: facts.programTitle,
    cohortName: facts.name,
    dates: formatDateRange(facts.startsOn, facts.endsOn, locale),
    venue: [facts.venueName, facts.venueAddress].filter(Boolean).join(', '),
    cohortUrl: facts.url,
    myCohortsUrl: `${config().PUBLIC_URL}/my/cohorts`,
    sessions: facts.sessions.map((s) => ({
      day: formatDateWithWeekday(s.startsAt, tz, locale),
      time: `${formatTime(s.startsAt, tz, locale).split(' ')[0]}–${formatTime(s.endsAt, tz, locale)}`,
      title: s.title,
      kind: SESSION_LABELS[locale][s.kind],
    })),
  };
}

interface Recipient {
  personId: string;
  name: string;
  email: string | null;
  locale: 'id' | 'en';
}

async function recipients(trx: Kysely<Database>, personIds: readonly string[]): Promise<Recipient[]> {
  if (personIds.length === 0) return [];
  const rows = await trx
    .selectFrom('people as p')
    .leftJoin('users as u', (join) => join.onRef('u.person_id', '=', 'p.id').on('u.is_active', '=', true))
    .select(['p.id as personId', 'p.full_name as name', 'p.email as personEmail', 'u.email as userEmail', 'u.locale'])
    .where('p.id', 'in', [...personIds])
    .execute();
  return rows.map((r) => ({ personId: r.personId, name: r.name, email: r.userEmail ?? r.personEmail, locale: r.locale ?? 'id' }));
}

/** Tells each person about their registration's new status (with the calendar when they have a seat). */
export async function mailEnrollmentStatus(
  trx: Kysely<Database>,
  facts: CohortMailFacts,
  people: readonly { personId: string; template: EnrollmentTemplate; reason?: string | null }[],
): Promise<number> {
  const found = new Map((await recipients(trx, people.map((p) => p.personId))).map((r) => [r.personId, r]));
  let sent = 0;
  for (const item of people) {
    const to = found.get(item.personId);
    if (!to?.email) continue;
    const withCalendar = item.template === 'enrollment-confirmed' || item.template === 'enrollment-promoted';
    await enqueueMail(trx, {
      to: to.email,
      toName: to.name,
      template: item.template,
      locale: to.locale,
      dinasId: facts.dinasId,
      data: { ...mailData(facts, to.locale), reason: item.reason ?? null },
      attachments: withCalendar ? [calendarAttachment(facts, to.locale)] : [],
    });
    sent++;
  }
  return sent;
}

/**
 * Tells everyone registered in a cohort (pending, confirmed or waiting) about a change
 * to it; those with a seat get the updated calendar.
 */
export async function mailEveryoneEnrolled(
  trx: Kysely<Database>,
  cohortId: string,
  template: 'cohort-changed' | 'cohort-cancelled',
  extra: { reason?: string | null; datesChanged?: boolean; venueChanged?: boolean } = {},
): Promise<number> {
  const facts = await cohortMailFacts(trx, cohortId);
  const enrolled = await trx
    .selectFrom('enrollments')
    .select(['person_id', 'status'])
    .where('cohort_id', '=', cohortId)
    .where('status', 'in', ['pending', 'confirmed', 'waitlisted'])
    .orderBy('arrival_seq')
    .execute();
  const statusOf = new Map(enrolled.map((e) => [e.person_id, e.status]));
  let sent = 0;
  for (const to of await recipients(trx, enrolled.map((e) => e.person_id))) {
    if (!to.email) continue;
    const withCalendar = template === 'cohort-changed' && statusOf.get(to.personId) === 'confirmed';
    await enqueueMail(trx, {
      to: to.email,
      toName: to.name,
      template,
      locale: to.locale,
      dinasId: facts.dinasId,
      data: {
        ...mailData(facts, to.locale),
        reason: extra.reason ?? null,
        datesChanged: !!extra.datesChanged,
        venueChanged: !!extra.venueChanged,
      },
      attachments: withCalendar ? [calendarAttachment(facts, to.locale)] : [],
    });
    sent++;
  }
  return sent;
}

/** Tells the Dinas's coordinators that registrations wait for their decision. */
export async function mailCoordinatorsAboutPending(trx: Kysely<Database>, facts: CohortMailFacts, count: number): Promise<void> {
  const coordinators = await trx
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.email', 'u.display_name', 'u.locale'])
    .where('r.role', '=', 'coordinator')
    .where('r.institution_id', '=', facts.dinasId)
    .where('u.is_active', '=', true)
    .execute();
  for (const c of coordinators) {
    await enqueueMail(trx, {
      to: c.email,
      toName: c.display_name,
      template: 'enrollment-review',
      locale: c.locale,
      dinasId: facts.dinasId,
      data: { ...mailData(facts, c.locale), count, participantsUrl: `${facts.url}/participants?status=pending` },
    });
  }
}
