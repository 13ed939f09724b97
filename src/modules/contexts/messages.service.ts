// Messages between the participants of a context. Each passes a governance decision (action
// `context.message`, the content as the resource, `context.message:<TYPE>` as the scope); the
// decision is stored with the message. REQUIRES_APPROVAL stores nothing but the approval request
// (ApprovalRequiredError; send again with its id once approved). A DENY keeps the message, marked blocked, raises a
// violation, and is never delivered (contextMessageAdded only carries posted messages).
import { actsFor } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import type { Prisma } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { MessageType } from '../../generated/prisma/enums.js';
import { NotFoundError, ValidationError } from '../../graphql/errors.js';
import { holdActGate } from '../agents/act-gate.js';
import { assertNotHalted } from '../agents/halt.js';
import { governedDecisionIn, refuseUnlessApproved } from '../decisions/decisions.service.js';
import { violationFiling } from '../decisions/evaluate.js';
import { recordViolation } from '../violations/violations.service.js';
import { assertWritable } from './context-lifecycle.js';
import { contextEvent, shareContext } from './contexts.service.js';

export interface NewMessage {
  contextId: string | null;
  fromAgentId: string | null;
  toAgentIds: (string | null)[];
  type: MessageType;
  content: Prisma.InputJsonValue;
  replyToId: string | null;
  replyGiven: boolean;
  /** The approval request this message proceeds with (undefined: none named). */
  approvalRequestId?: string | null;
}

export function postContextMessage(caller: Caller, input: NewMessage) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    const context = await shareContext(tx, caller, input.contextId);
    await holdActGate(tx, organizationId);
    // An agent's own key speaks only for itself (it may still address the other participants).
    if (!input.fromAgentId || !actsFor(caller.viewer, input.fromAgentId)) throw new NotFoundError('Agent');
    assertWritable(context.status, 'message');
    const sender = context.participants.find((p) => p.agentId === input.fromAgentId);
    if (!sender) throw ValidationError.of(['input', 'fromAgentId'], 'must be a participant of the context');
    if (sender.role === 'OBSERVER')
      throw ValidationError.of(['input', 'fromAgentId'], 'is an OBSERVER: observers cannot send');
    const issues = input.toAgentIds.flatMap((id, i) =>
      context.participants.some((p) => p.agentId === id)
        ? []
        : [{ path: ['input', 'toAgentIds', String(i)], message: 'must be a participant of the context' }],
    );
    if (issues.length) throw new ValidationError(issues);
    if (input.replyGiven) {
      const original = input.replyToId
        ? await tx.contextMessage.findFirst({ where: { id: input.replyToId, contextId: context.id } })
        : null;
      if (!original) throw ValidationError.of(['input', 'replyToId'], 'must be a message of the same context');
    }

    const agent = await tx.agent.findUniqueOrThrow({
      where: { id: sender.agentId },
      include: { currentVersion: true },
    });
    // A halted agent's message is refused outright: nothing is stored, no violation is raised.
    await assertNotHalted(tx, agent);
    const decision = await governedDecisionIn(
      tx,
      caller,
      agent,
      {
        action: 'context.message',
        scopes: [`context.message:${input.type}`],
        estimatedCost: null,
        resource: null,
        content: input.content,
      },
      'MESSAGE',
      input.approvalRequestId,
    );
    // Needs approval: nothing is stored but the request; send again with its id once approved.
    refuseUnlessApproved(decision);
    const blocked = decision.outcome === 'DENY';
    const stored: Prisma.InputJsonObject = {
      outcome: decision.outcome,
      reasons: decision.reasons,
      policies: decision.matches.map((m) => m.policy.key),
      approvalRequestId: decision.approvalRequest?.id ?? null,
    };
    let violationId: string | null = null;
    if (blocked) {
      const violation = await recordViolation(tx, caller, {
        agentId: agent.id,
        versionId: agent.currentVersionId,
        ...violationFiling(decision),
        description: `Message blocked in context "${context.name}": ${decision.reasons.join('; ')}`,
        evidence: { contextId: context.id, type: input.type, decision: stored },
      });
      violationId = violation.id;
    }
    const message = await tx.contextMessage.create({
      data: {
        organizationId,
        contextId: context.id,
        fromAgentId: agent.id,
        toAgentIds: input.toAgentIds as string[],
        type: input.type,
        content: input.content,
        replyToId: input.replyToId,
        blocked,
        decision: stored,
        violationId,
      },
    });
    appendEvents(tx, caller, [
      {
        ...contextEvent(
          blocked ? 'context.message_blocked' : 'context.message_posted',
          context,
          { messageId: message.id, type: message.type, toAgentIds: message.toAgentIds, outcome: decision.outcome },
          agent.id,
        ),
        subjectType: 'ContextMessage',
        subjectId: message.id,
      },
    ]);
    return message;
  });
}
