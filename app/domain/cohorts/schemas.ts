import { z } from 'zod';
import { TIME_ZONE_IDS } from '~/lib/dates';

/**
 * Cohort forms. Shape and the checks within one form live here (shared by the browser
 * and the server); checks against the clock and the database live in the operations.
 * Messages are i18n keys of the cohorts namespace.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const optionalText = (max: number) => z.string().trim().max(max, 'cohorts:errors.tooLong').optional();

export const CohortSchema = z
  .object({
    programId: z.uuid('cohorts:errors.programRequired'),
    name: z.string({ message: 'cohorts:errors.nameRequired' }).trim().min(3, 'cohorts:errors.nameRequired').max(200, 'cohorts:errors.tooLong'),
    startsOn: z.string({ message: 'cohorts:errors.dateRequired' }).regex(DATE, 'cohorts:errors.dateRequired'),
    timeZone: z.enum(TIME_ZONE_IDS, { message: 'cohorts:errors.timeZone' }),
    venueName: z.string({ message: 'cohorts:errors.venueRequired' }).trim().min(2, 'cohorts:errors.venueRequired').max(200, 'cohorts:errors.tooLong'),
    venueAddress: optionalText(400),
    capacity: z
      .number({ message: 'cohorts:errors.capacityPositive' })
      .int('cohorts:errors.capacityPositive')
      .min(1, 'cohorts:errors.capacityPositive')
      .max(10_000, 'cohorts:errors.capacityTooLarge'),
    quotaPerCooperative: z
      .number({ message: 'cohorts:errors.quotaPositive' })
      .int('cohorts:errors.quotaPositive')
      .min(1, 'cohorts:errors.quotaPositive')
      .optional(),
    registrationOpensAt: z.string().regex(DATETIME_LOCAL, 'cohorts:errors.dateTimeInvalid').optional(),
    registrationClosesAt: z.string().regex(DATETIME_LOCAL, 'cohorts:errors.dateTimeInvalid').optional(),
    trainingInstituteId: z.uuid('cohorts:errors.institution').optional(),
    certificationBodyId: z.uuid('cohorts:errors.institution').optional(),
    assessorIds: z.array(z.uuid('cohorts:errors.assessor')).max(50).default([]),
    requiresApproval: z.boolean().default(false),
  })
  .superRefine((cohort, ctx) => {
    if (cohort.quotaPerCooperative !== undefined && cohort.capacity >= 1 && cohort.quotaPerCooperative > cohort.capacity) {
      ctx.addIssue({ code: 'custom', path: ['quotaPerCooperative'], message: 'cohorts:errors.quotaAboveCapacity' });
    }
    if (cohort.registrationOpensAt && cohort.registrationClosesAt && cohort.registrationClosesAt <= cohort.registrationOpensAt) {
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'cohorts:errors.windowEndBeforeStart' });
    }
    if (cohort.assessorIds.length > 0 && !cohort.certificationBodyId) {
      ctx.addIssue({ code: 'custom', path: ['assessorIds'], message: 'cohorts:errors.assessorNeedsBody' });
    }
  });

export type CohortInput = z.input<typeof CohortSchema>;
export type CohortValues = z.output<typeof CohortSchema>;

export const SessionSchema = z
  .object({
    kind: z.enum(['training', 'exam'], { message: 'cohorts:errors.sessionKind' }),
    title: z.string({ message: 'cohorts:errors.sessionTitleRequired' }).trim().min(1, 'cohorts:errors.sessionTitleRequired').max(200, 'cohorts:errors.tooLong'),
    topics: optionalText(1000),
    date: z.string({ message: 'cohorts:errors.dateRequired' }).regex(DATE, 'cohorts:errors.dateRequired'),
    startsAtTime: z.string({ message: 'cohorts:errors.timeRequired' }).regex(TIME, 'cohorts:errors.timeRequired'),
    endsAtTime: z.string({ message: 'cohorts:errors.timeRequired' }).regex(TIME, 'cohorts:errors.timeRequired'),
    venueName: optionalText(200),
  })
  .superRefine((session, ctx) => {
    if (session.endsAtTime <= session.startsAtTime) {
      ctx.addIssue({ code: 'custom', path: ['endsAtTime'], message: 'cohorts:errors.endBeforeStart' });
    }
  });

export type SessionInput = z.input<typeof SessionSchema>;

export const CancelSchema = z.object({
  reason: z.string({ message: 'cohorts:errors.reasonRequired' }).trim().min(5, 'cohorts:errors.reasonRequired').max(1000, 'cohorts:errors.tooLong'),
});

export const TransitionSchema = z.object({
  to: z.enum(['open', 'closed', 'in_progress', 'completed']),
});
