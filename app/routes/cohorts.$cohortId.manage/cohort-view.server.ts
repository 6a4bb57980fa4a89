import type { CohortDetail } from '~/domain/cohorts/detail.server';
import { isActiveCohort } from '~/domain/cohorts/lifecycle';
import { formatDateRange, formatDateTime, formatDateWithWeekday, formatTime, zoneLabel } from '~/lib/dates';

/** The management page's view of a cohort: its dates, window and sessions written out in the cohort's zone. */
export function cohortView(c: CohortDetail, locale: string) {
  const tz = c.timeZone;
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    programId: c.programId,
    programCode: c.programCode,
    programTitle: c.programTitle,
    dinasName: c.dinasName,
    dates: formatDateRange(c.startsOn, c.endsOn, locale),
    zone: zoneLabel(tz),
    venue: [c.venueName, c.venueAddress].filter(Boolean).join(', '),
    capacity: c.capacity,
    quota: c.quotaPerCooperative,
    window:
      c.registrationOpensAt || c.registrationClosesAt
        ? `${c.registrationOpensAt ? formatDateTime(c.registrationOpensAt, tz, locale) : '…'} – ${c.registrationClosesAt ? formatDateTime(c.registrationClosesAt, tz, locale) : '…'}`
        : null,
    instituteName: c.instituteName,
    certificationBodyName: c.certificationBodyName,
    assessors: c.assessors.map((a) => (a.registrationNumber ? `${a.name} (${a.registrationNumber})` : a.name)),
    requiresApproval: c.requiresApproval,
    cancelReason: c.cancelReason,
    counts: c.counts,
    summaries: c.summaries,
    canManage: c.canManage,
    steps: c.steps,
    warnings: c.warnings,
    sessions: c.sessions.map((s) => ({
      id: s.id,
      position: s.position,
      kind: s.kind,
      title: s.title,
      day: formatDateWithWeekday(s.startsAt, tz, locale),
      time: `${formatTime(s.startsAt, tz, locale).split(' ')[0]}–${formatTime(s.endsAt, tz, locale)}`,
      venueName: s.venueName,
    })),
    active: isActiveCohort(c.status),
  };
}

export type CohortView = ReturnType<typeof cohortView>;
