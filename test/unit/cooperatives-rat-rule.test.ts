import { describe, expect, it } from 'vitest';
import { isOnTime, meetingDateProblem, ratDeadline, ratStanding } from '~/domain/cooperatives/annual-meeting-rule';

const held = (fiscalYear: number, heldOn = `${fiscalYear + 1}-03-15`) => ({ fiscalYear, heldOn });

describe('the RAT rule', () => {
  it('counts three on-time years ending last year as healthy', () => {
    const s = ratStanding([held(2023), held(2024), held(2025)], '2026-08-01');
    expect(s).toMatchObject({ lastFiscalYear: 2025, missingLastYear: false, consecutiveOnTime: 3, healthy: true, latestFiscalYear: 2025 });
  });

  it('flags a missing last year after its deadline and counts no streak', () => {
    const s = ratStanding([held(2022), held(2023), held(2024)], '2026-07-01');
    expect(s.missingLastYear).toBe(true);
    expect(s.lastYearStillDue).toBe(false);
    expect(s.consecutiveOnTime).toBe(0);
    expect(s.healthy).toBe(false);
    expect(s.latestFiscalYear).toBe(2024);
  });

  it('still flags last year while it is due, but keeps the streak of the years before', () => {
    const s = ratStanding([held(2022), held(2023), held(2024)], '2026-03-01');
    expect(s.missingLastYear).toBe(true);
    expect(s.lastYearStillDue).toBe(true);
    expect(s.consecutiveOnTime).toBe(3);
  });

  it('breaks the streak at a gap and at a late meeting', () => {
    expect(ratStanding([held(2021), held(2023), held(2024), held(2025)], '2026-09-01').consecutiveOnTime).toBe(3);
    expect(ratStanding([held(2023), held(2024, '2025-09-30'), held(2025)], '2026-09-01').consecutiveOnTime).toBe(1);
  });

  it('has no standing without meetings', () => {
    expect(ratStanding([], '2026-09-01')).toMatchObject({ consecutiveOnTime: 0, missingLastYear: true, latestFiscalYear: null });
  });

  it('is on time up to 30 June of the following year and never before the year ends', () => {
    expect(ratDeadline(2025)).toBe('2026-06-30');
    expect(isOnTime({ fiscalYear: 2025, heldOn: '2026-06-30' })).toBe(true);
    expect(isOnTime({ fiscalYear: 2025, heldOn: '2026-07-01' })).toBe(false);
    expect(isOnTime({ fiscalYear: 2025, heldOn: '2025-12-20' })).toBe(false);
  });

  it('refuses a meeting date before the fiscal year ends or in the future', () => {
    expect(meetingDateProblem(2025, '2025-12-31', '2026-05-01')).toBe('beforeYearEnd');
    expect(meetingDateProblem(2025, '2026-06-01', '2026-05-01')).toBe('future');
    expect(meetingDateProblem(2025, '2026-04-01', '2026-05-01')).toBeNull();
  });
});
