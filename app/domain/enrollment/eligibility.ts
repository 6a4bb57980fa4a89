import { isCurrentPosition, normalizePosition } from '~/domain/cooperatives/positions';

/**
 * Who may register for a cohort by themself: someone who holds, today, a position on the
 * roster of a cooperative supervised by the cohort's Dinas, and — when the program names
 * target positions — one of those positions. Anyone else may only ask (a pending
 * registration the coordinator decides) or be added by the coordinator. Positions compare
 * without case and extra spaces (`normalizePosition`, the cooperatives area's rule).
 */
export interface RosterPosition {
  cooperativeId: string;
  /** The Dinas that supervises the cooperative. */
  dinasId: string;
  position: string;
  startsOn: string | null;
  endsOn: string | null;
}

export type EligibilityReason = 'eligible' | 'noPosition' | 'positionNotTargeted';

export interface Eligibility {
  eligible: boolean;
  reason: EligibilityReason;
  /** The cooperative the registration counts against (its quota), when there is one. */
  cooperativeId: string | null;
}

export function checkEligibility(input: {
  targetPositions: readonly string[];
  dinasId: string;
  positions: readonly RosterPosition[];
  today: string;
}): Eligibility {
  const current = input.positions.filter((p) => p.dinasId === input.dinasId && isCurrentPosition(p, input.today));
  if (current.length === 0) return { eligible: false, reason: 'noPosition', cooperativeId: null };
  const targets = new Set(input.targetPositions.map(normalizePosition).filter(Boolean));
  if (targets.size === 0) return { eligible: true, reason: 'eligible', cooperativeId: current[0]!.cooperativeId };
  const match = current.find((p) => targets.has(normalizePosition(p.position)));
  if (match) return { eligible: true, reason: 'eligible', cooperativeId: match.cooperativeId };
  return { eligible: false, reason: 'positionNotTargeted', cooperativeId: current[0]!.cooperativeId };
}
