import { z } from 'zod';
import { INVALID, tooLong } from '~/lib/messages';

/**
 * Registration forms, shared by the browser and the server. Which people a form may name
 * is the operations' to decide (an id that is not one names nobody).
 */
export const NominateSchema = z.object({
  person: z.array(z.string({ error: INVALID }), { error: INVALID }).default([]),
});

/** The coordinator's confirmed rejection: the people it names, and the reason they are told (required). */
export const RejectSchema = z.object({
  enrollment: z.array(z.string({ error: INVALID }), { error: 'cohorts:participants.noneSelected' }).min(1, 'cohorts:participants.noneSelected'),
  reason: z
    .string({ message: 'cohorts:participants.reasonRequired' })
    .trim()
    .min(1, 'cohorts:participants.reasonRequired')
    .max(1000, tooLong(1000)),
});

/** The coordinator's confirmed withdrawal of one registration; the reason is optional and told to the person. */
export const CancelEnrollmentSchema = z.object({
  enrollment: z.string({ message: 'cohorts:participants.noneSelected' }),
  reason: z.string({ error: INVALID }).trim().max(1000, tooLong(1000)).optional(),
});
