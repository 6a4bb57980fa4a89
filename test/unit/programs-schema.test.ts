import { describe, expect, it } from 'vitest';
import { CohortSchema } from '~/domain/cohorts/schemas';
import { numberPatternProblem, ProgramSchema } from '~/domain/programs/schemas';
import { fieldErrorsOf } from '~/lib/validation';

const program = {
  code: 'KABAG-PMB',
  title: 'Pelatihan Kepala Bagian Pembiayaan',
  targetPositions: 'Kepala Bagian Pembiayaan\nkepala bagian  pembiayaan\nManajer',
  units: [{ code: 'K.1', title: 'Unit satu' }],
  days: [{ kind: 'training', title: 'Hari 1', startsAtTime: '08:00', endsAtTime: '16:00' }],
};

function errorsOf(schema: typeof ProgramSchema | typeof CohortSchema, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe('program input', () => {
  it('reads target positions one per line, without duplicates', () => {
    const parsed = ProgramSchema.parse(program);
    expect(parsed.targetPositions).toEqual(['Kepala Bagian Pembiayaan', 'kepala bagian pembiayaan', 'Manajer']);
    expect(ProgramSchema.parse({ ...program, targetPositions: ['Ketua', 'Ketua'] }).targetPositions).toEqual(['Ketua']);
    expect(parsed).toMatchObject({ attendanceMinPercent: 100, competencyValidityMonths: 36, certificateNumberPattern: '{program}/{kind}/{year}/{seq:4}' });
  });

  it('names the field of each problem the way the form does', () => {
    expect(
      errorsOf(ProgramSchema, {
        ...program,
        units: [{ code: 'K.1', title: 'a' }, { code: 'k.1', title: 'b' }],
        days: [{ kind: 'exam', title: 'Uji', startsAtTime: '15:00', endsAtTime: '08:00' }],
        attendanceMinPercent: 120,
      }),
    ).toEqual({
      'units[1].code': ['programs:errors.unitCodeDuplicate'],
      'days[0].endsAtTime': ['programs:errors.endBeforeStart'],
      attendanceMinPercent: ['programs:errors.percent'],
    });
  });

  it('needs at least one unit and one day', () => {
    expect(errorsOf(ProgramSchema, { ...program, units: [], days: [] })).toEqual({ units: ['programs:errors.unitsRequired'], days: ['programs:errors.daysRequired'] });
  });

  it('needs a running number in the certificate pattern and known placeholders only', () => {
    expect(numberPatternProblem('{program}/{kind}/{year}/{seq:4}')).toBeNull();
    expect(numberPatternProblem('{program}/{year}')).toBe('programs:errors.patternNeedsSeq');
    expect(numberPatternProblem('{program}/{nik}/{seq}')).toBe('programs:errors.patternUnknownToken');
    expect(numberPatternProblem('{seq}/{year')).toBe('programs:errors.patternUnknownToken');
  });
});

describe("the program's attendance knobs", () => {
  it('default to the database defaults, and keep to its bounds (the message names them)', () => {
    expect(ProgramSchema.parse(program)).toMatchObject({ attendanceCountsExcused: false, lateGraceMinutes: 15, checkInOpensMinutes: 60, attendanceCorrectionHours: 72 });
    expect(ProgramSchema.parse({ ...program, lateGraceMinutes: 240, checkInOpensMinutes: 0, attendanceCorrectionHours: 2160, attendanceCountsExcused: true })).toMatchObject({
      lateGraceMinutes: 240, checkInOpensMinutes: 0, attendanceCorrectionHours: 2160, attendanceCountsExcused: true,
    });
    expect(errorsOf(ProgramSchema, { ...program, lateGraceMinutes: 241, checkInOpensMinutes: -1, attendanceCorrectionHours: 1.5 })).toEqual({
      lateGraceMinutes: ['programs:errors.minutesRange|{"min":0,"max":240}'],
      checkInOpensMinutes: ['programs:errors.minutesRange|{"min":0,"max":720}'],
      attendanceCorrectionHours: ['programs:errors.hoursRange|{"min":0,"max":2160}'],
    });
  });
});

describe('cohort input', () => {
  const cohort = {
    programId: '6f1c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4',
    name: 'Angkatan I 2027',
    startsOn: '2027-02-01',
    timeZone: 'Asia/Jakarta',
    venueName: 'Hotel Dafam',
    capacity: 25,
  };

  it('refuses capacity 0 and a quota above capacity', () => {
    expect(errorsOf(CohortSchema, { ...cohort, capacity: 0 })).toEqual({ capacity: ['cohorts:errors.capacityPositive'] });
    expect(errorsOf(CohortSchema, { ...cohort, quotaPerCooperative: 26 })).toEqual({ quotaPerCooperative: ['cohorts:errors.quotaAboveCapacity'] });
  });

  it('refuses a registration window that closes before it opens', () => {
    expect(errorsOf(CohortSchema, { ...cohort, registrationOpensAt: '2027-01-10T08:00', registrationClosesAt: '2027-01-09T08:00' })).toEqual({
      registrationClosesAt: ['cohorts:errors.windowEndBeforeStart'],
    });
  });

  it('needs a certification body before assessors', () => {
    expect(errorsOf(CohortSchema, { ...cohort, assessorIds: ['6f1c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c5'] })).toEqual({ assessorIds: ['cohorts:errors.assessorNeedsBody'] });
  });
});
