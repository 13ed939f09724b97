import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import { ServiceType } from './service.type.js';

const ServicesFilter = builder.inputType('ServicesFilter', {
  fields: (t) => ({
    active: t.boolean({ required: false, description: 'Only active (true) or inactive (false) services.' }),
    includeArchived: t.boolean({ required: false, defaultValue: false }),
  }),
});

builder.queryField('services', (t) =>
  t.prismaConnection({
    type: ServiceType,
    cursor: 'id',
    description: 'Your service catalog, by key.',
    authScopes: { scope: 'budgets:read' },
    args: { filter: t.arg({ type: ServicesFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const where: Prisma.ServiceWhereInput = {
        organizationId: tenantOf(ctx),
        ...(filter?.active != null ? { active: filter.active } : {}),
        ...(filter?.includeArchived ? {} : { archivedAt: null }),
      };
      return prisma.service.findMany({ ...query, where, orderBy: [{ key: 'asc' }, { id: 'asc' }] });
    },
  }),
);

builder.queryField('service', (t) =>
  t.prismaField({
    type: ServiceType,
    nullable: true,
    description: 'A service of your catalog by key (archived ones too); null when there is none.',
    authScopes: { scope: 'budgets:read' },
    args: { key: t.arg.string() },
    resolve: (query, _root, args, ctx) =>
      prisma.service.findUnique({
        ...query,
        where: { organizationId_key: { organizationId: tenantOf(ctx), key: args.key } },
      }),
  }),
);
