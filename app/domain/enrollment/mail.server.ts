import type { Transaction } from 'kysely';
import type { Database, EnrollmentStatus } from '~db/schema';
import { calendarAttachment, cohortMailData, mailRecipients, type CohortMailFacts } from '~/domain/cohorts/mail.server';
import { enqueueMail } from '~/domain/mail/outbox.server';

/**
 * The e-mails of registration. Always queued inside the transaction of the change; a
 * person without an e-mail address is simply not written to. Confirmations carry the
 * cohort's sessions as an .ics calendar file. (The e-mails about a change to the cohort
 * itself are the cohorts area's.)
 */
export type EnrollmentTemplate =
  | 'enrollment-confirmed'
  | 'enrollment-waitlisted'
  | 'enrollment-pending'
  | 'enrollment-promoted'
  | 'enrollment-rejected'
  | 'enrollment-cancelled'
  | 'enrollment-cancelled-by-coordinator';

export const templateForStatus: Partial<Record<EnrollmentStatus, EnrollmentTemplate>> = {
  confirmed: 'enrollment-confirmed',
  waitlisted: 'enrollment-waitlisted',
  pending: 'enrollment-pending',
  rejected: 'enrollment-rejected',
  cancelled: 'enrollment-cancelled',
};

/** Tells each person about their registration's new status (with the calendar when they have a seat). */
export async function mailEnrollmentStatus(
  trx: Transaction<Database>,
  facts: CohortMailFacts,
  people: readonly { personId: string; template: EnrollmentTemplate; reason?: string | null }[],
): Promise<number> {
  const found = new Map((await mailRecipients(trx, people.map((p) => p.personId))).map((r) => [r.personId, r]));
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
      data: { ...cohortMailData(facts, to.locale), reason: item.reason ?? null },
      attachments: withCalendar ? [calendarAttachment(facts, to.locale)] : [],
    });
    sent++;
  }
  return sent;
}

/** Tells the Dinas's coordinators that registrations wait for their decision. */
export async function mailCoordinatorsAboutPending(trx: Transaction<Database>, facts: CohortMailFacts, count: number): Promise<void> {
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
      data: { ...cohortMailData(facts, c.locale), count, participantsUrl: `${facts.url}/participants?status=pending` },
    });
  }
}
