import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { config } from '~/lib/config.server';
import { formatDate, formatDateTime, formatTime } from '~/lib/dates';
import type { Actor } from '~/lib/permissions';
import { qrShape, QR_QUIET_ZONE } from '~/lib/qr.server';
import { displayCode, issueCheckInCredential } from './check-in-token.server';
import { checkInOpensAt } from './check-in.server';
import { requireCohortForAttendance, sessionOfCohort } from './marks.server';

/**
 * The projector page of a session: the rotating QR code and short code, shown in the hall
 * by whoever takes the session's attendance (the coordinator, or staff of the cohort's
 * training institute). Anyone else is told the session does not exist.
 */
/** The cohort and its session, once the actor takes its attendance; a session of another cohort is not found (it is the page's address). */
async function requireSessionForAttendance(db: Kysely<Database>, actor: Actor | null, cohortId: string, sessionId: string) {
  const cohort = await requireCohortForAttendance(db, actor, cohortId);
  const session = await sessionOfCohort(db, cohort, sessionId, { otherCohort: 'notFound' });
  return { cohort, session };
}

/** The address a credential's QR code holds: the check-in page, absolute, with the token. */
export function checkInUrl(token: string): string {
  return `${config().PUBLIC_URL}/hadir?${new URLSearchParams({ t: token })}`;
}

/** What the projector shows now and what replaces it in the next step (fetched by the page with JavaScript). */
export function projectorCredential(sessionId: string, now: Date) {
  const credential = issueCheckInCredential(sessionId, now);
  const url = checkInUrl(credential.token);
  const qr = qrShape(url);
  return {
    url,
    code: displayCode(credential.code),
    qr: { viewBox: qr.size + 2 * QR_QUIET_ZONE, path: qr.path },
    rotatesAt: credential.rotatesAt.toISOString(),
    secondsLeft: Math.max(1, Math.ceil((credential.rotatesAt.getTime() - now.getTime()) / 1000)),
  };
}

export type ProjectorCredential = ReturnType<typeof projectorCredential>;

export async function projectorPage(db: Kysely<Database>, actor: Actor | null, input: { cohortId: string; sessionId: string; locale: string; now?: Date }) {
  const now = input.now ?? new Date();
  const { cohort, session } = await requireSessionForAttendance(db, actor, input.cohortId, input.sessionId);
  const tz = cohort.timeZone;
  const opensAt = checkInOpensAt({ startsAt: session.startsAt, opensMinutes: session.checkInOpensMinutes });
  const state = now < opensAt ? 'notOpenYet' : now >= session.endsAt ? 'ended' : 'open';
  return {
    cohort: { id: cohort.id, name: cohort.name, programTitle: session.programTitle },
    session: {
      id: session.id,
      position: session.position,
      title: session.title,
      day: formatDate(session.startsAt, tz, input.locale),
      time: `${formatTime(session.startsAt, tz, input.locale).split(' ')[0]}–${formatTime(session.endsAt, tz, input.locale)}`,
    },
    window: { state, opensAt: formatDateTime(opensAt, tz, input.locale), endsAt: formatTime(session.endsAt, tz, input.locale) },
    credential: projectorCredential(session.id, now),
  } as const;
}

/** The next credential, for the page's JavaScript (same permission as the page). */
export async function projectorRefresh(db: Kysely<Database>, actor: Actor | null, input: { cohortId: string; sessionId: string; now?: Date }): Promise<ProjectorCredential> {
  const { session } = await requireSessionForAttendance(db, actor, input.cohortId, input.sessionId);
  return projectorCredential(session.id, input.now ?? new Date());
}
