import { prisma } from '../../db/client.js';
import { TrialStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import type { RequestContext } from '../../graphql/context.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { requestLoader } from '../../graphql/loaders.js';
import { tenantOf } from '../../graphql/tenant.js';
import { AgentCategoryEnum } from '../agents/agent.type.js';
import { TrustTierEnum } from '../trust/trust-score.type.js';
import { daysRemaining, statusOf } from './trial-lifecycle.js';

export const TrialStatusEnum = builder.enumType(TrialStatus, {
  name: 'TrialStatus',
  description: 'ACTIVE → COMPLETED, CONVERTED, CANCELLED or EXPIRED (from the moment expiresAt passes).',
});

/** A customer's JWT sees their own trials only. */
export const customerScope = (ctx: RequestContext) =>
  ctx.viewer?.customerId ? { customerId: ctx.viewer.customerId } : {};

interface TrialStats {
  started: number;
  converted: number;
}
const statsLoader = (ctx: RequestContext) =>
  requestLoader<TrialStats>(ctx, 'trialStats', async (agentIds) => {
    const rows = await prisma.trial.groupBy({
      by: ['agentId', 'status'],
      where: { organizationId: tenantOf(ctx), agentId: { in: [...agentIds] } },
      _count: { _all: true },
    });
    return agentIds.map((id) => {
      const mine = rows.filter((r) => r.agentId === id);
      return {
        started: mine.reduce((n, r) => n + r._count._all, 0),
        converted: mine.find((r) => r.status === 'CONVERTED')?._count._all ?? 0,
      };
    });
  });

const TrialStatsType = builder.objectRef<TrialStats>('TrialStats').implement({
  fields: (t) => ({
    started: t.exposeInt('started', { description: 'Trials ever started.' }),
    converted: t.exposeInt('converted'),
    conversionRate: t.float({ resolve: (s) => (s.started ? s.converted / s.started : 0) }),
  }),
});

/** The public face of an agent offered for trial: what a customer may see. */
export const MarketplaceAgentType = builder.prismaObject('Agent', {
  variant: 'MarketplaceAgent',
  description: 'An ACTIVE agent with a published version, as customers see it.',
  authScopes: { scope: 'marketplace:read' },
  fields: (t) => ({
    id: t.id({
      description: 'The agent’s global ID (use it with startTrial).',
      resolve: (a) => encodeGlobalId('Agent', a.id),
    }),
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    category: t.expose('category', { type: AgentCategoryEnum }),
    tags: t.exposeStringList('tags'),
    version: t.string({
      nullable: true,
      description: 'The published version (semver).',
      select: { currentVersion: { select: { semver: true } } },
      resolve: (a) => a.currentVersion?.semver ?? null,
    }),
    trustTier: t.field({
      type: TrustTierEnum,
      nullable: true,
      select: { currentTrustScore: { select: { tier: true } } },
      resolve: (a) => a.currentTrustScore?.tier ?? null,
    }),
    trialStats: t.field({ type: TrialStatsType, resolve: (a, _args, ctx) => statsLoader(ctx).load(a.id) }),
  }),
});

export const TrialDeliverableType = builder.prismaNode('TrialDeliverable', {
  id: { field: 'id' },
  nullable: true,
  description: 'What a trial produced for the customer. It stays theirs whatever becomes of the trial.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'trials:read'), trial: customerScope(ctx) }),
  authScopes: { scope: 'trials:read' },
  fields: (t) => ({
    title: t.exposeString('title'),
    content: t.exposeString('content', { nullable: true }),
    url: t.exposeString('url', { nullable: true }),
    task: t.relation('task', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const TrialType = builder.prismaNode('Trial', {
  id: { field: 'id' },
  nullable: true,
  description: 'A customer trying an agent in a sandbox, with a capped budget.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'trials:read'), ...customerScope(ctx) }),
  authScopes: { scope: 'trials:read' },
  fields: (t) => ({
    agent: t.relation('agent', { description: 'The agent (needs agents:read; customers use `listing`).' }),
    listing: t.relation('agent', { type: MarketplaceAgentType, description: 'The agent as the marketplace shows it.' }),
    customer: t.relation('customer', { description: 'Needs customers:read.' }),
    status: t.field({
      type: TrialStatusEnum,
      select: { status: true, expiresAt: true },
      resolve: (trial) => statusOf(trial),
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      select: { status: true, expiresAt: true, endedAt: true },
      resolve: (trial) => trial.endedAt ?? (statusOf(trial) === 'EXPIRED' ? trial.expiresAt : null),
    }),
    daysRemaining: t.int({
      description: 'Whole days left, rounded up; 0 once the trial has ended.',
      select: { status: true, expiresAt: true },
      resolve: (trial) => daysRemaining(trial),
    }),
    cancelReason: t.exposeString('cancelReason', { nullable: true }),
    planReference: t.exposeString('planReference', { nullable: true }),
    deliverables: t.relatedConnection('deliverables', {
      description: 'Deliverables, oldest first.',
      cursor: 'id',
      totalCount: true,
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    tasks: t.relatedConnection('tasks', {
      description: 'Sandbox tasks run in the trial (needs tasks:read).',
      authScopes: { scope: 'tasks:read' },
      cursor: 'id',
      totalCount: true,
      query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
