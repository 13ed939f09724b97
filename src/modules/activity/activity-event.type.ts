import { builder } from '../../graphql/builder.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { tenantOf } from '../../graphql/tenant.js';

export const ActivityEventType = builder.prismaNode('ActivityEvent', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'Something that changed, appended in the same transaction as the change.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx) }),
  authScopes: { scope: 'activity:read' },
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Gap-free per organization, in commit order.' }),
    verb: t.exposeString('verb', { description: 'For example agent.created, version.published.' }),
    actorType: t.exposeString('actorType'),
    actorId: t.string({
      nullable: true,
      description: 'Global ID of the user or API key that acted.',
      select: { actorType: true, actorId: true },
      resolve: (e) => (e.actorId ? encodeGlobalId(e.actorType === 'API_KEY' ? 'ApiKey' : 'User', e.actorId) : null),
    }),
    subjectType: t.exposeString('subjectType'),
    subjectId: t.string({
      description: 'Global ID of what changed.',
      select: { subjectType: true, subjectId: true },
      resolve: (e) => encodeGlobalId(e.subjectType, e.subjectId),
    }),
    agentId: t.string({
      nullable: true,
      description: 'Global ID of the agent concerned, if any.',
      select: { agentId: true },
      resolve: (e) => (e.agentId ? encodeGlobalId('Agent', e.agentId) : null),
    }),
    payload: t.expose('payload', { type: 'JSON' }),
    requestId: t.exposeString('requestId', { nullable: true }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    hash: t.exposeString('hash', { description: 'sha256(prevHash + canonical event).' }),
    prevHash: t.exposeString('prevHash'),
  }),
});
