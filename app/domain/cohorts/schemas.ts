import { z } from 'zod';
import { TIME_ZONE_IDS } from '~/lib/dates';
import { dateField, dateTimeField, timeField } from '~/lib/date-input';
import { INVALID, tooLong, withValues } from '~/lib/messages';

/**
 * Cohort forms. Shape and the checks within one form live here (shared by the browser
 * and the server); checks against the clock and the database live in the operations.
 * Messages are i18n keys of the cohorts namespace.
 */

const optionalText = (max: number) => z.string({ error: INVALID }).trim().max(max, tooLong(max)).optional();

export const CohortSchema = z
  .object({
    programId: z.uuid('cohorts:errors.programRequired'),
    name: z.string({ message: 'cohorts:errors.nameRequired' }).trim().min(3, 'cohorts:errors.nameRequired').max(200, tooLong(200)),
    startsOn: dateField('cohorts:errors.dateRequired', 'cohorts:errors.dateRequired'),
    timeZone: z.enum(TIME_ZONE_IDS, { message: 'cohorts:errors.timeZone' }),
    venueName: z.string({ message: 'cohorts:errors.venueRequired' }).trim().min(2, 'cohorts:errors.venueRequired').max(200, tooLong(200)),
    venueAddress: optionalText(400),
    capacity: z
      .number({ message: 'cohorts:errors.capacityPositive' })
      .int('cohorts:errors.capacityPositive')
      .min(1, 'cohorts:errors.capacityPositive')
      .max(10_000, withValues('cohorts:errors.capacityTooLarge', { max: 10_000 })),
    quotaPerCooperative: z
      .number({ message: 'cohorts:errors.quotaPositive' })
      .int('cohorts:errors.quotaPositive')
      .min(1, 'cohorts:errors.quotaPositive')
      .optional(),
    registrationOpensAt: dateTimeField('cohorts:errors.dateTimeInvalid').optional(),
    registrationClosesAt: dateTimeField('cohorts:errors.dateTimeInvalid').optional(),
    trainingInstituteId: z.uuid('cohorts:errors.institution').optional(),
    certificationBodyId: z.uuid('cohorts:errors.institution').optional(),
    assessorIds: z.array(z.uuid('cohorts:errors.assessor'), { error: 'cohorts:errors.assessor' }).max(50, 'cohorts:errors.assessor').default([]),
    requiresApproval: z.boolean({ error: INVALID }).default(false),
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
    title: z.string({ message: 'cohorts:errors.sessionTitleRequired' }).trim().min(1, 'cohorts:errors.sessionTitleRequired').max(200, tooLong(200)),
    topics: optionalText(1000),
    date: dateField('cohorts:errors.dateRequired', 'cohorts:errors.dateRequired'),
    startsAtTime: timeField('cohorts:errors.timeRequired', 'cohorts:errors.timeRequired'),
    endsAtTime: timeField('cohorts:errors.timeRequired', 'cohorts:errors.timeRequired'),
    venueName: optionalText(200),
  })
  .superRefine((session, ctx) => {
    if (session.endsAtTime <= session.startsAtTime) {
      ctx.addIssue({ code: 'custom', path: ['endsAtTime'], message: 'cohorts:errors.endBeforeStart' });
    }
  });

export type SessionInput = z.input<typeof SessionSchema>;

export const CancelSchema = z.object({
  reason: z.string({ message: 'cohorts:errors.reasonRequired' }).trim().min(5, 'cohorts:errors.reasonRequired').max(1000, tooLong(1000)),
});

export const TransitionSchema = z.object({
  to: z.enum(['open', 'closed', 'in_progress', 'completed'], { error: 'cohorts:lifecycle.notAllowed' }),
});
