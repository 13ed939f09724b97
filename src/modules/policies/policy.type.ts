import { PolicyKind, Severity } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const PolicyKindEnum = builder.enumType(PolicyKind, {
  name: 'PolicyKind',
  description: 'What a policy governs; the shape of its `rules` depends on it (see README, Governance).',
});
export const SeverityEnum = builder.enumType(Severity, {
  name: 'Severity',
  description: 'LOW < MEDIUM < HIGH < CRITICAL.',
});

export const PolicyType = builder.prismaNode('Policy', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'A governance rule that decisions are evaluated against.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'policies:read') }),
  authScopes: { scope: 'policies:read' },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Unique in your organization, such as L0-01.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    kind: t.expose('kind', { type: PolicyKindEnum }),
    defaultSeverity: t.expose('defaultSeverity', { type: SeverityEnum }),
    rules: t.expose('rules', { type: 'JSON' }),
    enabled: t.exposeBoolean('enabled'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
