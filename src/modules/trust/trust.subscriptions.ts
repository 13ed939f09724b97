import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { TrustScoreType } from './trust-score.type.js';

builder.subscriptionField('trustScoreChanged', (t) =>
  t.prismaField({
    type: TrustScoreType,
    description: 'Each new trust snapshot of an agent (or, without agentId, of any agent) whose score changed.',
    authScopes: { scope: 'agents:read' },
    args: { agentId: t.arg.globalID({ required: false }) },
    subscribe: (_root, { agentId }, ctx) =>
      activityStream(viewerOf(ctx).organizationId, {
        filter: { agentId: agentId ? (idFor('Agent', agentId) ?? NIL_UUID) : undefined, verbs: ['trust.changed'] },
      }),
    resolve: (query, event) =>
      prisma.trustScore.findUniqueOrThrow({ ...query, where: { id: (event as unknown as ActivityEvent).subjectId } }),
  }),
);
