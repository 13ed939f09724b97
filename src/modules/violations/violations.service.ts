import { actsFor } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import type { Prisma, Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Severity, ViolationCategory, ViolationStatus } from '../../generated/prisma/enums.js';
import { NotFoundError, ValidationError } from '../../graphql/errors.js';
import { lockAgentForTrust, recomputeTrust } from '../trust/trust.service.js';
import { assertViolationTransition } from './violation-lifecycle.js';

export interface NewViolation {
  agentId: string;
  versionId?: string | null;
  policyId?: string | null;
  severity: Severity;
  category: ViolationCategory;
  description: string;
  evidence: Prisma.InputJsonObject;
}

/**
 * Records a violation and its `violation.raised` event inside the caller's transaction. The one
 * path for violations raised by people, integrators, agents and the system itself (denied
 * actions, constitutional breaches on publish, and — for the budgets module — rejected spend).
 */
export async function recordViolation(tx: Tx, caller: Caller, data: NewViolation, options = { recomputeTrust: true }) {
  if (options.recomputeTrust) await lockAgentForTrust(tx, data.agentId);
  const violation = await tx.violation.create({
    data: {
      ...data,
      organizationId: caller.viewer.organizationId,
      raisedByType: caller.viewer.actorType,
      raisedById: caller.viewer.actorId,
    },
  });
  const [event] = appendEvents(tx, caller, [
    {
      verb: 'violation.raised',
      subjectType: 'Violation',
      subjectId: violation.id,
      agentId: violation.agentId,
      payload: {
        severity: violation.severity,
        category: violation.category,
        policyId: violation.policyId,
        versionId: violation.versionId,
      },
    },
  ]);
  if (options.recomputeTrust) {
    await recomputeTrust(tx, caller, violation.agentId, { verb: 'violation.raised', event: event ?? null });
  }
  return violation;
}

export interface RaiseViolation {
  agentId: string | null;
  versionId?: string | null;
  versionGiven: boolean;
  policyKey?: string | null;
  severity?: Severity | null;
  category: ViolationCategory;
  description: string;
  evidence: Prisma.InputJsonObject;
}

export function raiseViolation(caller: Caller, input: RaiseViolation) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    const agent = input.agentId ? await tx.agent.findFirst({ where: { id: input.agentId, organizationId } }) : null;
    // An agent's own key may only report about itself.
    if (!agent || !actsFor(caller.viewer, agent.id)) throw new NotFoundError('Agent');
    let versionId: string | null = null;
    if (input.versionGiven) {
      const version = input.versionId
        ? await tx.agentVersion.findFirst({ where: { id: input.versionId, agentId: agent.id } })
        : null;
      if (!version) throw ValidationError.of(['input', 'versionId'], 'must be a version of the agent');
      versionId = version.id;
    }
    const policy = input.policyKey
      ? await tx.policy.findUnique({ where: { organizationId_key: { organizationId, key: input.policyKey } } })
      : null;
    if (input.policyKey && !policy)
      throw ValidationError.of(['input', 'policyKey'], 'names no policy of your organization');
    const severity = input.severity ?? policy?.defaultSeverity;
    if (!severity) throw ValidationError.of(['input', 'severity'], 'is required when no policy gives a default');
    return recordViolation(tx, caller, {
      agentId: agent.id,
      versionId,
      policyId: policy?.id ?? null,
      severity,
      category: input.category,
      description: input.description,
      evidence: input.evidence,
    });
  });
}

const STEP = {
  ACKNOWLEDGED: { verb: 'violation.acknowledged', at: 'acknowledgedAt', by: 'acknowledgedBy' },
  RESOLVED: { verb: 'violation.resolved', at: 'resolvedAt', by: 'resolvedBy' },
  DISMISSED: { verb: 'violation.dismissed', at: 'dismissedAt', by: 'dismissedBy' },
} as const;

export function advanceViolation(
  caller: Caller,
  violationId: string | null,
  to: Exclude<ViolationStatus, 'OPEN'>,
  text?: { resolutionNote?: string; dismissalReason?: string },
) {
  return transact(async (tx) => {
    const id = await lockOwned(tx, 'Violation', violationId, caller.viewer.organizationId);
    const violation = id ? await tx.violation.findUniqueOrThrow({ where: { id } }) : null;
    if (!violation || !actsFor(caller.viewer, violation.agentId)) throw new NotFoundError('Violation');
    await lockAgentForTrust(tx, violation.agentId);
    assertViolationTransition(violation.status, to);
    const step = STEP[to];
    const updated = await tx.violation.update({
      where: { id: violation.id },
      data: { status: to, [step.at]: new Date(), [step.by]: caller.viewer.actorId, ...text },
    });
    const [event] = appendEvents(tx, caller, [
      {
        verb: step.verb,
        subjectType: 'Violation',
        subjectId: violation.id,
        agentId: violation.agentId,
        payload: { from: violation.status, to, severity: violation.severity, ...text },
      },
    ]);
    await recomputeTrust(tx, caller, violation.agentId, { verb: step.verb, event: event ?? null });
    return updated;
  });
}
