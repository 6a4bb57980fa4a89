import { z } from 'zod';
import { COOPERATIVE_TYPES, EDUCATION_LEVELS } from '~db/schema';
import { parseNik, type NikProblem } from '~/domain/accounts/nik';
import { dateField } from '~/lib/date-input';
import { INVALID, tooLong } from '~/lib/messages';

/**
 * Form and input schemas of the cooperatives area: the same schema validates in the
 * browser (conform) and on the server, and the domain checks its input with it again.
 * Messages are i18n keys of the `cooperatives` namespace.
 */

export const COOPERATIVE_STATUSES = ['active', 'inactive', 'dissolution_proposed'] as const;
export const SAVINGS_LOAN_UNITS = ['USP', 'UPPS'] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const optionalText = (max: number) => z.string({ error: INVALID }).trim().max(max, tooLong(max)).optional();
/** A day typed the Indonesian way ("31-12-2026") or ISO, given as "2026-12-31". */
const optionalDate = dateField('cooperatives:errors.dateInvalid', 'cooperatives:errors.dateInvalid').optional();

export const COOPERATIVE_NUMBER = /^[0-9]{16}$/;

export const CooperativeSchema = z.object({
  name: z
    .string({ message: 'cooperatives:errors.nameRequired' })
    .trim()
    .min(1, 'cooperatives:errors.nameRequired')
    .max(200, tooLong(200)),
  type: z.enum(COOPERATIVE_TYPES, { message: 'cooperatives:errors.typeInvalid' }),
  savingsLoanUnit: z.enum(SAVINGS_LOAN_UNITS, { message: 'cooperatives:errors.unitInvalid' }).optional(),
  cooperativeNumber: z
    .string({ message: 'cooperatives:errors.numberRequired' })
    .trim()
    .regex(COOPERATIVE_NUMBER, 'cooperatives:errors.numberFormat'),
  legalEntityNumber: optionalText(100),
  legalEntityDate: optionalDate,
  street: optionalText(200),
  village: optionalText(100),
  district: optionalText(100),
  regency: optionalText(100),
  postalCode: z.string({ error: 'cooperatives:errors.postalCodeFormat' }).trim().regex(/^[0-9]{5}$/, 'cooperatives:errors.postalCodeFormat').optional(),
  phone: z
    .string({ error: 'cooperatives:errors.phoneFormat' })
    .trim()
    .regex(/^\+?[0-9][0-9 ()\-.]{4,22}$/, 'cooperatives:errors.phoneFormat')
    .optional(),
  email: z.email({ message: 'cooperatives:errors.emailFormat' }).max(200, tooLong(200)).optional(),
  status: z.enum(COOPERATIVE_STATUSES, { message: 'cooperatives:errors.statusInvalid' }).default('active'),
});
export type CooperativeInput = z.input<typeof CooperativeSchema>;
export type CooperativeValues = z.output<typeof CooperativeSchema>;

export const AnnualMeetingSchema = z.object({
  fiscalYear: z.coerce
    .number({ message: 'cooperatives:errors.fiscalYearInvalid' })
    .int('cooperatives:errors.fiscalYearInvalid')
    .min(1945, 'cooperatives:errors.fiscalYearInvalid')
    .max(2200, 'cooperatives:errors.fiscalYearInvalid'),
  heldOn: dateField('cooperatives:errors.heldOnRequired', 'cooperatives:errors.dateInvalid'),
  notes: optionalText(500),
});
export type AnnualMeetingInput = z.input<typeof AnnualMeetingSchema>;

/** i18n key for what is wrong with a NIK. */
export function nikProblemMessage(problem: NikProblem): string {
  return `cooperatives:errors.nik.${problem === 'birthDateMismatch' ? 'birthDate' : problem}`;
}

export const NikSchema = z
  .string({ message: 'cooperatives:errors.nik.required' })
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseNik(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: nikProblemMessage(parsed.problem) });
  });

const PositionText = z
  .string({ message: 'cooperatives:errors.positionRequired' })
  .trim()
  .min(1, 'cooperatives:errors.positionRequired')
  .max(100, tooLong(100));

const datesInOrder = (value: { startsOn?: string; endsOn?: string }) =>
  !value.startsOn || !value.endsOn || value.endsOn >= value.startsOn;

/** Highest education, a level code (the select's value); empty: not stated. */
const Education = z.enum(EDUCATION_LEVELS, { message: 'cooperatives:errors.educationInvalid' }).optional();

export const NikLookupSchema = z.object({ nik: NikSchema });

export const AddStaffSchema = z
  .object({
    nik: NikSchema,
    fullName: z.string({ error: 'cooperatives:errors.fullNameRequired' }).trim().min(1, 'cooperatives:errors.fullNameRequired').max(150, tooLong(150)).optional(),
    /** Asked with the name when the NIK is new to the Dinas: a new person's, or the proof of knowing someone of another Dinas. */
    birthDate: optionalDate,
    /** Recorded on the person (kept as it is when left empty for someone already known). */
    education: Education,
    position: PositionText,
    startsOn: optionalDate,
    endsOn: optionalDate,
    /** Current positions elsewhere to end the day before this one starts (a move). */
    endPositionIds: z.array(z.uuid({ error: INVALID }), { error: INVALID }).default([]),
  })
  .refine(datesInOrder, { message: 'cooperatives:errors.endBeforeStart', path: ['endsOn'] });
export type AddStaffInput = z.input<typeof AddStaffSchema>;

export const EditPositionSchema = z
  .object({
    /** The person's, shown with their position; empty clears it. */
    education: Education,
    position: PositionText,
    startsOn: optionalDate,
    endsOn: optionalDate,
  })
  .refine(datesInOrder, { message: 'cooperatives:errors.endBeforeStart', path: ['endsOn'] });
export type EditPositionInput = z.input<typeof EditPositionSchema>;

export const EndPositionSchema = z.object({
  endsOn: dateField('cooperatives:errors.endsOnRequired', 'cooperatives:errors.dateInvalid'),
});
export type EndPositionInput = z.input<typeof EndPositionSchema>;
