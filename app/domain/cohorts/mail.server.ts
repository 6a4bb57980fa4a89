import type { Kysely, Transaction } from 'kysely';
import type { Database } from '~db/schema';
import { config } from '~/lib/config.server';
import { formatDateRange, formatDateWithWeekday, formatTime } from '~/lib/dates';
import { enqueueMail, type MailAttachment } from '~/domain/mail/outbox.server';
import { calendarFileName, cohortCalendar, type CalendarCohort } from './calendar-file';

/**
 * What every e-mail about a cohort says of it (its program, dates, venue and sessions,
 * with the sessions as an .ics calendar file), and the e-mail to everyone registered
 * when the cohort changes. Always queued inside the transaction of the change; a person
 * without an e-mail address is simply not written to. The e-mails about one
 * registration are enrollment's (`~/domain/enrollment/mail.server`), built on these.
 */
const SESSION_LABELS = {
  id: { training: 'Pelatihan', exam: 'Uji kompetensi' },
  en: { training: 'Training', exam: 'Competency exam' },
} as const;

export interface CohortMailFacts extends CalendarCohort {
  dinasId: string;
  startsOn: string;
  endsOn: string;
}

export async function cohortMailFacts(db: Kysely<Database>, cohortId: string): Promise<CohortMailFacts> {
  const cohort = await db
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      'c.id', 'c.name', 'c.dinas_id as dinasId', 'p.title as programTitle', 'c.time_zone as timeZone',
      'c.venue_name as venueName', 'c.venue_address as venueAddress', 'c.starts_on as startsOn', 'c.ends_on as endsOn',
    ])
    .where('c.id', '=', cohortId)
    .executeTakeFirstOrThrow();
  const sessions = await db
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

/** The cohort's part of a mail template's data, in the reader's language. */
export function cohortMailData(facts: CohortMailFacts, locale: 'id' | 'en') {
  const tz = facts.timeZone;
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

export interface MailRecipient {
  personId: string;
  name: string;
  email: string | null;
  locale: 'id' | 'en';
}

/** Where to write to each person: their account's address when they have one, else the roster's. */
export async function mailRecipients(db: Kysely<Database>, personIds: readonly string[]): Promise<MailRecipient[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('people as p')
    .leftJoin('users as u', (join) => join.onRef('u.person_id', '=', 'p.id').on('u.is_active', '=', true))
    .select(['p.id as personId', 'p.full_name as name', 'p.email as personEmail', 'u.email as userEmail', 'u.locale'])
    .where('p.id', 'in', [...personIds])
    .execute();
  return rows.map((r) => ({ personId: r.personId, name: r.name, email: r.userEmail ?? r.personEmail, locale: r.locale ?? 'id' }));
}

/**
 * Tells everyone registered in a cohort (pending, confirmed or waiting) about a change
 * to it; those with a seat get the updated calendar.
 */
export async function mailEveryoneEnrolled(
  trx: Transaction<Database>,
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
  for (const to of await mailRecipients(trx, enrolled.map((e) => e.person_id))) {
    if (!to.email) continue;
    const withCalendar = template === 'cohort-changed' && statusOf.get(to.personId) === 'confirmed';
    await enqueueMail(trx, {
      to: to.email,
      toName: to.name,
      template,
      locale: to.locale,
      dinasId: facts.dinasId,
      data: {
        ...cohortMailData(facts, to.locale),
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
