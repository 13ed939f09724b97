import { clock } from '../../clock.js';
import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { ApprovalRequestType, ApprovalStatusEnum } from './approval.type.js';

const ApprovalRequestsFilter = builder.inputType('ApprovalRequestsFilter', {
  fields: (t) => ({
    status: t.field({
      type: [ApprovalStatusEnum],
      required: false,
      description: 'Any of these statuses (as shown now).',
    }),
    agentId: t.globalID({ required: false }),
  }),
});

type Filter = typeof ApprovalRequestsFilter.$inferInput | null | undefined;
type Status = typeof ApprovalStatusEnum.$inferType;

/** Rows whose status, as shown now, is `status` (a PENDING or APPROVED one past its expiry is EXPIRED). */
export function approvalsInStatus(status: Status, now: Date): Prisma.ApprovalRequestWhereInput {
  if (status === 'PENDING' || status === 'APPROVED') return { status, expiresAt: { gt: now } };
  if (status === 'EXPIRED')
    return { OR: [{ status: 'EXPIRED' }, { status: { in: ['PENDING', 'APPROVED'] }, expiresAt: { lte: now } }] };
  return { status };
}

function approvalsWhere(organizationId: string, filter: Filter): Prisma.ApprovalRequestWhereInput {
  const now = clock.now();
  return {
    organizationId,
    ...(filter?.agentId ? { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } : {}),
    ...(filter?.status?.length ? { AND: [{ OR: filter.status.map((s) => approvalsInStatus(s, now)) }] } : {}),
  };
}

builder.queryField('approvalRequests', (t) =>
  t.prismaConnection({
    type: ApprovalRequestType,
    cursor: 'id',
    description: 'Approval requests in your organization, newest first.',
    authScopes: { scope: 'approvals:read' },
    args: { filter: t.arg({ type: ApprovalRequestsFilter, required: false }) },
    totalCount: (_parent, { filter }, ctx) =>
      prisma.approvalRequest.count({ where: approvalsWhere(tenantOf(ctx), filter) }),
    resolve: (query, _root, { filter }, ctx) =>
      prisma.approvalRequest.findMany({
        ...query,
        where: approvalsWhere(tenantOf(ctx), filter),
        orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.queryField('approvalRequest', (t) =>
  t.prismaField({
    type: ApprovalRequestType,
    nullable: true,
    description: 'An approval request by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'approvals:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.approvalRequest.findFirst({
        ...query,
        where: { id: idFor('ApprovalRequest', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);

builder.prismaObjectFields('Agent', (t) => ({
  pendingApprovalCount: t.relationCount('approvalRequests', {
    description: 'Approval requests for this agent still waiting for a decision.',
    authScopes: { scope: 'approvals:read' },
    where: () => approvalsInStatus('PENDING', clock.now()),
  }),
}));
