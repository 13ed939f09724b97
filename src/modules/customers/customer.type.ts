import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const CustomerType = builder.prismaNode('Customer', {
  id: { field: 'id' },
  nullable: true,
  description:
    "Someone your organization offers agents to. A JWT whose `sub` is the customer's id (and `org` your organization's) signs them in.",
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'customers:read') }),
  authScopes: { scope: 'customers:read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    externalRef: t.exposeString('externalRef', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
