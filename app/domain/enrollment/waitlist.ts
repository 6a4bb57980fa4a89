/**
 * Seats, quotas and the waitlist. A registration takes a seat when the cohort has one
 * free and the person's cooperative is under its quota (both counted over confirmed
 * registrations); otherwise it waits, in arrival order. When seats free up, the first
 * waiting people whose cooperative is under quota move up.
 */
export interface SeatState {
  capacity: number;
  quotaPerCooperative: number | null;
  confirmed: number;
  /** Confirmed registrations per cooperative id. */
  confirmedByCooperative: Record<string, number>;
}

export type SeatDecision = 'seat' | 'full' | 'quota';

export function seatFor(state: SeatState, cooperativeId: string | null): SeatDecision {
  if (state.confirmed >= state.capacity) return 'full';
  if (state.quotaPerCooperative !== null && cooperativeId !== null) {
    if ((state.confirmedByCooperative[cooperativeId] ?? 0) >= state.quotaPerCooperative) return 'quota';
  }
  return 'seat';
}

/** The state after one more confirmed registration (a new object). */
export function takeSeat(state: SeatState, cooperativeId: string | null): SeatState {
  const byCoop = { ...state.confirmedByCooperative };
  if (cooperativeId !== null) byCoop[cooperativeId] = (byCoop[cooperativeId] ?? 0) + 1;
  return { ...state, confirmed: state.confirmed + 1, confirmedByCooperative: byCoop };
}

export interface WaitingEnrollment {
  id: string;
  cooperativeId: string | null;
  arrivalSeq: number;
}

/**
 * Who moves up from the waitlist, in arrival order: as many as there are free seats,
 * skipping (but keeping in line) people whose cooperative has reached its quota.
 */
export function promoteFromWaitlist(state: SeatState, waitlist: readonly WaitingEnrollment[]): string[] {
  const promoted: string[] = [];
  let current = state;
  for (const waiting of [...waitlist].sort((a, b) => a.arrivalSeq - b.arrivalSeq)) {
    if (current.confirmed >= current.capacity) break;
    if (seatFor(current, waiting.cooperativeId) !== 'seat') continue;
    promoted.push(waiting.id);
    current = takeSeat(current, waiting.cooperativeId);
  }
  return promoted;
}
