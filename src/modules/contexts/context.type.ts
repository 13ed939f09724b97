import { prisma } from '../../db/client.js';
import type { Agent } from '../../generated/prisma/client.js';
import { CollaborationModel, ContextStatus, MessageType, ParticipantRole } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import type { RequestContext } from '../../graphql/context.js';
import { listOfAtMost } from '../../graphql/cost.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { requestLoader } from '../../graphql/loaders.js';
import { tenantOf } from '../../graphql/tenant.js';
import { AgentType } from '../agents/agent.type.js';
import { DecisionOutcomeEnum } from '../decisions/decision.type.js';
import { type ContextMetrics, contextMetrics, MESSAGES_PER_AGENT_SHOWN } from './context-metrics.js';
import { MAX_PARTICIPANTS } from './contexts.validation.js';

export const CollaborationModelEnum = builder.enumType(CollaborationModel, {
  name: 'CollaborationModel',
  description: 'How the participants are meant to take turns; recorded for the agents, not enforced.',
});
export const ParticipantRoleEnum = builder.enumType(ParticipantRole, {
  name: 'ParticipantRole',
  description: 'LEAD and MEMBER may send messages; OBSERVER only receives.',
});
export const ContextStatusEnum = builder.enumType(ContextStatus, {
  name: 'ContextStatus',
  description: 'ACTIVE ⇄ PAUSED (no messages); either → CLOSED, read-only for good.',
});
export const MessageTypeEnum = builder.enumType(MessageType, { name: 'MessageType' });

export const ContextParticipantType = builder.prismaObject('ContextParticipant', {
  fields: (t) => ({
    agent: t.relation('agent'),
    role: t.expose('role', { type: ParticipantRoleEnum }),
    joinedAt: t.expose('joinedAt', { type: 'DateTime' }),
  }),
});

const MessageDecision = builder
  .objectRef<{ outcome: 'ALLOW' | 'DENY' | 'REQUIRES_APPROVAL' | 'DOWNGRADE'; reasons: string[]; policies: string[] }>(
    'MessageDecision',
  )
  .implement({
    description: 'The governance decision the message passed (action `context.message`).',
    fields: (t) => ({
      outcome: t.field({ type: DecisionOutcomeEnum, resolve: (d) => d.outcome }),
      reasons: t.exposeStringList('reasons'),
      policyKeys: t.stringList({ resolve: (d) => d.policies }),
    }),
  });

// Recipients are ids in the message row: one query per request for all messages shown.
const agentLoader = (ctx: RequestContext) =>
  requestLoader<Agent | null>(ctx, 'agent', async (ids) => {
    const rows = await prisma.agent.findMany({ where: { id: { in: [...ids] }, organizationId: tenantOf(ctx) } });
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });

export const ContextMessageType = builder.prismaNode('ContextMessage', {
  id: { field: 'id' },
  nullable: true,
  description: 'A message between participants of a context.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'contexts:read') }),
  authScopes: { scope: 'contexts:read' },
  fields: (t) => ({
    context: t.relation('context'),
    from: t.relation('from'),
    to: t.field({
      type: [AgentType],
      description: 'The recipients; empty for a BROADCAST to every participant.',
      complexity: listOfAtMost(MAX_PARTICIPANTS),
      select: { toAgentIds: true },
      resolve: async (m, _args, ctx) =>
        (await agentLoader(ctx).loadMany(m.toAgentIds)).filter((a): a is Agent => !!a && !(a instanceof Error)),
    }),
    type: t.expose('type', { type: MessageTypeEnum }),
    content: t.expose('content', { type: 'JSON' }),
    replyTo: t.relation('replyTo', { nullable: true }),
    blocked: t.exposeBoolean('blocked', { description: 'Denied by policy: stored, not delivered.' }),
    decision: t.field({
      type: MessageDecision,
      select: { decision: true },
      resolve: (m) => m.decision as never,
    }),
    violationId: t.id({
      nullable: true,
      description: 'The violation a blocked message raised (global ID).',
      select: { violationId: true },
      resolve: (m) => (m.violationId ? encodeGlobalId('Violation', m.violationId) : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AgentCount = builder.objectRef<{ agentId: string; count: number }>('AgentMessageCount').implement({
  fields: (t) => ({
    agent: t.field({
      type: AgentType,
      nullable: true,
      resolve: (c, _args, ctx) => agentLoader(ctx).load(c.agentId),
    }),
    count: t.exposeInt('count'),
  }),
});

const ContextMetricsType = builder.objectRef<ContextMetrics>('ContextMetrics').implement({
  description: 'Computed from the messages and the spend ledger in one query.',
  fields: (t) => ({
    messageCount: t.exposeInt('messageCount', { description: 'Delivered messages (blocked ones excluded).' }),
    blockedMessageCount: t.exposeInt('blockedMessageCount'),
    messagesPerAgent: t.field({
      type: [AgentCount],
      description: `Delivered messages per sender, most first: the ${MESSAGES_PER_AGENT_SHOWN} senders with the most.`,
      complexity: listOfAtMost(MESSAGES_PER_AGENT_SHOWN),
      resolve: (m) => m.messagesPerAgent,
    }),
    averageResponseSeconds: t.exposeFloat('averageResponseSeconds', {
      nullable: true,
      description: 'Mean time from a REQUEST to a RESPONSE replying to it.',
    }),
    spend: t.field({ type: 'Decimal', resolve: (m) => m.spend, description: 'Settled spend with this contextId.' }),
    inputTokens: t.exposeInt('inputTokens'),
    outputTokens: t.exposeInt('outputTokens'),
    lastActivityAt: t.expose('lastActivityAt', { type: 'DateTime' }),
  }),
});

export const ContextStateRevisionType = builder.prismaObject('ContextStateRevision', {
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    state: t.expose('state', { type: 'JSON' }),
    actorType: t.exposeString('actorType'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const AgentContextType = builder.prismaNode('AgentContext', {
  id: { field: 'id' },
  nullable: true,
  description: 'A shared space where agents coordinate: participants, messages, persistent state and tasks.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'contexts:read') }),
  authScopes: { scope: 'contexts:read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    collaborationModel: t.expose('collaborationModel', { type: CollaborationModelEnum }),
    status: t.expose('status', { type: ContextStatusEnum }),
    metadata: t.expose('metadata', { type: 'JSON' }),
    state: t.expose('state', { type: 'JSON', description: 'The state at `revision`.' }),
    revision: t.exposeInt('revision', { description: 'Pass it as expectedRevision to persistContextState.' }),
    participants: t.relation('participants', {
      description: `At most ${MAX_PARTICIPANTS}, in the order they joined.`,
      complexity: listOfAtMost(MAX_PARTICIPANTS),
      query: { orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }] },
    }),
    messages: t.relatedConnection('messages', {
      description: 'The conversation, oldest first (use last/before for the most recent).',
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { position: 'asc' } },
    }),
    stateHistory: t.relatedConnection('stateRevisions', {
      description: 'Every persisted revision, newest first.',
      cursor: 'id',
      query: { orderBy: { revision: 'desc' } },
    }),
    metrics: t.field({
      type: ContextMetricsType,
      description: 'One query per request for every context shown.',
      select: { id: true },
      resolve: (c, _args, ctx) =>
        requestLoader<ContextMetrics>(ctx, 'contextMetrics', (ids) => contextMetrics(ids, tenantOf(ctx))).load(c.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
  }),
});
