import { clock } from '../../clock.js';
import { type Prisma, prisma } from '../../db/client.js';
import type { TrialStatus, TrustTier } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import type { RequestContext } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { AgentCategoryEnum } from '../agents/agent.type.js';
import { TrustTierEnum } from '../trust/trust-score.type.js';
import { customerScope, MarketplaceAgentType, TrialStatusEnum, TrialType } from './trial.type.js';

const TrialsFilter = builder.inputType('TrialsFilter', {
  fields: (t) => ({
    status: t.field({ type: [TrialStatusEnum], required: false, description: 'Any of these statuses.' }),
    agentId: t.globalID({ required: false }),
    customerId: t.globalID({ required: false }),
  }),
});

type Filter = typeof TrialsFilter.$inferInput | null | undefined;

/** The stored status, corrected by the clock: ACTIVE rows past expiresAt are EXPIRED. */
function statusWhere(statuses: TrialStatus[]): Prisma.TrialWhereInput {
  const now = clock.now();
  return {
    OR: statuses.flatMap((s): Prisma.TrialWhereInput[] =>
      s === 'ACTIVE'
        ? [{ status: 'ACTIVE', expiresAt: { gt: now } }]
        : s === 'EXPIRED'
          ? [{ status: 'EXPIRED' }, { status: 'ACTIVE', expiresAt: { lte: now } }]
          : [{ status: s }],
    ),
  };
}

function trialsWhere(ctx: RequestContext, filter: Filter): Prisma.TrialWhereInput {
  return {
    // The caller's reach and the filter are separate conditions, so no filter can widen the
    // reach (a customer filtering by another customer finds nothing, as for one that does not exist).
    AND: [
      { organizationId: tenantOf(ctx), ...customerScope(ctx) },
      {
        ...(filter?.agentId ? { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } : {}),
        ...(filter?.customerId ? { customerId: idFor('Customer', filter.customerId) ?? NIL_UUID } : {}),
        ...(filter?.status?.length ? statusWhere(filter.status) : {}),
      },
    ],
  };
}

const NEWEST_FIRST = [{ startedAt: 'desc' as const }, { id: 'desc' as const }];

builder.queryField('trials', (t) =>
  t.prismaConnection({
    type: TrialType,
    cursor: 'id',
    description: 'Trials of your organization (a customer: their own), newest first.',
    authScopes: { scope: 'trials:read' },
    args: { filter: t.arg({ type: TrialsFilter, required: false }) },
    totalCount: (_parent, { filter }, ctx) => prisma.trial.count({ where: trialsWhere(ctx, filter) }),
    resolve: (query, _root, { filter }, ctx) =>
      prisma.trial.findMany({ ...query, where: trialsWhere(ctx, filter), orderBy: NEWEST_FIRST }),
  }),
);

builder.queryField('trial', (t) =>
  t.prismaField({
    type: TrialType,
    nullable: true,
    description: 'A trial by ID; null when it does not exist for you.',
    authScopes: { scope: 'trials:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.trial.findFirst({
        ...query,
        where: { id: idFor('Trial', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx), ...customerScope(ctx) },
      }),
  }),
);

for (const model of ['Agent', 'Customer'] as const) {
  builder.prismaObjectField(model, 'trials', (t) =>
    t.relatedConnection('trials', {
      description: 'Trials, newest first.',
      authScopes: { scope: 'trials:read' },
      cursor: 'id',
      totalCount: true,
      query: { orderBy: NEWEST_FIRST },
    }),
  );
}

const TIERS: TrustTier[] = ['UNTRUSTED', 'PROBATIONARY', 'STANDARD', 'TRUSTED', 'VERIFIED'];

const MarketplaceFilter = builder.inputType('MarketplaceFilter', {
  fields: (t) => ({
    category: t.field({ type: AgentCategoryEnum, required: false }),
    tag: t.string({ required: false }),
    search: t.string({ required: false, description: 'Case-insensitive match on name and description.' }),
    minTrustTier: t.field({ type: TrustTierEnum, required: false }),
  }),
});

builder.queryField('marketplaceAgents', (t) =>
  t.prismaConnection({
    type: MarketplaceAgentType,
    cursor: 'id',
    description: 'Agents offered for trial: ACTIVE, with a published version. Ordered by name.',
    authScopes: { scope: 'marketplace:read' },
    args: { filter: t.arg({ type: MarketplaceFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const where: Prisma.AgentWhereInput = {
        organizationId: tenantOf(ctx),
        status: 'ACTIVE',
        currentVersionId: { not: null },
        ...(filter?.category ? { category: filter.category } : {}),
        ...(filter?.tag ? { tags: { has: filter.tag } } : {}),
        ...(filter?.search
          ? {
              OR: [
                { name: { contains: filter.search, mode: 'insensitive' } },
                { description: { contains: filter.search, mode: 'insensitive' } },
              ],
            }
          : {}),
        ...(filter?.minTrustTier
          ? { currentTrustScore: { tier: { in: TIERS.slice(TIERS.indexOf(filter.minTrustTier)) } } }
          : {}),
      };
      return prisma.agent.findMany({ ...query, where, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
    },
  }),
);
