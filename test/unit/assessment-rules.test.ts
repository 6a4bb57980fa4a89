import { describe, expect, it } from 'vitest';
import { isBlankResult, recommendationOf, registrationNumberLooksRight, sameResult, type ResultRow } from '~/domain/assessment/rules';

describe('the overall recommendation', () => {
  it('is competent only when every unit is K, not yet competent once every unit is in and one is BK', () => {
    expect(recommendationOf(['K', 'K', 'K'], 3, false)).toBe('competent');
    expect(recommendationOf(['K', 'BK', 'K'], 3, false)).toBe('not_yet_competent');
  });
  it('stays open while a unit is missing, whatever the others say', () => {
    expect(recommendationOf(['K', 'K'], 3, false)).toBeNull();
    expect(recommendationOf(['BK', undefined, 'K'], 3, false)).toBeNull();
    expect(recommendationOf([], 0, false)).toBeNull();
  });
  it('is "did not attend" for an absent participant', () => {
    expect(recommendationOf([], 3, true)).toBe('did_not_attend');
  });
});

describe("an assessor's registration number", () => {
  it('looks right in BNSP\'s shape "MET.000.004772 2024" and is only flagged otherwise', () => {
    expect(registrationNumberLooksRight('MET.000.004772 2024')).toBe(true);
    expect(registrationNumberLooksRight(' MET.000.004515 2019 ')).toBe(true);
    expect(registrationNumberLooksRight('MET 000 004772/2024')).toBe(false);
    expect(registrationNumberLooksRight(null)).toBe(false);
  });
});

describe('comparing an entered row with the stored one', () => {
  const base: ResultRow = { absent: false, assessorUserId: 'a', examDate: '2026-11-12', venue: 'TUK', note: null, units: { u1: 'K', u2: 'BK' } };
  it('sees a change in any unit or detail, and none in the same values', () => {
    expect(sameResult(base, { ...base, units: { u2: 'BK', u1: 'K' } })).toBe(true);
    expect(sameResult(base, { ...base, units: { u1: 'K', u2: 'K' } })).toBe(false);
    expect(sameResult(base, { ...base, units: { u1: 'K' } })).toBe(false);
    expect(sameResult(base, { ...base, venue: 'Lain' })).toBe(false);
  });
  it('treats a row with no result, absence or note as blank', () => {
    expect(isBlankResult({ ...base, units: {} })).toBe(true);
    expect(isBlankResult({ ...base, units: {}, absent: true })).toBe(false);
  });
});
