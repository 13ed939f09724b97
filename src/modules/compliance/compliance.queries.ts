import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import { AgentComplianceType, ComplianceAuditStatusEnum, ComplianceReportType } from './compliance.type.js';

builder.queryField('complianceReports', (t) =>
  t.prismaConnection({
    type: ComplianceReportType,
    cursor: 'id',
    description: 'Compliance audits and their reports, newest first.',
    authScopes: { scope: 'audit:read' },
    args: { status: t.arg({ type: ComplianceAuditStatusEnum, required: false }) },
    resolve: (query, _root, args, ctx) =>
      prisma.complianceReport.findMany({
        ...query,
        where: { organizationId: tenantOf(ctx), ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.prismaObjectFields('Agent', (t) => ({
  compliance: t.field({
    type: AgentComplianceType,
    nullable: true,
    authScopes: { scope: 'audit:read' },
    description: 'The latest completed compliance audit of this agent (null before any); needs audit:read.',
    select: (_args, _ctx, nestedSelection) => ({
      complianceResults: {
        ...nestedSelection({}),
        where: { report: { status: 'COMPLETED' } },
        orderBy: [{ auditedAt: 'desc' }],
        take: 1,
      },
    }),
    resolve: (agent) => agent.complianceResults[0] ?? null,
  }),
}));
