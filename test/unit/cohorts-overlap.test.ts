import { describe, expect, it } from 'vitest';
import { intervalsOverlap, scheduleWarnings, type ScheduledCohort } from '~/domain/cohorts/overlap';

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour));
const session = (day: number, kind: 'training' | 'exam' = 'training', venueName: string | null = null) => ({ kind, startsAt: at(day, 1), endsAt: at(day, 9), venueName });
const cohort = (over: Partial<ScheduledCohort> & { id: string }): ScheduledCohort => ({
  venueName: 'Hotel Dafam Pekalongan',
  sessions: [session(7), session(8), session(9), session(10, 'exam')],
  assessorIds: [],
  personIds: [],
  ...over,
});

describe('double bookings', () => {
  it('sessions that touch end to start do not overlap', () => {
    expect(intervalsOverlap({ startsAt: at(7, 1), endsAt: at(7, 5) }, { startsAt: at(7, 5), endsAt: at(7, 9) })).toBe(false);
    expect(intervalsOverlap({ startsAt: at(7, 1), endsAt: at(7, 6) }, { startsAt: at(7, 5), endsAt: at(7, 9) })).toBe(true);
  });

  it('warns when the same venue is used at the same time, whatever the spelling', () => {
    const mine = cohort({ id: 'a' });
    const other = cohort({ id: 'b', venueName: ' hotel dafam  PEKALONGAN', sessions: [session(9)] });
    expect(scheduleWarnings(mine, [other])).toEqual([{ kind: 'venue', cohortId: 'b', venueName: 'Hotel Dafam Pekalongan' }]);
  });

  it('does not warn for the same venue on other days, or a session held elsewhere', () => {
    const mine = cohort({ id: 'a', sessions: [session(7, 'training', 'Aula Dinas')] });
    expect(scheduleWarnings(mine, [cohort({ id: 'b', sessions: [session(7)] })])).toEqual([]);
    expect(scheduleWarnings(cohort({ id: 'a' }), [cohort({ id: 'b', sessions: [session(20)] })])).toEqual([]);
  });

  it('warns about an assessor on two exams at once, but not about training days', () => {
    const mine = cohort({ id: 'a', venueName: 'X', assessorIds: ['u1', 'u2'] });
    const clash = cohort({ id: 'b', venueName: 'Y', assessorIds: ['u2'], sessions: [session(10, 'exam')] });
    const trainingOnly = cohort({ id: 'c', venueName: 'Z', assessorIds: ['u1'], sessions: [session(8), session(12, 'exam')] });
    expect(scheduleWarnings(mine, [clash, trainingOnly])).toEqual([{ kind: 'assessor', cohortId: 'b', userId: 'u2' }]);
  });

  it('warns about a participant registered in two overlapping cohorts', () => {
    const mine = cohort({ id: 'a', venueName: 'X', personIds: ['p1', 'p2'] });
    const other = cohort({ id: 'b', venueName: 'Y', personIds: ['p2', 'p3'], sessions: [session(8)] });
    expect(scheduleWarnings(mine, [other])).toEqual([{ kind: 'participant', cohortId: 'b', personId: 'p2' }]);
  });

  it('a cohort does not clash with itself', () => {
    const mine = cohort({ id: 'a', personIds: ['p1'] });
    expect(scheduleWarnings(mine, [mine])).toEqual([]);
  });
});
