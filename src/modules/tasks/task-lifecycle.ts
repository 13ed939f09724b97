// QUEUED → RUNNING → SUCCEEDED or FAILED; QUEUED or RUNNING → CANCELLED; FAILED → QUEUED (a
// retry, by hand or automatic) while attempts remain; FAILED → CANCELLED (stops its automatic
// retries: cancel wins over retry). Any other step is an InvalidTransitionError.
import type { TaskStatus } from '../../generated/prisma/enums.js';
import { InvalidTransitionError } from '../../graphql/errors.js';

const ALLOWED: Record<TaskStatus, readonly TaskStatus[]> = {
  QUEUED: ['RUNNING', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
  FAILED: ['QUEUED', 'CANCELLED'],
  SUCCEEDED: [],
  CANCELLED: [],
};

export function assertTaskTransition(from: TaskStatus, to: TaskStatus): void {
  if (!ALLOWED[from].includes(to)) throw new InvalidTransitionError('Task', from, to);
}
