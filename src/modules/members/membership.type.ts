import { Role } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description: 'OWNER and ADMIN manage members and keys; GOVERNOR and OPERATOR change agents; VIEWER reads.',
});

export const MembershipType = builder.prismaNode('Membership', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: "A user's role in your organization.",
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'org:read') }),
  authScopes: { scope: 'org:read' },
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum }),
    user: t.relation('user'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
