import { clock } from '../../clock.js';
import { actorGlobalId } from '../../events/record.js';
import { ApprovalStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import { effectiveStatus } from './approval-match.js';

export const ApprovalStatusEnum = builder.enumType(ApprovalStatus, {
  name: 'ApprovalStatus',
  description: 'PENDING → APPROVED (→ USED, once) or DENIED; PENDING or APPROVED past expiresAt is EXPIRED.',
});

export const ApprovalSourceEnum = builder.enumType('ApprovalSource', {
  values: ['EVALUATE', 'REPORT', 'MESSAGE', 'TASK'] as const,
  description: 'Where the decision that needs approval was asked.',
});

export const ApprovalRequestType = builder.prismaNode('ApprovalRequest', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A REQUIRES_APPROVAL decision waiting for a person. The agent proceeds with its id once it is APPROVED; it allows the same action (action, scopes, resource, content, at most costCeiling) exactly once.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'approvals:read') }),
  authScopes: { scope: 'approvals:read' },
  fields: (t) => ({
    agent: t.relation('agent'),
    source: t.field({ type: ApprovalSourceEnum, resolve: (r) => r.source as typeof ApprovalSourceEnum.$inferType }),
    action: t.exposeString('action'),
    scopes: t.exposeStringList('scopes'),
    resource: t.exposeString('resource', { nullable: true }),
    costCeiling: t.expose('costCeiling', {
      type: 'Decimal',
      nullable: true,
      description: 'The estimated cost asked for: an approved action may cost at most this.',
    }),
    reasons: t.exposeStringList('reasons', { description: 'Why policy asked for approval.' }),
    policyKeys: t.exposeStringList('policyKeys', { description: 'The policies that asked for approval.' }),
    status: t.field({
      type: ApprovalStatusEnum,
      select: { status: true, expiresAt: true },
      resolve: (r) => effectiveStatus(r, clock.now()),
    }),
    requestedByType: t.exposeString('requestedByType', { description: 'USER, API_KEY, CUSTOMER or SYSTEM.' }),
    requestedById: t.string({
      nullable: true,
      select: { requestedByType: true, requestedById: true },
      resolve: (r) => actorGlobalId({ actorType: r.requestedByType, actorId: r.requestedById }),
    }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    decidedById: t.string({
      nullable: true,
      select: { decidedByType: true, decidedById: true },
      resolve: (r) => (r.decidedByType ? actorGlobalId({ actorType: r.decidedByType, actorId: r.decidedById }) : null),
    }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decisionNote: t.exposeString('decisionNote', { nullable: true }),
    usedAt: t.expose('usedAt', { type: 'DateTime', nullable: true }),
  }),
});
