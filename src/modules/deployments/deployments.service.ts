// Deployments: a published version running in an environment. Deploying replaces what the agent
// ran in that environment (the old deployment is RETIRED; the database holds one open deployment
// per agent and environment); retiring ends the checks. Health checks (deployment-checker.ts)
// record their results here, and every status change is an event that subscriptions carry and
// notifications announce (DOWN, and back up). Locks: the agent row, then the deployment rows
// (src/db/transaction.ts order).
import { actsFor } from '../../auth/agent-binding.js';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import { lockOwnedRow } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Deployment } from '../../generated/prisma/client.js';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../graphql/errors.js';
import type { Outcome } from '../../outbound/request.js';
import { lockAgent } from '../agents/agents.service.js';
import { afterCheck, failureOf } from './deployment-health.js';
import { deploymentEvent as event, retire } from './retire.js';

export interface NewDeployment {
  environment: string;
  endpointUrl: string;
  healthCheckUrl: string;
}

export function deployVersion(caller: Caller, versionId: string | null, input: NewDeployment) {
  return transact(async (tx) => {
    const found = versionId
      ? await tx.agentVersion.findFirst({
          where: { id: versionId, organizationId: caller.viewer.organizationId },
          select: { id: true, agentId: true },
        })
      : null;
    if (!found || !actsFor(caller.viewer, found.agentId)) throw new NotFoundError('AgentVersion');
    const agent = await lockAgent(tx, caller, found.agentId);
    // Read again under the agent's lock: a publish (which takes it too) may have archived it meanwhile.
    const version = await tx.agentVersion.findUniqueOrThrow({ where: { id: found.id } });
    if (version.status !== 'PUBLISHED')
      throw ValidationError.of(
        ['input', 'versionId'],
        `version ${version.semver} is ${version.status}; only PUBLISHED versions are deployed`,
      );
    if (agent.status !== 'ACTIVE')
      throw new ConflictError(`The agent is ${agent.status}; only ACTIVE agents are deployed.`);
    const [previous] = await tx.$queryRaw<Deployment[]>`
      SELECT * FROM "Deployment" WHERE "agentId" = ${agent.id}::uuid AND environment = ${input.environment}
         AND status <> 'RETIRED' FOR UPDATE`;
    if (!previous) {
      const open = await tx.deployment.count({ where: { agentId: agent.id, status: { not: 'RETIRED' } } });
      const max = config().DEPLOYMENTS_MAX_PER_AGENT;
      if (open >= max)
        throw new ConflictError(
          `The agent already runs in ${open} environments (DEPLOYMENTS_MAX_PER_AGENT is ${max}); retire one first.`,
        );
    }
    if (previous) await retire(tx, caller, previous, `replaced by version ${version.semver}`);
    const deployment = await tx.deployment.create({
      data: {
        organizationId: caller.viewer.organizationId,
        agentId: agent.id,
        versionId: version.id,
        ...input,
        nextCheckAt: clock.now(),
      },
    });
    appendEvents(tx, caller, [
      event('deployment.created', deployment, {
        versionId: version.id,
        semver: version.semver,
        endpointUrl: deployment.endpointUrl,
        replaced: previous?.id ?? null,
      }),
    ]);
    return deployment;
  });
}

/** Locks a deployment of the caller's organization. */
async function lockDeployment(tx: Tx, organizationId: string, id: string | null): Promise<Deployment | null> {
  return lockOwnedRow<Deployment>(tx, 'Deployment', id, organizationId);
}

export function retireDeployment(caller: Caller, deploymentId: string | null, reason: string | undefined) {
  return transact(async (tx) => {
    const found = deploymentId
      ? await tx.deployment.findFirst({
          where: { id: deploymentId, organizationId: caller.viewer.organizationId },
          select: { agentId: true },
        })
      : null;
    if (!found || !actsFor(caller.viewer, found.agentId)) throw new NotFoundError('Deployment');
    await lockAgent(tx, caller, found.agentId);
    const deployment = (await lockDeployment(tx, caller.viewer.organizationId, deploymentId)) as Deployment;
    if (deployment.status === 'RETIRED') throw new InvalidTransitionError('Deployment', 'RETIRED', 'RETIRED');
    return retire(tx, caller, deployment, reason ?? 'retired by hand');
  });
}

/**
 * Records one health check of a deployment: its new status by the health rule, and an event when
 * the status changed. A deployment retired meanwhile is left alone.
 */
export function recordCheck(deployment: Pick<Deployment, 'id' | 'organizationId'>, checkedAt: Date, outcome: Outcome) {
  const cfg = config();
  const limits = {
    degradedLatencyMs: cfg.DEPLOYMENT_DEGRADED_LATENCY_MS,
    downAfterFailures: cfg.DEPLOYMENT_DOWN_AFTER_FAILURES,
  };
  return transact(async (tx) => {
    const current = await lockDeployment(tx, deployment.organizationId, deployment.id);
    if (!current || current.status === 'RETIRED') return;
    const next = afterCheck(current, outcome, limits);
    const error = failureOf(outcome, limits);
    const changed = next.status !== current.status;
    const updated = await tx.deployment.update({
      where: { id: current.id },
      data: {
        ...next,
        checks: { increment: 1 },
        lastCheckedAt: checkedAt,
        lastStatusCode: outcome.status,
        lastLatencyMs: outcome.latencyMs,
        lastError: error,
        ...(changed ? { statusChangedAt: clock.now() } : {}),
      },
    });
    if (changed)
      appendEvents(tx, systemCaller(current.organizationId), [
        event('deployment.status_changed', updated, {
          from: current.status,
          to: next.status,
          statusCode: outcome.status,
          latencyMs: outcome.latencyMs,
          error,
        }),
      ]);
  });
}
