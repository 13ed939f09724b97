// Decisions are recorded like a decision log: every evaluation appends `decision.recorded`,
// every report `action.reported`; a reported action that policy denies raises a violation.
import { actsFor } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import type { Prisma, Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { CommitThenThrow, transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Agent, AgentVersion, ApprovalRequest } from '../../generated/prisma/client.js';
import { ApprovalRequiredError, NotFoundError } from '../../graphql/errors.js';
import { holdActGate } from '../agents/act-gate.js';
import { lockAgent } from '../agents/agents.service.js';
import { haltRefusalIn } from '../agents/halt.js';
import { type ApprovalSource, openApproval, useApproval } from '../approvals/approvals.service.js';
import { recomputeTrust } from '../trust/trust.service.js';
import { recordViolation } from '../violations/violations.service.js';
import { type Decision, evaluate, type ProposedAction, violationFiling } from './evaluate.js';

/** Events that count as an agent's decisions for RATE_LIMIT policies. */
const DECISION_VERBS = ['decision.recorded', 'action.reported', 'context.message_posted', 'context.message_blocked'];

/**
 * The policy decision for `agent` proposing `act`, inside the caller's transaction (which also
 * serializes the agent's decisions when a rate limit applies). Records nothing: the caller does.
 */
export async function evaluateIn(
  tx: Tx,
  caller: Caller,
  found: Agent & { currentVersion: AgentVersion | null },
  act: ProposedAction,
): Promise<Decision> {
  const { organizationId } = caller.viewer;
  // Behind the act gate, before the agent's lock below (act-gate.ts).
  const halt = await haltRefusalIn(tx, organizationId, found.id);
  const policies = await tx.policy.findMany({ where: { organizationId, enabled: true }, orderBy: { key: 'asc' } });
  const windows = policies
    .filter((p) => p.kind === 'RATE_LIMIT')
    .map((p) => (p.rules as { windowSeconds: number }).windowSeconds);
  const now = Date.now();
  let recent: Date[] = [];
  if (windows.length) {
    // Serialize this agent's decisions so concurrent callers cannot both slip under a limit.
    await lockAgent(tx, caller, found.id);
    const rows = await tx.activityEvent.findMany({
      where: {
        organizationId,
        agentId: found.id,
        verb: { in: DECISION_VERBS },
        occurredAt: { gte: new Date(now - Math.max(...windows) * 1000) },
      },
      select: { occurredAt: true },
    });
    recent = rows.map((r) => r.occurredAt);
  }
  return evaluate(
    {
      agent: found,
      halt,
      policies,
      recentActions: (seconds) => recent.filter((t) => t.getTime() >= now - seconds * 1000).length,
    },
    act,
  );
}

export type GovernedDecision = Decision & { approvalRequest: ApprovalRequest | null };

/**
 * The decision for `act` with people in the loop: what policy answers (evaluateIn) and, where it
 * answers REQUIRES_APPROVAL, the approval request — the one named by `approvalRequestId` (which
 * may turn the answer into ALLOW, once, or DENY), or a new one. Approval never lifts a DENY.
 */
export async function governedDecisionIn(
  tx: Tx,
  caller: Caller,
  found: Agent & { currentVersion: AgentVersion | null },
  act: ProposedAction,
  source: ApprovalSource,
  approvalRequestId: string | null | undefined,
): Promise<GovernedDecision> {
  const decision = await evaluateIn(tx, caller, found, act);
  if (decision.outcome !== 'REQUIRES_APPROVAL') return { ...decision, approvalRequest: null };
  if (approvalRequestId === undefined)
    return { ...decision, approvalRequest: await openApproval(tx, caller, found.id, source, act, decision) };
  const { answer, request } = await useApproval(tx, caller, found.id, approvalRequestId, act);
  return {
    ...decision,
    outcome: answer.outcome,
    reasons: [...decision.reasons, answer.reason],
    approvalRequest: request && request.agentId === found.id ? request : null,
  };
}

/**
 * For a write that policy governs (a message, a task): a REQUIRES_APPROVAL decision refuses it,
 * committing the approval request and the decision's events, with an ApprovalRequiredError.
 */
export function refuseUnlessApproved(decision: GovernedDecision): void {
  if (decision.outcome === 'REQUIRES_APPROVAL' && decision.approvalRequest)
    throw new CommitThenThrow(new ApprovalRequiredError(decision.approvalRequest.id, decision.reasons));
}

export async function decide(
  caller: Caller,
  agentId: string | null,
  act: ProposedAction & { description?: string | null; succeeded?: boolean | null },
  mode: 'evaluate' | 'report',
  /** The approval request the agent proceeds with (null: named but not an ApprovalRequest id). */
  approvalRequestId?: string | null,
) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    // The act gate before the agent is read (act-gate.ts).
    await holdActGate(tx, organizationId);
    // Locked, then read: a transaction that changed the agent meanwhile (a violation that
    // suspended it below trust.minimumOverall) has committed, and this decision sees it. The same
    // FOR UPDATE lockAgentForTrust takes (trust.service), taken before anything references the agent.
    const locked = await lockOwned(tx, 'Agent', agentId, organizationId);
    const found = locked
      ? await tx.agent.findUnique({ where: { id: locked }, include: { currentVersion: true } })
      : null;
    if (!found || !actsFor(caller.viewer, found.id)) throw new NotFoundError('Agent');
    const decision = await governedDecisionIn(
      tx,
      caller,
      found,
      act,
      mode === 'report' ? 'REPORT' : 'EVALUATE',
      approvalRequestId,
    );
    const payload: Prisma.InputJsonObject = {
      ...(mode === 'report' ? { succeeded: act.succeeded !== false } : {}),
      action: act.action,
      scopes: act.scopes,
      estimatedCost: act.estimatedCost,
      resource: act.resource,
      outcome: decision.outcome,
      reasons: decision.reasons,
      policies: decision.matches.map((m) => m.policy.key),
      approvalRequestId: decision.approvalRequest?.id ?? null,
    };
    const [event] = appendEvents(tx, caller, [
      {
        verb: mode === 'report' ? 'action.reported' : 'decision.recorded',
        subjectType: 'Agent',
        subjectId: found.id,
        agentId: found.id,
        payload,
      },
    ]);
    let violation = null;
    if (mode === 'report' && decision.outcome === 'DENY') {
      violation = await recordViolation(tx, caller, {
        agentId: found.id,
        versionId: found.currentVersionId,
        ...violationFiling(decision),
        description: `Reported action "${act.action}" breaks policy: ${decision.reasons.join('; ')}`,
        evidence: { ...payload, description: act.description ?? null },
      });
    }
    // A reported action is a trust input (reliability); a violation recomputes trust itself.
    if (mode === 'report' && !violation) {
      await recomputeTrust(tx, caller, found.id, { verb: 'action.reported', event: event ?? null });
    }
    return { ...decision, violation };
  });
}
