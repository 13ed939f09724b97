import { activityStream } from '../../events/stream.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { agentIdOf } from './activity.filter.js';
import { parseSequenceCursor } from './activity.queries.js';
import { ActivityEventType } from './activity-event.type.js';

const ActivityStreamFilter = builder.inputType('ActivityStreamFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    verbs: t.stringList({ required: false }),
    subjectTypes: t.stringList({ required: false }),
  }),
});

builder.subscriptionField('activity', (t) =>
  t.field({
    type: ActivityEventType,
    description:
      'Every event you may see, as it commits. With `after` (a sequence number), first the events ' +
      'after it that you missed, then live ones: in order, with no gap and no duplicate.',
    authScopes: { scope: 'activity:read' },
    args: {
      filter: t.arg({ type: ActivityStreamFilter, required: false }),
      after: t.arg.string({ required: false, description: 'Resume after this sequence number.' }),
    },
    subscribe: (_root, { filter, after }, ctx) =>
      activityStream(viewerOf(ctx).organizationId, {
        after: after != null ? parseSequenceCursor(after) : null,
        filter: { agentId: agentIdOf(filter), verbs: filter?.verbs, subjectTypes: filter?.subjectTypes },
      }),
    resolve: (event) => event,
  }),
);
