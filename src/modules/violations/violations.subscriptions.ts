import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import type { Severity } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { SeverityEnum } from '../policies/policy.type.js';
import { ViolationType } from './violation.type.js';
import { SEVERITY_RANK } from './violation-lifecycle.js';

const ViolationStreamFilter = builder.inputType('ViolationStreamFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    minSeverity: t.field({ type: SeverityEnum, required: false }),
  }),
});

const agentOf = (filter: { agentId?: { typename: string; id: string } | null } | null | undefined) =>
  filter?.agentId ? (idFor('Agent', filter.agentId) ?? NIL_UUID) : undefined;

const violationOf = (query: object, event: unknown) =>
  prisma.violation.findUniqueOrThrow({ ...query, where: { id: (event as ActivityEvent).subjectId } });

builder.subscriptionField('violationRaised', (t) =>
  t.prismaField({
    type: ViolationType,
    description: 'Each violation raised in your organization (by people, integrators, agents or the system).',
    authScopes: { scope: 'violations:read' },
    args: { filter: t.arg({ type: ViolationStreamFilter, required: false }) },
    subscribe: (_root, { filter }, ctx) => {
      const min = filter?.minSeverity ? SEVERITY_RANK[filter.minSeverity] : 0;
      return activityStream(viewerOf(ctx).organizationId, {
        filter: {
          agentId: agentOf(filter),
          verbs: ['violation.raised'],
          where: (e) => SEVERITY_RANK[(e.payload as { severity: Severity }).severity] >= min,
        },
      });
    },
    resolve: (query, event) => violationOf(query, event),
  }),
);

builder.subscriptionField('violationUpdated', (t) =>
  t.prismaField({
    type: ViolationType,
    description: 'Each step of a violation: acknowledged, resolved, dismissed.',
    authScopes: { scope: 'violations:read' },
    args: { filter: t.arg({ type: ViolationStreamFilter, required: false }) },
    subscribe: (_root, { filter }, ctx) =>
      activityStream(viewerOf(ctx).organizationId, {
        filter: {
          agentId: agentOf(filter),
          verbs: ['violation.acknowledged', 'violation.resolved', 'violation.dismissed'],
        },
      }),
    resolve: (query, event) => violationOf(query, event),
  }),
);
