// QUEUED → RUNNING → SUCCEEDED or FAILED; QUEUED or RUNNING → CANCELLED; FAILED → QUEUED (a
// retry) while attempts remain. Any other step is an InvalidTransitionError.
import type { TaskStatus } from '../../generated/prisma/enums.js';
import { InvalidTransitionError } from '../../graphql/errors.js';

const ALLOWED: Record<TaskStatus, readonly TaskStatus[]> = {
  QUEUED: ['RUNNING', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
  FAILED: ['QUEUED'],
  SUCCEEDED: [],
  CANCELLED: [],
};

export function assertTaskTransition(from: TaskStatus, to: TaskStatus): void {
  if (!ALLOWED[from].includes(to)) throw new InvalidTransitionError('Task', from, to);
}
