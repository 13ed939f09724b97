import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { CustomerType } from './customer.type.js';

builder.queryField('customers', (t) =>
  t.prismaConnection({
    type: CustomerType,
    cursor: 'id',
    description: 'Customers of your organization, newest first.',
    authScopes: { scope: 'customers:read' },
    args: { search: t.arg.string({ required: false, description: 'Case-insensitive match on name and email.' }) },
    totalCount: (_parent, { search }, ctx) => prisma.customer.count({ where: customersWhere(tenantOf(ctx), search) }),
    resolve: (query, _root, { search }, ctx) =>
      prisma.customer.findMany({
        ...query,
        where: customersWhere(tenantOf(ctx), search),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

function customersWhere(organizationId: string, search: string | null | undefined) {
  return {
    organizationId,
    ...(search
      ? {
          OR: [
            { name: { contains: search, mode: 'insensitive' as const } },
            { email: { contains: search, mode: 'insensitive' as const } },
          ],
        }
      : {}),
  };
}

builder.queryField('customer', (t) =>
  t.prismaField({
    type: CustomerType,
    nullable: true,
    description: 'A customer by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'customers:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.customer.findFirst({
        ...query,
        where: { id: idFor('Customer', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);
