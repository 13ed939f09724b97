import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { AgentType } from './agent.type.js';

builder.subscriptionField('agentChanged', (t) =>
  t.prismaField({
    type: AgentType,
    description:
      'The agent (with whatever you select of it: versions, current version, …) after each change ' +
      'to it or its versions. Without `agentId`, every agent of your organization.',
    authScopes: { scope: 'agents:read' },
    args: { agentId: t.arg.globalID({ required: false }) },
    subscribe: (_root, { agentId }, ctx) =>
      activityStream(viewerOf(ctx).organizationId, {
        filter: {
          agentId: agentId ? (idFor('Agent', agentId) ?? NIL_UUID) : undefined,
          subjectTypes: ['Agent', 'AgentVersion'],
        },
      }),
    resolve: (query, event) =>
      prisma.agent.findUniqueOrThrow({
        ...query,
        where: { id: (event as unknown as ActivityEvent).agentId ?? NIL_UUID },
      }),
  }),
);
