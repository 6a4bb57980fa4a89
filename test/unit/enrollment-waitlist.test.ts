import { describe, expect, it } from 'vitest';
import { promoteFromWaitlist, seatFor, takeSeat, type SeatState } from '~/domain/enrollment/waitlist';

const state = (over: Partial<SeatState> = {}): SeatState => ({ capacity: 3, quotaPerCooperative: null, confirmed: 0, confirmedByCooperative: {}, ...over });

describe('seats and quotas', () => {
  it('gives a seat while the cohort has room and the cooperative is under quota', () => {
    expect(seatFor(state(), 'a')).toBe('seat');
    expect(seatFor(state({ confirmed: 3 }), 'a')).toBe('full');
    expect(seatFor(state({ quotaPerCooperative: 2, confirmed: 2, confirmedByCooperative: { a: 2 } }), 'a')).toBe('quota');
    expect(seatFor(state({ quotaPerCooperative: 2, confirmed: 2, confirmedByCooperative: { a: 2 } }), 'b')).toBe('seat');
  });

  it('taking a seat counts it for the cohort and the cooperative', () => {
    const after = takeSeat(takeSeat(state(), 'a'), 'a');
    expect(after).toMatchObject({ confirmed: 2, confirmedByCooperative: { a: 2 } });
  });

  it('registrations beyond capacity wait, in arrival order', () => {
    let s = state({ capacity: 2 });
    const outcome: string[] = [];
    for (const coop of ['a', 'b', 'c', 'd']) {
      const decision = seatFor(s, coop);
      outcome.push(decision);
      if (decision === 'seat') s = takeSeat(s, coop);
    }
    expect(outcome).toEqual(['seat', 'seat', 'full', 'full']);
  });
});

describe('promoteFromWaitlist', () => {
  const waitlist = [
    { id: 'w3', cooperativeId: 'c', arrivalSeq: 30 },
    { id: 'w1', cooperativeId: 'a', arrivalSeq: 10 },
    { id: 'w2', cooperativeId: 'b', arrivalSeq: 20 },
  ];

  it('moves up the first person waiting when one seat frees up', () => {
    expect(promoteFromWaitlist(state({ capacity: 3, confirmed: 2 }), waitlist)).toEqual(['w1']);
  });

  it('fills every free seat in arrival order', () => {
    expect(promoteFromWaitlist(state({ capacity: 5, confirmed: 3 }), waitlist)).toEqual(['w1', 'w2']);
  });

  it('skips people whose cooperative is at its quota, keeping them in line', () => {
    const s = state({ capacity: 3, confirmed: 2, quotaPerCooperative: 1, confirmedByCooperative: { a: 1, x: 1 } });
    expect(promoteFromWaitlist(s, waitlist)).toEqual(['w2']);
  });

  it('promotes nobody when the cohort is still full or nobody waits', () => {
    expect(promoteFromWaitlist(state({ confirmed: 3 }), waitlist)).toEqual([]);
    expect(promoteFromWaitlist(state(), [])).toEqual([]);
  });
});
