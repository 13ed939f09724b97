// Agent status: DRAFT until its first version is published, which makes it ACTIVE (see
// versions.service); ACTIVE ⇄ SUSPENDED by hand; any status but RETIRED may retire; RETIRED is
// final and read-only. This table holds the transitions a person or integrator asks for.
import type { AgentStatus } from '../../generated/prisma/enums.js';
import { InvalidTransitionError } from '../../graphql/errors.js';

const ALLOWED: Record<AgentStatus, readonly AgentStatus[]> = {
  DRAFT: ['RETIRED'],
  ACTIVE: ['SUSPENDED', 'RETIRED'],
  SUSPENDED: ['ACTIVE', 'RETIRED'],
  RETIRED: [],
};

export function assertAgentTransition(from: AgentStatus, to: AgentStatus): void {
  if (!ALLOWED[from].includes(to)) throw new InvalidTransitionError('Agent', from, to);
}

/** Retired agents are kept for the record but can no longer change. */
export function assertAgentEditable(status: AgentStatus): void {
  if (status === 'RETIRED') {
    throw new InvalidTransitionError('Agent', status, status, 'A retired agent cannot be changed.');
  }
}
