import { AgentCategory, AgentStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const AgentCategoryEnum = builder.enumType(AgentCategory, { name: 'AgentCategory' });
export const AgentStatusEnum = builder.enumType(AgentStatus, {
  name: 'AgentStatus',
  description: 'DRAFT until a version is published; ACTIVE ⇄ SUSPENDED; RETIRED is final.',
});

export const AgentType = builder.prismaNode('Agent', {
  id: { field: 'id' },
  // Select mode: a query loads only the columns its fields need.
  select: { id: true },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'An AI agent registered in your organization, with an accountable governor.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe, unique in your organization.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    category: t.expose('category', { type: AgentCategoryEnum }),
    capabilities: t.exposeStringList('capabilities'),
    haltedAt: t.expose('haltedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Set while halted (haltAgents): every decision, spend, task start and message is refused.',
    }),
    haltReason: t.exposeString('haltReason', { nullable: true }),
    policyScopes: t.exposeStringList('policyScopes', { description: 'Scopes the agent may act in.' }),
    tags: t.exposeStringList('tags'),
    status: t.expose('status', { type: AgentStatusEnum }),
    governor: t.relation('governor', { description: 'The member accountable for this agent.' }),
    currentVersion: t.relation('currentVersion', {
      nullable: true,
      description: 'The published version, if any.',
    }),
    versions: t.relatedConnection('versions', {
      description: 'All versions, newest first.',
      cursor: 'id',
      totalCount: true,
      query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
