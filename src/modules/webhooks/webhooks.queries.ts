import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { WebhookEndpointType } from './webhook.type.js';

builder.queryField('webhookEndpoints', (t) =>
  t.prismaConnection({
    type: WebhookEndpointType,
    cursor: 'id',
    description: 'Your organization’s webhook endpoints, newest first.',
    authScopes: { scope: 'webhooks:write' },
    totalCount: (_parent, _args, ctx) => prisma.webhookEndpoint.count({ where: { organizationId: tenantOf(ctx) } }),
    resolve: (query, _root, _args, ctx) =>
      prisma.webhookEndpoint.findMany({
        ...query,
        where: { organizationId: tenantOf(ctx) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.queryField('webhookEndpoint', (t) =>
  t.prismaField({
    type: WebhookEndpointType,
    nullable: true,
    description: 'A webhook endpoint by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'webhooks:write' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.webhookEndpoint.findFirst({
        ...query,
        where: { id: idFor('WebhookEndpoint', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);
