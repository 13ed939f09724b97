// Contexts: who takes part (ACTIVE agents of the organization), in which role, and the
// context's lifecycle. Every change appends its event in the same transaction.

import type { Caller } from '../../auth/viewer.js';
import type { Prisma, Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents, type NewEvent } from '../../events/append.js';
import type { CollaborationModel, ContextStatus, ParticipantRole } from '../../generated/prisma/enums.js';
import { ConflictError, NotFoundError, ValidationError } from '../../graphql/errors.js';
import { assertContextTransition, assertWritable } from './context-lifecycle.js';
import { MAX_PARTICIPANTS } from './contexts.validation.js';

export const contextEvent = (
  verb: string,
  context: { id: string },
  payload: Prisma.InputJsonObject = {},
  agentId: string | null = null,
): NewEvent => ({
  verb,
  subjectType: 'AgentContext',
  subjectId: context.id,
  agentId,
  payload: { contextId: context.id, ...payload },
});

/** Loads a context of the caller's organization, locked for the rest of the transaction. */
export async function lockContext(tx: Tx, caller: Caller, contextId: string | null) {
  const id = await lockOwned(tx, 'AgentContext', contextId, caller.viewer.organizationId);
  if (!id) throw new NotFoundError('AgentContext');
  return tx.agentContext.findUniqueOrThrow({ where: { id }, include: { participants: true } });
}

/**
 * A context of the caller's organization that a message is posted to or a task created in,
 * locked FOR SHARE for the rest of the transaction: posts do not wait for each other, but a
 * close, pause or participant removal (lockContext) waits for them to commit, and they for it —
 * so what is checked here (open, the sender takes part) still holds when the row is stored.
 */
export async function shareContext(tx: Tx, caller: Caller, contextId: string | null) {
  const id = await lockOwned(tx, 'AgentContext', contextId, caller.viewer.organizationId, 'SHARE');
  if (!id) throw new NotFoundError('AgentContext');
  return tx.agentContext.findUniqueOrThrow({ where: { id }, include: { participants: true } });
}

/** The ACTIVE agents among `ids`; any other id is a validation issue at `path(i)`. */
async function activeAgents(tx: Tx, caller: Caller, ids: (string | null)[], path: (i: number) => string[]) {
  const found = await tx.agent.findMany({
    where: { id: { in: ids.filter((id): id is string => !!id) }, organizationId: caller.viewer.organizationId },
    select: { id: true, status: true },
  });
  const issues = ids.flatMap((id, i) => {
    const agent = found.find((a) => a.id === id);
    if (!agent) return [{ path: path(i), message: 'names no agent of your organization' }];
    if (agent.status !== 'ACTIVE') return [{ path: path(i), message: `the agent is ${agent.status}, not ACTIVE` }];
    return [];
  });
  if (issues.length) throw new ValidationError(issues);
}

export interface NewContext {
  name: string;
  collaborationModel: CollaborationModel;
  metadata: Prisma.InputJsonObject;
  participants: { agentId: string | null; role: ParticipantRole }[];
}

export function createContext(caller: Caller, input: NewContext) {
  const { organizationId, actorType, actorId } = caller.viewer;
  return transact(async (tx) => {
    await activeAgents(
      tx,
      caller,
      input.participants.map((p) => p.agentId),
      (i) => ['input', 'participants', String(i), 'agentId'],
    );
    const context = await tx.agentContext.create({
      data: {
        organizationId,
        name: input.name,
        collaborationModel: input.collaborationModel,
        metadata: input.metadata,
        createdByType: actorType,
        createdById: actorId,
        participants: { create: input.participants.map((p) => ({ agentId: p.agentId as string, role: p.role })) },
        stateRevisions: { create: { revision: 0, state: {}, actorType, actorId } },
      },
    });
    appendEvents(tx, caller, [
      contextEvent('context.created', context, {
        name: context.name,
        collaborationModel: context.collaborationModel,
        participants: input.participants.map((p) => ({ agentId: p.agentId, role: p.role })),
      }),
    ]);
    return context;
  });
}

export function updateContext(
  caller: Caller,
  contextId: string | null,
  patch: { name?: string | null; metadata?: Prisma.InputJsonObject | null },
) {
  return transact(async (tx) => {
    const context = await lockContext(tx, caller, contextId);
    assertWritable(context.status);
    const data = {
      ...(patch.name != null ? { name: patch.name } : {}),
      ...(patch.metadata != null ? { metadata: patch.metadata } : {}),
    };
    const updated = await tx.agentContext.update({ where: { id: context.id }, data });
    appendEvents(tx, caller, [contextEvent('context.updated', context, { changed: Object.keys(data) })]);
    return updated;
  });
}

export function addContextParticipant(
  caller: Caller,
  contextId: string | null,
  agentId: string | null,
  role: ParticipantRole,
) {
  return transact(async (tx) => {
    const context = await lockContext(tx, caller, contextId);
    assertWritable(context.status);
    await activeAgents(tx, caller, [agentId], () => ['input', 'agentId']);
    if (context.participants.some((p) => p.agentId === agentId))
      throw new ConflictError('The agent already takes part in this context.');
    if (role === 'LEAD' && context.participants.some((p) => p.role === 'LEAD'))
      throw new ConflictError('The context already has a LEAD.');
    if (context.participants.length >= MAX_PARTICIPANTS)
      throw new ConflictError(`A context has at most ${MAX_PARTICIPANTS} participants.`);
    await tx.contextParticipant.create({ data: { contextId: context.id, agentId: agentId as string, role } });
    appendEvents(tx, caller, [contextEvent('context.participant_added', context, { role }, agentId)]);
    return tx.agentContext.findUniqueOrThrow({ where: { id: context.id } });
  });
}

export function removeContextParticipant(caller: Caller, contextId: string | null, agentId: string | null) {
  return transact(async (tx) => {
    const context = await lockContext(tx, caller, contextId);
    assertWritable(context.status);
    const participant = context.participants.find((p) => p.agentId === agentId);
    if (!participant) throw new NotFoundError('ContextParticipant');
    if (context.participants.length === 1) throw new ConflictError('A context keeps at least one participant.');
    if (context.collaborationModel === 'HIERARCHICAL' && participant.role === 'LEAD')
      throw new ConflictError('A HIERARCHICAL context keeps its LEAD; add another model or close the context.');
    await tx.contextParticipant.delete({ where: { id: participant.id } });
    appendEvents(tx, caller, [
      contextEvent('context.participant_removed', context, { role: participant.role }, participant.agentId),
    ]);
    return tx.agentContext.findUniqueOrThrow({ where: { id: context.id } });
  });
}

const STATUS_VERB = { PAUSED: 'context.paused', ACTIVE: 'context.resumed', CLOSED: 'context.closed' } as const;

export function changeContextStatus(caller: Caller, contextId: string | null, to: ContextStatus) {
  return transact(async (tx) => {
    const context = await lockContext(tx, caller, contextId);
    assertContextTransition(context.status, to);
    const updated = await tx.agentContext.update({
      where: { id: context.id },
      data: { status: to, ...(to === 'CLOSED' ? { closedAt: new Date() } : {}) },
    });
    appendEvents(tx, caller, [contextEvent(STATUS_VERB[to], context, { from: context.status, to })]);
    return updated;
  });
}

/**
 * Optimistic concurrency: the write succeeds only if the context is still at
 * `expectedRevision`; a stale writer gets a ConflictError and changes nothing. Every revision
 * is kept.
 */
export function persistContextState(
  caller: Caller,
  contextId: string | null,
  state: Prisma.InputJsonObject,
  expectedRevision: number,
) {
  const { organizationId, actorType, actorId } = caller.viewer;
  return transact(async (tx) => {
    const { count } = contextId
      ? await tx.agentContext.updateMany({
          where: { id: contextId, organizationId, revision: expectedRevision, status: { not: 'CLOSED' } },
          data: { state, revision: { increment: 1 } },
        })
      : { count: 0 };
    const context = contextId ? await tx.agentContext.findFirst({ where: { id: contextId, organizationId } }) : null;
    if (!context) throw new NotFoundError('AgentContext');
    if (count === 0) {
      assertWritable(context.status);
      throw new ConflictError(
        `The state is at revision ${context.revision}, not ${expectedRevision}: read it again and retry.`,
      );
    }
    await tx.contextStateRevision.create({
      data: { contextId: context.id, revision: context.revision, state, actorType, actorId },
    });
    appendEvents(tx, caller, [
      contextEvent('context.state_persisted', context, { revision: context.revision }, caller.viewer.agentId),
    ]);
    return context;
  });
}
