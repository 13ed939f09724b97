// The emergency stop: halt named agents, or the whole organization, in one transaction with its
// events; resume lifts it. What a halt refuses is decided by haltRefusal (halt.ts).
import { refuseAgentKey } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import type { Tx } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { ConflictError, NotFoundError } from '../../graphql/errors.js';
import { closeActGate } from './act-gate.js';

/** The named agents, locked in id order; every one must be the caller's organization's. */
async function namedAgents(tx: Tx, caller: Caller, agentIds: (string | null)[]) {
  const ids = [...new Set(agentIds)];
  if (ids.some((id) => id === null)) throw new NotFoundError('Agent');
  const found = await tx.$queryRaw<{ id: string; haltedAt: Date | null }[]>`
    SELECT id, "haltedAt" FROM "Agent"
     WHERE id = ANY(${ids}::uuid[]) AND "organizationId" = ${caller.viewer.organizationId}::uuid
     ORDER BY id FOR UPDATE`;
  if (found.length !== ids.length) throw new NotFoundError('Agent');
  return found;
}

/** Sets (reason given) or clears (null) the halt of the organization or of `agentIds`, with events. */
function setHalt(caller: Caller, agentIds: (string | null)[] | null, reason: string | null) {
  const { organizationId } = caller.viewer;
  refuseAgentKey(caller.viewer, reason === null ? 'lift an emergency stop' : 'call an emergency stop');
  const data = { haltedAt: reason === null ? null : new Date(), haltReason: reason };
  const payload = reason === null ? {} : { reason };
  return transact(async (tx) => {
    // A halt waits for the acts already deciding (act-gate.ts); lifting one need not.
    if (reason !== null) await closeActGate(tx, organizationId);
    if (!agentIds) {
      // A conditional update, so that of two resumes at once only one finds the halt to lift.
      const lifted = await tx.organization.updateMany({
        where: { id: organizationId, ...(reason === null ? { haltedAt: { not: null } } : {}) },
        data,
      });
      if (lifted.count === 0) throw new ConflictError('The organization is not halted.');
      const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
      appendEvents(tx, caller, [
        {
          verb: reason === null ? 'organization.resumed' : 'organization.halted',
          subjectType: 'Organization',
          subjectId: organizationId,
          payload,
        },
      ]);
      return { organization, agentIds: [] as string[] };
    }
    const agents = await namedAgents(tx, caller, agentIds);
    if (reason === null && agents.some((a) => !a.haltedAt))
      throw new ConflictError('Only halted agents can be resumed.');
    const ids = agents.map((a) => a.id);
    await tx.agent.updateMany({ where: { id: { in: ids } }, data });
    appendEvents(
      tx,
      caller,
      ids.map((id) => ({
        verb: reason === null ? 'agent.resumed' : 'agent.halted',
        subjectType: 'Agent',
        subjectId: id,
        agentId: id,
        payload,
      })),
    );
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    return { organization, agentIds: ids };
  });
}

/** Halts `agentIds` (all given must be yours), or with none the whole organization. */
export function haltAgents(caller: Caller, input: { reason: string; agentIds: (string | null)[] | null }) {
  return setHalt(caller, input.agentIds, input.reason);
}

/** Lifts the halt of `agentIds`, or with none the organization's own (agents halted by name stay halted). */
export function resumeAgents(caller: Caller, input: { agentIds: (string | null)[] | null }) {
  return setHalt(caller, input.agentIds, null);
}
