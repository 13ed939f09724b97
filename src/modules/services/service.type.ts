import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const ServiceType = builder.prismaNode('Service', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A priced service of your catalog: authorizeSpend(input: {service, quantity}) reserves quantity × unitPrice. A price change applies to new authorizations only.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'budgets:read') }),
  authScopes: { scope: 'budgets:read' },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'What authorizeSpend names in `service`, e.g. "openai:gpt-4o".' }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    unit: t.exposeString('unit', { description: 'What one unit is, e.g. "1K tokens", "image", "call".' }),
    unitPrice: t.expose('unitPrice', { type: 'Decimal' }),
    currency: t.exposeString('currency'),
    fallbackService: t.relation('fallbackService', {
      nullable: true,
      description: 'Reserved instead (DOWNGRADED) when this service does not fit a budget.',
    }),
    active: t.exposeBoolean('active', { description: 'An inactive service is refused (REJECTED) until activated.' }),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
