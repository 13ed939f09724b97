import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { parseSequenceCursor } from '../activity/activity.queries.js';
import { TrialType } from './trial.type.js';

const TRIAL_VERBS = [
  'trial.started',
  'trial.extended',
  'trial.completed',
  'trial.converted',
  'trial.cancelled',
  'trial.expired',
  'trial.deliverable_added',
];

const TrialStreamFilter = builder.inputType('TrialStreamFilter', {
  fields: (t) => ({ trialId: t.globalID({ required: false }), customerId: t.globalID({ required: false }) }),
});

builder.subscriptionField('trialUpdated', (t) =>
  t.prismaField({
    type: TrialType,
    description:
      'A trial after each transition (started, extended, completed, converted, cancelled, expired) and each deliverable. A customer hears only their own.',
    authScopes: { scope: 'trials:read' },
    args: {
      filter: t.arg({ type: TrialStreamFilter, required: false }),
      after: t.arg.string({
        required: false,
        description: 'Replay changes after this activity sequence, then go live.',
      }),
    },
    subscribe: (_root, { filter, after }, ctx) => {
      const viewer = viewerOf(ctx);
      const trialId = filter?.trialId ? (idFor('Trial', filter.trialId) ?? NIL_UUID) : null;
      const given = filter?.customerId ? (idFor('Customer', filter.customerId) ?? NIL_UUID) : null;
      // A customer hears only their own trials: naming another customer matches nothing.
      const customerId = viewer.customerId
        ? given && given !== viewer.customerId
          ? NIL_UUID
          : viewer.customerId
        : given;
      return activityStream(viewer.organizationId, {
        after: after != null ? parseSequenceCursor(after) : null,
        filter: {
          verbs: TRIAL_VERBS,
          where: (e) =>
            (!trialId || e.subjectId === trialId) &&
            (!customerId || (e.payload as { customerId?: string }).customerId === customerId),
        },
      });
    },
    resolve: (query, event) =>
      prisma.trial.findUniqueOrThrow({ ...query, where: { id: (event as unknown as ActivityEvent).subjectId } }),
  }),
);
