import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { parseSequenceCursor } from '../activity/activity.queries.js';
import { ContextMessageType } from './context.type.js';

builder.subscriptionField('contextMessageAdded', (t) =>
  t.prismaField({
    type: ContextMessageType,
    description:
      'Each message delivered in a context, in order. Blocked messages are never delivered. Resume with `after` (an activity sequence).',
    authScopes: { scope: 'contexts:read' },
    args: {
      contextId: t.arg.globalID({ required: true }),
      after: t.arg.string({
        required: false,
        description: 'Replay messages after this activity sequence, then go live.',
      }),
    },
    subscribe: (_root, { contextId, after }, ctx) => {
      const id = idFor('AgentContext', contextId) ?? NIL_UUID;
      return activityStream(viewerOf(ctx).organizationId, {
        after: after != null ? parseSequenceCursor(after) : null,
        filter: {
          verbs: ['context.message_posted'],
          where: (e) => (e.payload as { contextId?: string }).contextId === id,
        },
      });
    },
    resolve: (query, event) =>
      prisma.contextMessage.findUniqueOrThrow({
        ...query,
        where: { id: (event as unknown as ActivityEvent).subjectId },
      }),
  }),
);
