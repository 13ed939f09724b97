// QUEUED → RUNNING → SUCCEEDED or FAILED; QUEUED or RUNNING → CANCELLED; FAILED → QUEUED (a
// retry, by hand or automatic) or FAILED → CANCELLED (it will not run again: cancel wins over
// retry) while the task has attempts left — after its last attempt FAILED is final, like
// SUCCEEDED and CANCELLED. Any other step is an InvalidTransitionError.
import type { Task } from '../../generated/prisma/client.js';
import type { TaskStatus } from '../../generated/prisma/enums.js';
import { InvalidTransitionError } from '../../graphql/errors.js';

const ALLOWED: Record<TaskStatus, readonly TaskStatus[]> = {
  QUEUED: ['RUNNING', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
  FAILED: ['QUEUED', 'CANCELLED'],
  SUCCEEDED: [],
  CANCELLED: [],
};

export function assertTaskTransition(task: Pick<Task, 'status' | 'attempts' | 'maxAttempts'>, to: TaskStatus): void {
  if (!ALLOWED[task.status].includes(to)) throw new InvalidTransitionError('Task', task.status, to);
  if (task.status === 'FAILED' && task.attempts >= task.maxAttempts)
    throw new InvalidTransitionError('Task', 'FAILED', to, `The task has used all ${task.maxAttempts} attempts.`);
}
