import { z } from 'zod';
import { timeField } from '~/lib/date-input';
import { INVALID, REQUIRED, tooLong, withValues } from '~/lib/messages';

/**
 * A program as the coordinator edits it. The same schema checks the form in the browser
 * and the input of the domain operation; messages are i18n keys of the programs namespace.
 */
const text = (max: number, required = REQUIRED) => z.string({ error: required }).trim().max(max, tooLong(max));
const optionalText = (max: number) => text(max).optional();

export const UnitSchema = z.object(
  {
    id: z.uuid({ error: INVALID }).optional(),
    code: text(60, 'programs:errors.unitCodeRequired').min(1, 'programs:errors.unitCodeRequired'),
    title: text(300, 'programs:errors.unitTitleRequired').min(1, 'programs:errors.unitTitleRequired'),
  },
  { error: INVALID },
);

export const DaySchema = z
  .object({
    kind: z.enum(['training', 'exam'], { message: 'programs:errors.dayKind' }),
    title: text(200, 'programs:errors.dayTitleRequired').min(1, 'programs:errors.dayTitleRequired'),
    topics: optionalText(1000),
    startsAtTime: timeField('programs:errors.timeRequired', 'programs:errors.timeInvalid'),
    endsAtTime: timeField('programs:errors.timeRequired', 'programs:errors.timeInvalid'),
  }, { error: INVALID })
  .superRefine((day, ctx) => {
    if (day.endsAtTime.slice(0, 5) <= day.startsAtTime.slice(0, 5)) {
      ctx.addIssue({ code: 'custom', path: ['endsAtTime'], message: 'programs:errors.endBeforeStart' });
    }
  });

/**
 * A whole number between bounds, as the program's attendance knobs take it; the bounds match
 * the database's checks (migration 2026_11_29_060_attendance) and are named in the message.
 */
const wholeNumber = (min: number, max: number, key: string, fallback: number) => {
  const message = withValues(key, { min, max });
  return z.number({ message }).int(message).min(min, message).max(max, message).default(fallback);
};

/** "{program}/{kind}/{year}/{seq:4}": placeholders in braces; a running number is required (see certificates/codes.ts). */
const PATTERN_TOKEN = /\{([a-z]+)(?::(\d{1,2}))?\}/g;
const KNOWN_TOKENS = new Set(['program', 'kind', 'year', 'month', 'cohort', 'institution', 'seq']);

export function numberPatternProblem(pattern: string): string | null {
  const tokens = [...pattern.matchAll(PATTERN_TOKEN)].map((m) => m[1]!);
  if (!tokens.includes('seq')) return 'programs:errors.patternNeedsSeq';
  if (tokens.some((t) => !KNOWN_TOKENS.has(t))) return 'programs:errors.patternUnknownToken';
  if (pattern.replace(PATTERN_TOKEN, '').match(/[{}]/)) return 'programs:errors.patternUnknownToken';
  return null;
}

export const ProgramSchema = z
  .object({
    code: z
      .string({ message: 'programs:errors.codeRequired' })
      .trim()
      .min(1, 'programs:errors.codeRequired')
      .max(40, tooLong(40))
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'programs:errors.codeFormat'),
    title: z.string({ message: 'programs:errors.titleRequired' }).trim().min(3, 'programs:errors.titleRequired').max(300, tooLong(300)),
    description: optionalText(4000),
    schemeName: optionalText(300),
    schemeNumber: optionalText(100),
    competencyStandard: optionalText(300),
    attendanceMinPercent: z
      .number({ message: 'programs:errors.percent' })
      .int('programs:errors.percent')
      .min(0, 'programs:errors.percent')
      .max(100, 'programs:errors.percent')
      .default(100),
    // Whether an excused absence ("izin") counts as attended for the attendance rule.
    attendanceCountsExcused: z.boolean({ error: INVALID }).default(false),
    lateGraceMinutes: wholeNumber(0, 240, 'programs:errors.minutesRange', 15),
    checkInOpensMinutes: wholeNumber(0, 720, 'programs:errors.minutesRange', 60),
    attendanceCorrectionHours: wholeNumber(0, 2160, 'programs:errors.hoursRange', 72),
    // One per line in the form; a list when the operation is called with parsed values.
    targetPositions: z
      .union([z.array(z.string({ error: INVALID }).max(2000, tooLong(2000))), z.string({ error: INVALID }).max(2000, tooLong(2000))], { error: INVALID })
      .optional()
      .transform((value) => {
        const lines = (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => v.split(/\r?\n|,/));
        return [...new Set(lines.map((p) => p.trim().replace(/\s+/g, ' ')).filter(Boolean))];
      }),
    competencyValidityMonths: z
      .number({ message: 'programs:errors.months' })
      .int('programs:errors.months')
      .min(1, 'programs:errors.months')
      .max(240, 'programs:errors.months')
      .default(36),
    trainingValidityMonths: z
      .number({ message: 'programs:errors.months' })
      .int('programs:errors.months')
      .min(1, 'programs:errors.months')
      .max(240, 'programs:errors.months')
      .optional(),
    certificateNumberPattern: z
      .string({ error: REQUIRED })
      .trim()
      .max(120, tooLong(120))
      .default('{program}/{kind}/{year}/{seq:4}'),
    defaultInstituteId: z.uuid('programs:errors.institution').optional(),
    defaultCertificationBodyId: z.uuid('programs:errors.institution').optional(),
    units: z.array(UnitSchema, { error: 'programs:errors.unitsRequired' }).min(1, 'programs:errors.unitsRequired').max(60, 'programs:errors.tooMany'),
    days: z.array(DaySchema, { error: 'programs:errors.daysRequired' }).min(1, 'programs:errors.daysRequired').max(60, 'programs:errors.tooMany'),
  })
  .superRefine((program, ctx) => {
    const problem = numberPatternProblem(program.certificateNumberPattern);
    if (problem) ctx.addIssue({ code: 'custom', path: ['certificateNumberPattern'], message: problem });
    const seen = new Map<string, number>();
    program.units.forEach((unit, index) => {
      const key = unit.code.toUpperCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['units', index, 'code'], message: 'programs:errors.unitCodeDuplicate' });
      else seen.set(key, index);
    });
  });

export type ProgramInput = z.input<typeof ProgramSchema>;
export type ProgramValues = z.output<typeof ProgramSchema>;
