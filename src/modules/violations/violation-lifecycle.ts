// OPEN → ACKNOWLEDGED → RESOLVED or DISMISSED, as the governance issue states it; any other
// step is an InvalidTransitionError.
import type { Severity, ViolationStatus } from '../../generated/prisma/enums.js';
import { InvalidTransitionError } from '../../graphql/errors.js';

const ALLOWED: Record<ViolationStatus, readonly ViolationStatus[]> = {
  OPEN: ['ACKNOWLEDGED'],
  ACKNOWLEDGED: ['RESOLVED', 'DISMISSED'],
  RESOLVED: [],
  DISMISSED: [],
};

export function assertViolationTransition(from: ViolationStatus, to: ViolationStatus): void {
  if (!ALLOWED[from].includes(to)) throw new InvalidTransitionError('Violation', from, to);
}

/** Violations that still count as open work. */
export const OPEN_STATUSES: ViolationStatus[] = ['OPEN', 'ACKNOWLEDGED'];

export const SEVERITY_RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function severitiesAtLeast(min: Severity): Severity[] {
  return (Object.keys(SEVERITY_RANK) as Severity[]).filter((s) => SEVERITY_RANK[s] >= SEVERITY_RANK[min]);
}
