import { prisma, type Prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { ActivityEventType } from './activity-event.type.js';

const ActivityFilter = builder.inputType('ActivityFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    verbs: t.stringList({ required: false, description: 'Any of these verbs, e.g. ["agent.created"].' }),
    subjectTypes: t.stringList({ required: false, description: 'Any of these subject types, e.g. ["Agent"].' }),
    from: t.field({ type: 'DateTime', required: false, description: 'Occurred at or after.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Occurred before.' }),
  }),
});

builder.queryField('activity', (t) =>
  t.prismaConnection({
    type: ActivityEventType,
    cursor: 'id',
    description: 'The activity log of your organization, newest first.',
    authScopes: { scope: 'activity:read' },
    args: { filter: t.arg({ type: ActivityFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const where: Prisma.ActivityEventWhereInput = {
        organizationId: tenantOf(ctx),
        ...(filter?.agentId ? { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } : {}),
        ...(filter?.verbs?.length ? { verb: { in: filter.verbs } } : {}),
        ...(filter?.subjectTypes?.length ? { subjectType: { in: filter.subjectTypes } } : {}),
        ...(filter?.from || filter?.to
          ? { occurredAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
          : {}),
      };
      return prisma.activityEvent.findMany({ ...query, where, orderBy: { sequence: 'desc' } });
    },
  }),
);
