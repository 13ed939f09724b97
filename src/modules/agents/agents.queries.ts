import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { parseInput } from '../../graphql/validation.js';
import { AgentCategoryEnum, AgentStatusEnum, AgentType } from './agent.type.js';
import { agentsFilter } from './agents.validation.js';

const AgentsFilter = builder.inputType('AgentsFilter', {
  fields: (t) => ({
    status: t.field({ type: [AgentStatusEnum], required: false, description: 'Any of these statuses.' }),
    category: t.field({ type: AgentCategoryEnum, required: false }),
    tag: t.string({ required: false }),
    search: t.string({ required: false, description: 'Case-insensitive match on name, slug and description.' }),
  }),
});

const AgentOrderField = builder.enumType('AgentOrderField', { values: ['NAME', 'CREATED_AT', 'UPDATED_AT'] as const });
const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
const AgentOrder = builder.inputType('AgentOrder', {
  fields: (t) => ({
    field: t.field({ type: AgentOrderField }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC' }),
  }),
});

const ORDER_COLUMN = { NAME: 'name', CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' } as const;

builder.queryField('agents', (t) =>
  t.prismaConnection({
    type: AgentType,
    cursor: 'id',
    description: 'Agents of your organization. Ordered by name unless `orderBy` says otherwise.',
    authScopes: { scope: 'agents:read' },
    args: {
      filter: t.arg({ type: AgentsFilter, required: false }),
      orderBy: t.arg({ type: AgentOrder, required: false }),
    },
    totalCount: (_parent, args, ctx) => prisma.agent.count({ where: agentsWhere(tenantOf(ctx), args.filter) }),
    resolve: (query, _root, args, ctx) => {
      const direction = args.orderBy?.direction === 'DESC' ? 'desc' : 'asc';
      const column = ORDER_COLUMN[args.orderBy?.field ?? 'NAME'];
      return prisma.agent.findMany({
        ...query,
        where: agentsWhere(tenantOf(ctx), args.filter),
        orderBy: [{ [column]: direction }, { id: direction }],
      });
    },
  }),
);

type AgentsFilterArg =
  | {
      status?: ('DRAFT' | 'ACTIVE' | 'SUSPENDED' | 'RETIRED')[] | null;
      category?: Prisma.AgentWhereInput['category'] | null;
      tag?: string | null;
      search?: string | null;
    }
  | null
  | undefined;

function agentsWhere(organizationId: string, filter: AgentsFilterArg): Prisma.AgentWhereInput {
  const { search, tag } = parseInput(agentsFilter, { search: filter?.search, tag: filter?.tag }, 'filter');
  const text = search?.trim();
  return {
    organizationId,
    ...(filter?.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter?.category ? { category: filter.category } : {}),
    ...(tag ? { tags: { has: tag } } : {}),
    ...(text
      ? {
          OR: [
            { name: { contains: text, mode: 'insensitive' } },
            { slug: { contains: text, mode: 'insensitive' } },
            { description: { contains: text, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
}

builder.queryField('agent', (t) =>
  t.prismaField({
    type: AgentType,
    nullable: true,
    description: 'An agent by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'agents:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.agent.findFirst({
        ...query,
        where: { id: idFor('Agent', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);

builder.queryField('agentBySlug', (t) =>
  t.prismaField({
    type: AgentType,
    nullable: true,
    description: 'An agent by its slug; null when your organization has none with it.',
    authScopes: { scope: 'agents:read' },
    args: { slug: t.arg.string() },
    resolve: (query, _root, args, ctx) =>
      prisma.agent.findUnique({
        ...query,
        where: { organizationId_slug: { organizationId: tenantOf(ctx), slug: args.slug.slice(0, 200) } },
      }),
  }),
);
