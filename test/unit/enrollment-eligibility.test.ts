import { describe, expect, it } from 'vitest';
import { isCurrentPosition, normalizePosition } from '~/domain/cooperatives/positions';
import { checkEligibility, type RosterPosition } from '~/domain/enrollment/eligibility';
import { registrationProblem } from '~/domain/enrollment/registration-window';

const position = (over: Partial<RosterPosition> = {}): RosterPosition => ({
  cooperativeId: 'coop-1',
  dinasId: 'dinas-1',
  position: 'Kepala Bagian Pembiayaan',
  startsOn: '2020-01-02',
  endsOn: null,
  ...over,
});
const targets = ['Kepala Bagian Pembiayaan'];
const today = '2026-11-22';

describe('eligibility for self-registration', () => {
  it('accepts a person whose current roster position is a target position, counting against that cooperative', () => {
    const result = checkEligibility({ targetPositions: targets, dinasId: 'dinas-1', positions: [position({ position: 'Ketua', cooperativeId: 'coop-2' }), position()], today });
    expect(result).toEqual({ eligible: true, reason: 'eligible', cooperativeId: 'coop-1' });
  });

  it('compares positions without case or extra spaces', () => {
    expect(normalizePosition('  kepala   BAGIAN pembiayaan ')).toBe('kepala bagian pembiayaan');
    expect(checkEligibility({ targetPositions: targets, dinasId: 'dinas-1', positions: [position({ position: 'kepala  bagian pembiayaan' })], today }).eligible).toBe(true);
  });

  it('refuses a position that is not targeted, but keeps the cooperative for an approval request', () => {
    expect(checkEligibility({ targetPositions: targets, dinasId: 'dinas-1', positions: [position({ position: 'Kasir' })], today })).toEqual({
      eligible: false,
      reason: 'positionNotTargeted',
      cooperativeId: 'coop-1',
    });
  });

  it('ignores positions that ended, have not started, or belong to another Dinas', () => {
    const positions = [
      position({ endsOn: '2026-11-21' }),
      position({ startsOn: '2026-12-01' }),
      position({ dinasId: 'dinas-2' }),
    ];
    expect(checkEligibility({ targetPositions: targets, dinasId: 'dinas-1', positions, today })).toEqual({ eligible: false, reason: 'noPosition', cooperativeId: null });
  });

  it('a position ending today still counts', () => {
    expect(isCurrentPosition({ startsOn: null, endsOn: today }, today)).toBe(true);
  });

  it('a program without target positions is open to anyone on a roster of the Dinas', () => {
    expect(checkEligibility({ targetPositions: [], dinasId: 'dinas-1', positions: [position({ position: 'Kasir' })], today }).eligible).toBe(true);
  });
});

describe('registration window', () => {
  const base = {
    status: 'open' as const,
    registrationOpensAt: new Date('2026-11-01T01:00:00Z'),
    registrationClosesAt: new Date('2026-12-01T09:00:00Z'),
    firstSessionStartsAt: new Date('2026-12-07T01:00:00Z'),
  };
  it('is open between its opening and closing times', () => {
    expect(registrationProblem(base, new Date('2026-11-22T00:00:00Z'))).toBeNull();
  });
  it('names why it is closed', () => {
    expect(registrationProblem(base, new Date('2026-10-31T00:00:00Z'))).toBe('cohorts:registration.notYetOpen');
    expect(registrationProblem(base, new Date('2026-12-01T09:00:00Z'))).toBe('cohorts:registration.windowClosed');
    expect(registrationProblem({ ...base, status: 'closed' }, new Date('2026-11-22T00:00:00Z'))).toBe('cohorts:registration.notOpen');
    expect(registrationProblem({ ...base, registrationClosesAt: null }, new Date('2026-12-07T02:00:00Z'))).toBe('cohorts:registration.windowClosed');
  });
});
