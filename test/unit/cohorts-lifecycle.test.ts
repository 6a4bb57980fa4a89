import { describe, expect, it } from 'vitest';
import { nextSteps, transitionProblem, type LifecycleFacts } from '~/domain/cohorts/lifecycle';

const now = new Date('2026-11-22T03:00:00Z');
const facts = (over: Partial<LifecycleFacts> = {}): LifecycleFacts => ({
  now,
  today: '2026-11-22',
  sessionCount: 4,
  firstSessionStartsAt: new Date('2026-12-07T01:00:00Z'),
  firstSessionDate: '2026-12-07',
  lastSessionEndsAt: new Date('2026-12-10T08:00:00Z'),
  registrationClosesAt: new Date('2026-11-30T09:00:00Z'),
  ...over,
});

describe('cohort lifecycle', () => {
  it('opens a draft that has future sessions and an open window', () => {
    expect(transitionProblem('draft', 'open', facts())).toBeNull();
  });

  it('cannot open without sessions', () => {
    expect(transitionProblem('draft', 'open', facts({ sessionCount: 0, firstSessionStartsAt: null, firstSessionDate: null }))).toBe('cohorts:lifecycle.noSessions');
  });

  it('cannot open when the first session has passed or the window has closed', () => {
    expect(transitionProblem('draft', 'open', facts({ firstSessionStartsAt: new Date('2026-11-21T01:00:00Z') }))).toBe('cohorts:lifecycle.alreadyStarted');
    expect(transitionProblem('draft', 'open', facts({ registrationClosesAt: new Date('2026-11-22T02:00:00Z') }))).toBe('cohorts:lifecycle.windowOver');
  });

  it('closes and reopens registration', () => {
    expect(transitionProblem('open', 'closed', facts())).toBeNull();
    expect(transitionProblem('closed', 'open', facts())).toBeNull();
  });

  it('starts only on or after the first session day', () => {
    expect(transitionProblem('closed', 'in_progress', facts())).toBe('cohorts:lifecycle.notStarted');
    expect(transitionProblem('closed', 'in_progress', facts({ today: '2026-12-07' }))).toBeNull();
  });

  it('cannot complete before the last session ends', () => {
    expect(transitionProblem('in_progress', 'completed', facts({ now: new Date('2026-12-10T07:59:00Z') }))).toBe('cohorts:lifecycle.notEnded');
    expect(transitionProblem('in_progress', 'completed', facts({ now: new Date('2026-12-10T08:00:00Z') }))).toBeNull();
  });

  it('cancels from any running state only with a reason', () => {
    expect(transitionProblem('open', 'cancelled', facts())).toBe('cohorts:lifecycle.reasonRequired');
    expect(transitionProblem('open', 'cancelled', facts({ cancelReason: '  ' }))).toBe('cohorts:lifecycle.reasonRequired');
    expect(transitionProblem('in_progress', 'cancelled', facts({ cancelReason: 'Banjir' }))).toBeNull();
  });

  it('refuses jumps the lifecycle does not have, and anything after the end', () => {
    expect(transitionProblem('draft', 'completed', facts())).toBe('cohorts:lifecycle.notAllowed');
    expect(transitionProblem('draft', 'in_progress', facts({ today: '2026-12-08' }))).toBe('cohorts:lifecycle.notAllowed');
    expect(transitionProblem('completed', 'cancelled', facts({ cancelReason: 'x' }))).toBe('cohorts:lifecycle.notAllowed');
    expect(transitionProblem('cancelled', 'open', facts())).toBe('cohorts:lifecycle.notAllowed');
  });

  it('lists the next steps with what blocks each', () => {
    expect(nextSteps('open', facts())).toEqual([
      { to: 'closed', problem: null },
      { to: 'in_progress', problem: 'cohorts:lifecycle.notStarted' },
    ]);
    expect(nextSteps('completed', facts())).toEqual([]);
  });
});
