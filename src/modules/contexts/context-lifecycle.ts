// ACTIVE ⇄ PAUSED; ACTIVE or PAUSED → CLOSED, after which the context is read-only.
import type { ContextStatus } from '../../generated/prisma/enums.js';
import { ConflictError, InvalidTransitionError } from '../../graphql/errors.js';

const ALLOWED: Record<ContextStatus, readonly ContextStatus[]> = {
  ACTIVE: ['PAUSED', 'CLOSED'],
  PAUSED: ['ACTIVE', 'CLOSED'],
  CLOSED: [],
};

export function assertContextTransition(from: ContextStatus, to: ContextStatus): void {
  if (!ALLOWED[from].includes(to)) throw new InvalidTransitionError('AgentContext', from, to);
}

/** Anything that changes a context needs it open; messages also need it not paused. */
export function assertWritable(status: ContextStatus, what: 'change' | 'message' = 'change'): void {
  if (status === 'CLOSED') throw new ConflictError('The context is closed; it is read-only.');
  if (what === 'message' && status === 'PAUSED')
    throw new ConflictError('The context is paused; resume it to post messages.');
}
