import { ComplianceAuditStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { tenantOf } from '../../graphql/tenant.js';
import { STRUCTURAL } from './compliance-rules.js';

export const ComplianceAuditStatusEnum = builder.enumType(ComplianceAuditStatus, { name: 'ComplianceAuditStatus' });

interface Score {
  checks: number;
  passed: number;
  score: number;
}
const EntityTypeScore = builder.objectRef<Score & { entityType: string }>('ComplianceEntityTypeScore').implement({
  fields: (t) => ({
    entityType: t.exposeString('entityType', { description: 'Agent or AgentVersion.' }),
    checks: t.exposeInt('checks'),
    passed: t.exposeInt('passed'),
    score: t.exposeFloat('score', { description: 'Percent of checks passed, one decimal.' }),
  }),
});
const PrincipleScore = builder.objectRef<Score & { principle: string }>('CompliancePrincipleScore').implement({
  fields: (t) => ({
    principle: t.exposeString('principle', {
      description:
        'A policy key (its CONSTITUTIONAL or RBAC rules) or a structural rule: governor, published-version, changelog, job-role, skills, critical-violations.',
    }),
    description: t.string({
      nullable: true,
      description: 'What a structural rule asks (null for a policy: read the policy).',
      resolve: (p) => STRUCTURAL[p.principle as keyof typeof STRUCTURAL] ?? null,
    }),
    checks: t.exposeInt('checks'),
    passed: t.exposeInt('passed'),
    score: t.exposeFloat('score'),
  }),
});

export const ComplianceFindingType = builder.prismaObject('ComplianceFinding', {
  description: 'A check an entity failed in an audit, and why.',
  fields: (t) => ({
    agentId: t.string({ resolve: (f) => encodeGlobalId('Agent', f.agentId) }),
    entityType: t.exposeString('entityType'),
    entityId: t.string({
      description: 'The global ID of the entity (Agent or AgentVersion).',
      resolve: (f) => encodeGlobalId(f.entityType, f.entityId),
    }),
    principle: t.exposeString('principle'),
    reason: t.exposeString('reason'),
  }),
});

export const ComplianceReportType = builder.prismaNode('ComplianceReport', {
  id: { field: 'id' },
  nullable: true,
  description: 'A compliance audit and its report (runComplianceAudit). CSV: GET /export/compliance/<id>.csv.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'audit:read') }),
  authScopes: { scope: 'audit:read' },
  fields: (t) => ({
    status: t.expose('status', { type: ComplianceAuditStatusEnum }),
    scope: t.string({
      description: 'ORGANIZATION (every agent not retired) or AGENTS (the ones named).',
      resolve: (r) => (r.agentIds.length ? 'AGENTS' : 'ORGANIZATION'),
    }),
    totalAgents: t.exposeInt('totalAgents'),
    auditedAgents: t.exposeInt('auditedAgents'),
    progress: t.float({
      description: 'Share of the agents audited so far, 0 to 1.',
      resolve: (r) => (r.totalAgents ? Math.min(1, r.auditedAgents / r.totalAgents) : 1),
    }),
    checks: t.exposeInt('checks'),
    passed: t.exposeInt('passed'),
    overallScore: t.exposeFloat('overallScore', {
      nullable: true,
      description: 'Percent of checks passed; set when COMPLETED.',
    }),
    byEntityType: t.field({ type: [EntityTypeScore], resolve: (r) => r.byEntityType as never }),
    byPrinciple: t.field({ type: [PrincipleScore], resolve: (r) => r.byPrinciple as never }),
    findings: t.relatedConnection('findings', {
      cursor: 'id',
      description: 'Every failed check: the non-compliant entities, the rule and why.',
      query: { orderBy: [{ agentId: 'asc' }, { principle: 'asc' }, { id: 'asc' }] },
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why a FAILED audit stopped.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    csvPath: t.string({
      description: 'Where to download the findings as CSV.',
      resolve: (r) => `/export/compliance/${encodeGlobalId('ComplianceReport', r.id)}.csv`,
    }),
  }),
});

export const AgentComplianceType = builder.prismaObject('ComplianceAgentResult', {
  name: 'AgentCompliance',
  description: 'How an agent fared in the latest completed compliance audit that covered it.',
  fields: (t) => ({
    score: t.exposeFloat('score'),
    compliant: t.exposeBoolean('compliant'),
    checks: t.exposeInt('checks'),
    passed: t.exposeInt('passed'),
    auditedAt: t.expose('auditedAt', { type: 'DateTime' }),
    report: t.relation('report'),
    findings: t.relation('findings', { query: { orderBy: [{ principle: 'asc' }, { id: 'asc' }] } }),
  }),
});
