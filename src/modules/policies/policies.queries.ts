import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { PolicyKindEnum, PolicyType } from './policy.type.js';

const PoliciesFilter = builder.inputType('PoliciesFilter', {
  fields: (t) => ({
    kind: t.field({ type: PolicyKindEnum, required: false }),
    enabled: t.boolean({ required: false }),
  }),
});

builder.queryField('policies', (t) =>
  t.prismaConnection({
    type: PolicyType,
    cursor: 'id',
    description: 'Policies of your organization, by key.',
    authScopes: { scope: 'policies:read' },
    args: { filter: t.arg({ type: PoliciesFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) =>
      prisma.policy.findMany({
        ...query,
        where: {
          organizationId: tenantOf(ctx),
          ...(filter?.kind ? { kind: filter.kind } : {}),
          ...(filter?.enabled != null ? { enabled: filter.enabled } : {}),
        },
        orderBy: [{ key: 'asc' }, { id: 'asc' }],
      }),
  }),
);

builder.queryField('policy', (t) =>
  t.prismaField({
    type: PolicyType,
    nullable: true,
    description: 'A policy by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'policies:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.policy.findFirst({
        ...query,
        where: { id: idFor('Policy', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);
