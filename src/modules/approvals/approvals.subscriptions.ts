import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { ApprovalRequestType } from './approval.type.js';

const ApprovalStreamFilter = builder.inputType('ApprovalStreamFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    approvalRequestId: t.globalID({ required: false, description: 'Only the answer to this request.' }),
  }),
});

for (const [name, verbs, description] of [
  ['approvalRequested', ['approval.requested'], 'Each approval request opened in your organization.'],
  [
    'approvalDecided',
    ['approval.approved', 'approval.denied'],
    'Each approval request approved or denied: how an agent learns the answer (filter by approvalRequestId).',
  ],
] as const) {
  builder.subscriptionField(name, (t) =>
    t.prismaField({
      type: ApprovalRequestType,
      description,
      authScopes: { scope: 'approvals:read' },
      args: { filter: t.arg({ type: ApprovalStreamFilter, required: false }) },
      subscribe: (_root, { filter }, ctx) => {
        const requestId = filter?.approvalRequestId
          ? (idFor('ApprovalRequest', filter.approvalRequestId) ?? NIL_UUID)
          : null;
        return activityStream(viewerOf(ctx).organizationId, {
          filter: {
            agentId: filter?.agentId ? (idFor('Agent', filter.agentId) ?? NIL_UUID) : undefined,
            verbs: [...verbs],
            ...(requestId ? { where: (e: ActivityEvent) => e.subjectId === requestId } : {}),
          },
        });
      },
      resolve: (query, event) =>
        prisma.approvalRequest.findUniqueOrThrow({ ...query, where: { id: (event as ActivityEvent).subjectId } }),
    }),
  );
}
