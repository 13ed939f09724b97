import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { SeverityEnum } from '../policies/policy.type.js';
import { ViolationCategoryEnum, ViolationStatusEnum, ViolationType } from './violation.type.js';
import { severitiesAtLeast } from './violation-lifecycle.js';

const ViolationsFilter = builder.inputType('ViolationsFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    status: t.field({ type: [ViolationStatusEnum], required: false, description: 'Any of these statuses.' }),
    minSeverity: t.field({ type: SeverityEnum, required: false }),
    policyKey: t.string({ required: false }),
    category: t.field({ type: ViolationCategoryEnum, required: false }),
    from: t.field({ type: 'DateTime', required: false, description: 'Raised at or after.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Raised before.' }),
  }),
});

type Filter = typeof ViolationsFilter.$inferInput | null | undefined;

function violationsWhere(organizationId: string, filter: Filter): Prisma.ViolationWhereInput {
  return {
    organizationId,
    ...(filter?.agentId ? { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } : {}),
    ...(filter?.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter?.minSeverity ? { severity: { in: severitiesAtLeast(filter.minSeverity) } } : {}),
    ...(filter?.policyKey ? { policy: { key: filter.policyKey } } : {}),
    ...(filter?.category ? { category: filter.category } : {}),
    ...(filter?.from || filter?.to
      ? { raisedAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
}

builder.queryField('violations', (t) =>
  t.prismaConnection({
    type: ViolationType,
    cursor: 'id',
    description: 'Violations in your organization, newest first.',
    authScopes: { scope: 'violations:read' },
    args: { filter: t.arg({ type: ViolationsFilter, required: false }) },
    totalCount: (_parent, { filter }, ctx) => prisma.violation.count({ where: violationsWhere(tenantOf(ctx), filter) }),
    resolve: (query, _root, { filter }, ctx) =>
      prisma.violation.findMany({
        ...query,
        where: violationsWhere(tenantOf(ctx), filter),
        orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.queryField('violation', (t) =>
  t.prismaField({
    type: ViolationType,
    nullable: true,
    description: 'A violation by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'violations:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.violation.findFirst({
        ...query,
        where: { id: idFor('Violation', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);

builder.prismaObjectField('Agent', 'violations', (t) =>
  t.relatedConnection('violations', {
    description: "The agent's violations, newest first.",
    authScopes: { scope: 'violations:read' },
    cursor: 'id',
    totalCount: true,
    query: { orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }] },
  }),
);

// Counted in the statement that loads the agents: a LATERAL count per agent on the
// (agentId, status) index (Prisma relation joins), not a second query.
const OPEN_STATUSES = ['OPEN', 'ACKNOWLEDGED'] as const;
builder.prismaObjectFields('Agent', (t) => ({
  openViolationCount: t.relationCount('violations', {
    description: 'Violations still OPEN or ACKNOWLEDGED.',
    authScopes: { scope: 'violations:read' },
    where: { status: { in: [...OPEN_STATUSES] } },
  }),
}));
