import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const AttestationType = builder.prismaNode('Attestation', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description:
    'A claim about an agent by an issuer, scored in [0, 1]; feeds competence until it expires or is revoked.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  fields: (t) => ({
    agent: t.relation('agent'),
    version: t.relation('version', { nullable: true }),
    issuer: t.exposeString('issuer'),
    claim: t.exposeString('claim'),
    evidence: t.expose('evidence', { type: 'JSON' }),
    score: t.exposeFloat('score'),
    issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectField('Agent', 'attestations', (t) =>
  t.relatedConnection('attestations', {
    description: 'Attestations about the agent, newest first (revoked and expired included).',
    cursor: 'id',
    query: { orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }] },
  }),
);
