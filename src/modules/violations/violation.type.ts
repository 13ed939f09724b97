import { actorGlobalId } from '../../events/record.js';
import { ViolationCategory, ViolationStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import { SeverityEnum } from '../policies/policy.type.js';

export const ViolationStatusEnum = builder.enumType(ViolationStatus, {
  name: 'ViolationStatus',
  description: 'OPEN → ACKNOWLEDGED → RESOLVED or DISMISSED.',
});
export const ViolationCategoryEnum = builder.enumType(ViolationCategory, { name: 'ViolationCategory' });

export const ViolationType = builder.prismaNode('Violation', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'A recorded breach by an agent, worked through to resolution or dismissal.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'violations:read') }),
  authScopes: { scope: 'violations:read' },
  fields: (t) => ({
    agent: t.relation('agent'),
    version: t.relation('version', { nullable: true }),
    policy: t.relation('policy', { nullable: true }),
    severity: t.expose('severity', { type: SeverityEnum }),
    category: t.expose('category', { type: ViolationCategoryEnum }),
    description: t.exposeString('description'),
    evidence: t.expose('evidence', { type: 'JSON' }),
    status: t.expose('status', { type: ViolationStatusEnum }),
    raisedByType: t.exposeString('raisedByType', { description: 'USER, API_KEY or SYSTEM.' }),
    raisedById: t.string({
      nullable: true,
      select: { raisedByType: true, raisedById: true },
      resolve: (v) => actorGlobalId({ actorType: v.raisedByType, actorId: v.raisedById }),
    }),
    raisedAt: t.expose('raisedAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolutionNote: t.exposeString('resolutionNote', { nullable: true }),
    dismissedAt: t.expose('dismissedAt', { type: 'DateTime', nullable: true }),
    dismissalReason: t.exposeString('dismissalReason', { nullable: true }),
  }),
});
