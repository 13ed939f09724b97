// What a health check's answer does to a deployment — the one owner of the rule. A 2xx answer
// within DEPLOYMENT_DEGRADED_LATENCY_MS is LIVE; a slower 2xx is DEGRADED; anything else is a
// failure: DEPLOYMENT_DOWN_AFTER_FAILURES in a row make it DOWN, fewer make a LIVE deployment
// DEGRADED and leave a PENDING one PENDING (it has never been seen up).
import type { DeploymentStatus } from '../../generated/prisma/enums.js';
import type { Outcome } from '../../outbound/request.js';

export interface Health {
  status: DeploymentStatus;
  consecutiveFailures: number;
}

export interface HealthLimits {
  degradedLatencyMs: number;
  downAfterFailures: number;
}

export function afterCheck(current: Health, outcome: Outcome, limits: HealthLimits): Health {
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  if (ok) return { status: outcome.latencyMs > limits.degradedLatencyMs ? 'DEGRADED' : 'LIVE', consecutiveFailures: 0 };
  const failures = current.consecutiveFailures + 1;
  if (failures >= limits.downAfterFailures) return { status: 'DOWN', consecutiveFailures: failures };
  return { status: current.status === 'PENDING' ? 'PENDING' : 'DEGRADED', consecutiveFailures: failures };
}

/** Why a check failed, in words (for the deployment's lastError and the event). */
export function failureOf(outcome: Outcome, limits: HealthLimits): string | null {
  if (outcome.error) return outcome.error;
  if (outcome.status === null || outcome.status < 200 || outcome.status >= 300) return `HTTP ${outcome.status}`;
  if (outcome.latencyMs > limits.degradedLatencyMs)
    return `answered in ${outcome.latencyMs} ms (slower than ${limits.degradedLatencyMs} ms)`;
  return null;
}
