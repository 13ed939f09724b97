// Approval requests: opened when policy answers REQUIRES_APPROVAL, decided by a person with
// `approvals:decide`, used once by the agent that asked. Which request answers which action is
// approval-match.ts's rule; this file stores and moves requests, each step with its event.
//
// Locks: an approval request row is a subject row (src/db/transaction.ts order 1–2): decide locks
// it alone; using it happens after the agent row is locked by the decision that uses it.
import { refuseAgentKey } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { ApprovalRequest } from '../../generated/prisma/client.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../graphql/errors.js';
import type { Decision, ProposedAction } from '../decisions/evaluate.js';
import { approvalAnswer, contentDigest, effectiveStatus } from './approval-match.js';

/** Where a decision that needs approval was asked. */
export type ApprovalSource = 'EVALUATE' | 'REPORT' | 'MESSAGE' | 'TASK';

const approvalEvent = (verb: string, request: ApprovalRequest, payload: Record<string, unknown> = {}) => ({
  verb,
  subjectType: 'ApprovalRequest',
  subjectId: request.id,
  agentId: request.agentId,
  payload: { approvalRequestId: request.id, ...payload } as Record<string, string | string[] | null>,
});

/** Opens a request for `act` that `decision` says needs approval (in the caller's transaction). */
export async function openApproval(
  tx: Tx,
  caller: Caller,
  agentId: string,
  source: ApprovalSource,
  act: ProposedAction,
  decision: Decision,
): Promise<ApprovalRequest> {
  const now = clock.now();
  const request = await tx.approvalRequest.create({
    data: {
      organizationId: caller.viewer.organizationId,
      agentId,
      source,
      action: act.action,
      scopes: act.scopes,
      resource: act.resource,
      contentDigest: contentDigest(act.content),
      costCeiling: act.estimatedCost,
      reasons: decision.reasons,
      policyKeys: decision.matches.filter((m) => m.outcome === 'REQUIRES_APPROVAL').map((m) => m.policy.key),
      requestedByType: caller.viewer.actorType,
      requestedById: caller.viewer.actorId,
      requestedAt: now,
      expiresAt: new Date(now.getTime() + config().APPROVAL_TTL_SECONDS * 1000),
    },
  });
  appendEvents(tx, caller, [
    approvalEvent('approval.requested', request, {
      source,
      action: act.action,
      scopes: act.scopes,
      resource: act.resource,
      estimatedCost: act.estimatedCost,
      reasons: decision.reasons,
      policies: request.policyKeys,
      expiresAt: request.expiresAt.toISOString(),
    }),
  ]);
  return request;
}

/**
 * What the request `id` answers for `act` by `agentId`, marking it USED when it allows (once:
 * the update is conditional on APPROVED, so of two concurrent uses one finds it USED).
 */
export async function useApproval(tx: Tx, caller: Caller, agentId: string, id: string | null, act: ProposedAction) {
  const now = clock.now();
  const request = id
    ? await tx.approvalRequest.findFirst({ where: { id, organizationId: caller.viewer.organizationId } })
    : null;
  const answer = approvalAnswer(request, agentId, act, now);
  if (answer.outcome !== 'ALLOW' || !request) return { answer, request };
  const { count } = await tx.approvalRequest.updateMany({
    where: { id: request.id, status: 'APPROVED', expiresAt: { gt: now } },
    data: { status: 'USED', usedAt: now },
  });
  if (count === 0)
    return { answer: { outcome: 'DENY', reason: `approval request ${request.id} was already used` } as const, request };
  appendEvents(tx, caller, [approvalEvent('approval.used', request, { action: act.action })]);
  return { answer, request: { ...request, status: 'USED' as const, usedAt: now } };
}

/** A person approves or denies a pending request, with a note; never their own request. */
export function decideApproval(caller: Caller, id: string | null, approve: boolean, note: string | null) {
  const { organizationId, actorType, actorId } = caller.viewer;
  refuseAgentKey(caller.viewer, 'decide approval requests');
  return transact(async (tx) => {
    const locked = await lockOwned(tx, 'ApprovalRequest', id, organizationId);
    if (!locked) throw new NotFoundError('ApprovalRequest');
    const request = await tx.approvalRequest.findUniqueOrThrow({ where: { id: locked } });
    const to = approve ? 'APPROVED' : 'DENIED';
    const now = clock.now();
    const status = effectiveStatus(request, now);
    if (status !== 'PENDING') throw new InvalidTransitionError('ApprovalRequest', status, to);
    if (request.requestedByType === actorType && request.requestedById === actorId)
      throw new ConflictError('You asked for this approval; someone else must decide it.');
    const decided = await tx.approvalRequest.update({
      where: { id: request.id },
      data: { status: to, decidedByType: actorType, decidedById: actorId, decidedAt: now, decisionNote: note },
    });
    appendEvents(tx, caller, [
      approvalEvent(approve ? 'approval.approved' : 'approval.denied', decided, {
        note,
        requestedByType: request.requestedByType,
        requestedById: request.requestedById,
      }),
    ]);
    return decided;
  });
}
