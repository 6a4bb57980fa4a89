import { describe, expect, it } from 'vitest';
import type { AttendanceStatus } from '~db/schema';
import { countsAsAttended, eligibilityOf, eligibilitySummary, type SessionForRule } from '~/domain/attendance/eligibility';

const now = new Date('2026-11-20T12:00:00Z');
const past = (day: number): Date => new Date(Date.UTC(2026, 10, day, 9));
const session = (id: string, endsAt: Date, kind: SessionForRule['kind'] = 'training'): SessionForRule => ({ id, kind, endsAt });
const three = [session('d1', past(10)), session('d2', past(11)), session('d3', past(12))];
const marks = (entries: Record<string, AttendanceStatus>) => new Map(Object.entries(entries));
const rule = (minPercent: number, countsExcused = false) => ({ minPercent, countsExcused });

describe('the attendance rule', () => {
  it('a cohort without training sessions asks for nothing: eligible, no rate', () => {
    expect(eligibilityOf([], new Map(), rule(90), now)).toMatchObject({ state: 'eligible', total: 0, percent: null });
    // Exam sessions are not part of the rule, marked or not.
    expect(eligibilityOf([session('x', past(10), 'exam')], marks({ x: 'absent' }), rule(100), now)).toMatchObject({ state: 'eligible', total: 0 });
  });

  it('90 % of 3 sessions needs all 3 (2 of 3 is 66 %)', () => {
    expect(eligibilityOf(three, marks({ d1: 'present', d2: 'late', d3: 'present' }), rule(90), now)).toEqual({
      state: 'eligible', attended: 3, total: 3, marked: 3, unrecorded: 0, counted: 3, percent: 100,
    });
    expect(eligibilityOf(three, marks({ d1: 'present', d2: 'absent', d3: 'present' }), rule(90), now)).toMatchObject({
      state: 'notEligible', attended: 2, percent: 66,
    });
    expect(eligibilityOf(three, marks({ d1: 'present', d2: 'absent', d3: 'present' }), rule(66), now).state).toBe('eligible');
    expect(eligibilityOf(three, marks({ d1: 'present', d2: 'absent', d3: 'present' }), rule(67), now).state).toBe('notEligible');
  });

  it('an excused absence counts only when the program says so', () => {
    const excused = marks({ d1: 'present', d2: 'excused', d3: 'present' });
    expect(eligibilityOf(three, excused, rule(100, false), now)).toMatchObject({ state: 'notEligible', attended: 2 });
    expect(eligibilityOf(three, excused, rule(100, true), now)).toMatchObject({ state: 'eligible', attended: 3, percent: 100 });
    expect(countsAsAttended('late', { countsExcused: false })).toBe(true);
    expect(countsAsAttended('absent', { countsExcused: true })).toBe(false);
  });

  it('is provisional while a training session has no mark, with the rate so far over sessions marked or ended', () => {
    const sessions = [session('d1', past(19)), session('d2', past(21)), session('d3', past(22))];
    const result = eligibilityOf(sessions, marks({ d1: 'present' }), rule(90), now);
    expect(result).toEqual({ state: 'provisional', attended: 1, total: 3, marked: 1, unrecorded: 0, counted: 1, percent: 100 });
    // Nothing has happened yet: provisional, no rate.
    const before = eligibilityOf(sessions, new Map(), rule(90), new Date('2026-11-01T00:00:00Z'));
    expect(before).toMatchObject({ state: 'provisional', counted: 0, percent: null });
  });

  it('an ended session without a mark counts as absent in the provisional rate and stays open (no one loses eligibility to a missing roll call)', () => {
    const result = eligibilityOf(three, marks({ d1: 'present', d2: 'present' }), rule(60), now);
    expect(result).toEqual({ state: 'provisional', attended: 2, total: 3, marked: 2, unrecorded: 1, counted: 3, percent: 66 });
  });

  it('decides "not eligible" early when attending every unmarked session could not reach the minimum', () => {
    const sessions = [...three, session('d4', past(25)), session('d5', past(26))];
    // 100 %: one absence already decides it, days 4 and 5 to come.
    expect(eligibilityOf(sessions, marks({ d1: 'absent' }), rule(100), now)).toMatchObject({ state: 'notEligible', percent: 0, counted: 5 });
    // 60 % of 5 = 3: two absences still leave 3 possible.
    expect(eligibilityOf(sessions, marks({ d1: 'absent', d2: 'absent' }), rule(60), now).state).toBe('provisional');
    expect(eligibilityOf(sessions, marks({ d1: 'absent', d2: 'absent', d3: 'absent' }), rule(60), now).state).toBe('notEligible');
  });

  it('a minimum of 0 % makes everyone eligible once marked', () => {
    expect(eligibilityOf(three, marks({ d1: 'absent', d2: 'absent', d3: 'absent' }), rule(0), now)).toMatchObject({ state: 'eligible', percent: 0 });
  });

  it('counts a cohort by state', () => {
    expect(eligibilitySummary([{ state: 'eligible' }, { state: 'eligible' }, { state: 'provisional' }, { state: 'notEligible' }])).toEqual({
      eligible: 2, notEligible: 1, provisional: 1, total: 4,
    });
  });
});
