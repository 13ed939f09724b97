import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { AgentVersionType } from './version.type.js';

builder.queryField('agentVersion', (t) =>
  t.prismaField({
    type: AgentVersionType,
    nullable: true,
    description: 'A version by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'agents:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.agentVersion.findFirst({
        ...query,
        where: { id: idFor('AgentVersion', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);
