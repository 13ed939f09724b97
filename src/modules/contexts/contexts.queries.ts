import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { listOfAtMost } from '../../graphql/cost.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { AgentContextType, ContextStatusEnum } from './context.type.js';
import { AGENT_CONTEXTS_SHOWN } from './contexts.validation.js';

const ContextsFilter = builder.inputType('ContextsFilter', {
  fields: (t) => ({
    status: t.field({ type: [ContextStatusEnum], required: false, description: 'Any of these statuses.' }),
    agentId: t.globalID({ required: false, description: 'Contexts this agent takes part in.' }),
  }),
});

type Filter = typeof ContextsFilter.$inferInput | null | undefined;

function contextsWhere(organizationId: string, filter: Filter): Prisma.AgentContextWhereInput {
  return {
    organizationId,
    ...(filter?.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter?.agentId ? { participants: { some: { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } } } : {}),
  };
}

builder.queryField('contexts', (t) =>
  t.prismaConnection({
    type: AgentContextType,
    cursor: 'id',
    description: 'Contexts of your organization, newest first.',
    authScopes: { scope: 'contexts:read' },
    args: { filter: t.arg({ type: ContextsFilter, required: false }) },
    totalCount: (_parent, { filter }, ctx) =>
      prisma.agentContext.count({ where: contextsWhere(tenantOf(ctx), filter) }),
    resolve: (query, _root, { filter }, ctx) =>
      prisma.agentContext.findMany({
        ...query,
        where: contextsWhere(tenantOf(ctx), filter),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.queryField('context', (t) =>
  t.prismaField({
    type: AgentContextType,
    nullable: true,
    description: 'A context by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'contexts:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.agentContext.findFirst({
        ...query,
        where: { id: idFor('AgentContext', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);

builder.prismaObjectFields('Agent', (t) => ({
  contexts: t.field({
    type: [AgentContextType],
    description: `Contexts the agent takes part in (at most ${AGENT_CONTEXTS_SHOWN}), most recently joined first.`,
    authScopes: { scope: 'contexts:read' },
    complexity: listOfAtMost(AGENT_CONTEXTS_SHOWN),
    select: (_args, _ctx, nestedSelection) => ({
      participations: {
        select: { context: nestedSelection() },
        orderBy: [{ joinedAt: 'desc' }, { id: 'desc' }],
        take: AGENT_CONTEXTS_SHOWN,
      },
    }),
    resolve: (agent) => agent.participations.map((p) => p.context),
  }),
}));
