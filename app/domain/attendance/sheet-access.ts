import { can, type Actor, type ResourceScope } from '~/lib/permissions';

/**
 * Who prints a cohort's attendance sheets: those who take its attendance (the coordinator,
 * the staff of its training institute) and those who run it. Pure, so a page can decide
 * whether to offer the link with the same rule the download checks.
 */
export function mayPrintAttendanceSheets(actor: Actor | null, cohort: Pick<ResourceScope, 'dinasId' | 'trainingInstituteId' | 'certificationBodyId'>): boolean {
  const scope = { dinasId: cohort.dinasId, trainingInstituteId: cohort.trainingInstituteId, certificationBodyId: cohort.certificationBodyId };
  return can(actor, 'attendance:record', scope) || can(actor, 'cohort:manage', scope);
}
