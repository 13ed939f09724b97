// ACTIVE → COMPLETED, CONVERTED, CANCELLED or EXPIRED. Expiry follows from the clock: a trial
// past expiresAt is EXPIRED whenever it is read, before the sweep records it.
import { clock } from '../../clock.js';
import type { TrialStatus } from '../../generated/prisma/enums.js';
import { InvalidTransitionError } from '../../graphql/errors.js';

export const DAY_MS = 86_400_000;

export function statusOf(trial: { status: TrialStatus; expiresAt: Date }, now = clock.now()): TrialStatus {
  return trial.status === 'ACTIVE' && trial.expiresAt <= now ? 'EXPIRED' : trial.status;
}

export function assertTrialTransition(from: TrialStatus, to: TrialStatus): void {
  if (from !== 'ACTIVE' || to === 'ACTIVE') throw new InvalidTransitionError('Trial', from, to);
}

export function daysRemaining(trial: { status: TrialStatus; expiresAt: Date }, now = clock.now()): number {
  if (statusOf(trial, now) !== 'ACTIVE') return 0;
  return Math.ceil((trial.expiresAt.getTime() - now.getTime()) / DAY_MS);
}
