// Activity events are read as whole rows (by the hub, the replay and the queries), so the type
// resolves every field from the row: no per-event SQL, however many subscribers receive it.

import { actorGlobalId, agentGlobalId, subjectGlobalId } from '../../events/record.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId } from '../../graphql/global-id.js';

export const ActivityEventType = builder.objectRef<ActivityEvent>('ActivityEvent').implement({
  description: 'Something that changed, appended in the same transaction as the change.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => encodeGlobalId('ActivityEvent', e.id) }),
    sequence: t.exposeInt('sequence', {
      description: 'Gap-free per organization, in commit order. Also the cursor to resume after.',
    }),
    verb: t.exposeString('verb', { description: 'For example agent.created, version.published.' }),
    actorType: t.exposeString('actorType', { description: 'USER, API_KEY, CUSTOMER or SYSTEM.' }),
    actorId: t.string({
      nullable: true,
      description: 'Global ID of the user, API key or customer that acted.',
      resolve: actorGlobalId,
    }),
    subjectType: t.exposeString('subjectType'),
    subjectId: t.string({
      description: 'Global ID of what changed.',
      resolve: subjectGlobalId,
    }),
    agentId: t.string({
      nullable: true,
      description: 'Global ID of the agent concerned, if any.',
      resolve: agentGlobalId,
    }),
    payload: t.expose('payload', { type: 'JSON' }),
    requestId: t.exposeString('requestId', { nullable: true }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    hash: t.exposeString('hash', { description: 'sha256(prevHash + RFC 8785 canonical JSON of the event).' }),
    prevHash: t.exposeString('prevHash'),
  }),
});
