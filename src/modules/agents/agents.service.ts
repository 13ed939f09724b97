import { actsFor } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import type { Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { AgentCategory, AgentStatus } from '../../generated/prisma/enums.js';
import { NotFoundError, ValidationError } from '../../graphql/errors.js';
import { retireAgentDeployments } from '../deployments/retire.js';
import { recomputeTrust } from '../trust/trust.service.js';
import { closeActGate } from './act-gate.js';
import { assertAgentEditable, assertAgentTransition } from './agent-lifecycle.js';

export interface AgentFields {
  slug: string;
  name: string;
  description: string;
  category: AgentCategory;
  capabilities: string[];
  policyScopes: string[];
  tags: string[];
}

/** A reference to a user given by the client: its database id, or null when it cannot exist. */
export type UserRef = { id: string | null } | undefined;

const slugTaken = (slug: string) => `An agent with slug "${slug}" already exists.`;

/**
 * Loads an agent of the caller's organization, locking it for the rest of the transaction.
 * Another agent is as good as missing to an agent's own key (src/auth/agent-binding.ts).
 */
export async function lockAgent(tx: Tx, caller: Caller, agentId: string | null) {
  const id = await lockOwned(tx, 'Agent', agentId, caller.viewer.organizationId);
  if (!id || !actsFor(caller.viewer, id)) throw new NotFoundError('Agent');
  return tx.agent.findUniqueOrThrow({ where: { id } });
}

async function resolveGovernor(tx: Tx, caller: Caller, governor: UserRef): Promise<string> {
  const userId = governor ? governor.id : caller.viewer.userId;
  const path = ['input', 'governorId'];
  if (!governor && !userId) throw ValidationError.of(path, 'is required: every agent needs an accountable governor');
  // FOR SHARE: a concurrent removeMember (which locks the membership FOR UPDATE, then counts the
  // agents the member governs) waits for this agent to commit, or this finds the member gone.
  const member = userId
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Membership"
         WHERE "organizationId" = ${caller.viewer.organizationId}::uuid AND "userId" = ${userId}::uuid FOR SHARE`
    : [];
  if (member.length === 0 || !userId) throw ValidationError.of(path, 'must be a member of your organization');
  return userId;
}

export function createAgent(caller: Caller, fields: AgentFields, governor: UserRef) {
  return transact(async (tx) => {
    const governorId = await resolveGovernor(tx, caller, governor);
    const agent = await uniquely(
      tx.agent.create({
        data: { ...fields, governorId, organizationId: caller.viewer.organizationId },
      }),
      slugTaken(fields.slug),
    );
    const [event] = appendEvents(tx, caller, [
      {
        verb: 'agent.created',
        subjectType: 'Agent',
        subjectId: agent.id,
        agentId: agent.id,
        payload: { slug: agent.slug, name: agent.name, governorId },
      },
    ]);
    // A new agent starts from the organization's stated prior.
    await recomputeTrust(tx, caller, agent.id, { verb: 'agent.created', event: event ?? null });
    return agent;
  });
}

export function updateAgent(caller: Caller, agentId: string | null, patch: Partial<AgentFields>, governor: UserRef) {
  return transact(async (tx) => {
    const agent = await lockAgent(tx, caller, agentId);
    assertAgentEditable(agent.status);
    const governorId = governor ? await resolveGovernor(tx, caller, governor) : undefined;
    const data = Object.fromEntries(Object.entries({ ...patch, governorId }).filter(([, v]) => v != null));
    const updated = await uniquely(
      tx.agent.update({ where: { id: agent.id }, data }),
      slugTaken(patch.slug ?? agent.slug),
    );
    appendEvents(tx, caller, [
      {
        verb: 'agent.updated',
        subjectType: 'Agent',
        subjectId: agent.id,
        agentId: agent.id,
        payload: { changed: Object.keys(data).sort() },
      },
    ]);
    return updated;
  });
}

const STATUS_VERBS = { ACTIVE: 'agent.reactivated', SUSPENDED: 'agent.suspended', RETIRED: 'agent.retired' } as const;

export function changeAgentStatus(
  caller: Caller,
  agentId: string | null,
  to: Exclude<AgentStatus, 'DRAFT'>,
  reason: string | null,
) {
  return transact(async (tx) => {
    // Stopping an agent waits for its acts in flight (act-gate.ts); reactivating need not.
    if (to !== 'ACTIVE') await closeActGate(tx, caller.viewer.organizationId);
    const agent = await lockAgent(tx, caller, agentId);
    assertAgentTransition(agent.status, to);
    const updated = await tx.agent.update({ where: { id: agent.id }, data: { status: to } });
    // A retired agent runs nowhere any more.
    if (to === 'RETIRED') await retireAgentDeployments(tx, caller, agent.id, 'the agent was retired');
    appendEvents(tx, caller, [
      {
        verb: STATUS_VERBS[to],
        subjectType: 'Agent',
        subjectId: agent.id,
        agentId: agent.id,
        payload: { from: agent.status, to, reason },
      },
    ]);
    return updated;
  });
}
