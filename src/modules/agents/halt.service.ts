// The emergency stop: halt named agents, or the whole organization, in one transaction with its
// events; resume lifts it. What a halt refuses is decided by haltRefusal (halt.ts).
import type { Caller } from '../../auth/viewer.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { ConflictError, NotFoundError } from '../../graphql/errors.js';

/** Halts `agentIds` (all given must be yours), or with none the whole organization. */
export function haltAgents(caller: Caller, input: { reason: string; agentIds: (string | null)[] | null }) {
  const { organizationId } = caller.viewer;
  const now = new Date();
  return transact(async (tx) => {
    if (!input.agentIds) {
      const organization = await tx.organization.update({
        where: { id: organizationId },
        data: { haltedAt: now, haltReason: input.reason },
      });
      appendEvents(tx, caller, [
        {
          verb: 'organization.halted',
          subjectType: 'Organization',
          subjectId: organizationId,
          payload: { reason: input.reason },
        },
      ]);
      return { organization, agentIds: [] as string[] };
    }
    const ids = [...new Set(input.agentIds)];
    const found = ids.every((id) => id !== null)
      ? await tx.agent.findMany({
          where: { id: { in: ids as string[] }, organizationId },
          select: { id: true },
          orderBy: { id: 'asc' },
        })
      : [];
    if (found.length !== ids.length) throw new NotFoundError('Agent');
    const agentIds = found.map((a) => a.id);
    await tx.agent.updateMany({ where: { id: { in: agentIds } }, data: { haltedAt: now, haltReason: input.reason } });
    appendEvents(
      tx,
      caller,
      agentIds.map((id) => ({
        verb: 'agent.halted',
        subjectType: 'Agent',
        subjectId: id,
        agentId: id,
        payload: { reason: input.reason },
      })),
    );
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    return { organization, agentIds };
  });
}

/** Lifts the halt of `agentIds`, or with none the organization's own (agents halted by name stay halted). */
export function resumeAgents(caller: Caller, input: { agentIds: (string | null)[] | null }) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    if (!input.agentIds) {
      const current = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
      if (!current.haltedAt) throw new ConflictError('The organization is not halted.');
      const organization = await tx.organization.update({
        where: { id: organizationId },
        data: { haltedAt: null, haltReason: null },
      });
      appendEvents(tx, caller, [
        { verb: 'organization.resumed', subjectType: 'Organization', subjectId: organizationId, payload: {} },
      ]);
      return { organization, agentIds: [] as string[] };
    }
    const ids = [...new Set(input.agentIds)];
    const found = ids.every((id) => id !== null)
      ? await tx.agent.findMany({ where: { id: { in: ids as string[] }, organizationId }, orderBy: { id: 'asc' } })
      : [];
    if (found.length !== ids.length) throw new NotFoundError('Agent');
    const halted = found.filter((a) => a.haltedAt);
    if (halted.length !== found.length) throw new ConflictError('Only halted agents can be resumed.');
    await tx.agent.updateMany({
      where: { id: { in: halted.map((a) => a.id) } },
      data: { haltedAt: null, haltReason: null },
    });
    appendEvents(
      tx,
      caller,
      halted.map((a) => ({ verb: 'agent.resumed', subjectType: 'Agent', subjectId: a.id, agentId: a.id, payload: {} })),
    );
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    return { organization, agentIds: halted.map((a) => a.id) };
  });
}
