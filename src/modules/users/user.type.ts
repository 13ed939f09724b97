import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const UserType = builder.prismaNode('User', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'A person. Visible when they are a member of your organization.',
  findUnique: (id, ctx) => ({
    id,
    memberships: { some: { organizationId: tenantOf(ctx) } },
  }),
  authScopes: { authenticated: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email', { authScopes: { scope: 'org:read' } }),
  }),
});
