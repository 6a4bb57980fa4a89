import { describe, expect, it } from 'vitest';
import { planEndDate, planSessions, type PlannedDay } from '~/domain/cohorts/session-plan';

const days: PlannedDay[] = [
  { dayNumber: 4, kind: 'exam', title: 'Uji kompetensi', topics: null, startsAtTime: '08:00', endsAtTime: '15:00' },
  { dayNumber: 1, kind: 'training', title: 'Hari 1', topics: 'Regulasi', startsAtTime: '08:00', endsAtTime: '16:00' },
  { dayNumber: 2, kind: 'training', title: 'Hari 2', topics: null, startsAtTime: '08:30', endsAtTime: '12:00' },
];

describe('session plan', () => {
  it('places day N on the start date plus N-1 days at local times in the cohort zone', () => {
    const sessions = planSessions(days, '2026-11-30', 'Asia/Makassar');
    expect(sessions.map((s) => [s.position, s.kind, s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual([
      [1, 'training', '2026-11-30T00:00:00.000Z', '2026-11-30T08:00:00.000Z'],
      [2, 'training', '2026-12-01T00:30:00.000Z', '2026-12-01T04:00:00.000Z'],
      [3, 'exam', '2026-12-03T00:00:00.000Z', '2026-12-03T07:00:00.000Z'],
    ]);
  });

  it('ends on the last planned day', () => {
    expect(planEndDate(days, '2026-11-30')).toBe('2026-12-03');
    expect(planEndDate([], '2026-11-30')).toBe('2026-11-30');
  });
});
