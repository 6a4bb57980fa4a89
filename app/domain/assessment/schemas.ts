import { z } from 'zod';
import { dateField } from '~/lib/date-input';
import { INVALID, tooLong } from '~/lib/messages';

/**
 * The exam grid: one row per participant, one cell per unit of competency. A cell's value
 * names its unit ("<unit id>:K"), so a result for a unit outside the program is caught by
 * the operation, whoever sent it. Messages are keys of the assessment namespace.
 */
const optionalText = (max: number) => z.string({ error: INVALID }).trim().max(max, tooLong(max)).optional();

export const UNIT_CELL = /^([0-9a-f-]{36}):(K|BK)$/i;

export const ResultRowSchema = z.object({
  enrollmentId: z.uuid('assessment:errors.participant'),
  units: z.array(z.string({ error: 'assessment:errors.cell' }).regex(UNIT_CELL, 'assessment:errors.cell').optional(), { error: 'assessment:errors.cell' }).max(100, 'assessment:errors.cell').default([]),
  absent: z.boolean({ error: INVALID }).default(false),
  assessorUserId: z.uuid('assessment:errors.assessor').optional(),
  examDate: dateField('assessment:errors.examDate', 'assessment:errors.examDate').optional(),
  venue: optionalText(200),
  note: optionalText(500),
}, { error: INVALID });

export const ResultGridSchema = z.object({
  rows: z.array(ResultRowSchema, { error: INVALID }).max(1000, INVALID).default([]),
  correctionReason: optionalText(500),
}, { error: INVALID });

export type ResultGridValues = z.output<typeof ResultGridSchema>;

