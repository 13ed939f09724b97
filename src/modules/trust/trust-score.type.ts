import { TrustTier } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import type { TrustInput } from './formula.js';

export const TrustTierEnum = builder.enumType(TrustTier, {
  name: 'TrustTier',
  description: 'overall < 0.2 UNTRUSTED, < 0.4 PROBATIONARY, < 0.7 STANDARD, < 0.9 TRUSTED, else VERIFIED.',
});

const TrustInputType = builder.objectRef<TrustInput>('TrustInput').implement({
  description: 'One fact behind a trust score, and how much it moved the overall score.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'prior, action, attestation or violation.' }),
    ref: t.exposeString('ref', {
      nullable: true,
      description: 'The id of the violation, attestation or action event.',
    }),
    dimension: t.exposeString('dimension', { nullable: true }),
    description: t.exposeString('description'),
    weight: t.exposeFloat('weight', { description: 'Decay weight now: 1 when fresh, ½ after one half-life.' }),
    effect: t.exposeFloat('effect', {
      description: 'overall − overall without this input (negative: it lowered the score).',
    }),
  }),
});

export const TrustScoreType = builder.prismaNode('TrustScore', {
  id: { field: 'id' },
  // Select mode: a query loads only the columns its fields need.
  select: { id: true },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'A trust snapshot, computed from recorded facts when they changed. Never typed in.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  fields: (t) => ({
    competence: t.exposeFloat('competence', { description: 'From attestations and scored evaluations.' }),
    reliability: t.exposeFloat('reliability', {
      description: 'From reported outcomes, less safety/budget/rate violations.',
    }),
    honesty: t.exposeFloat('honesty', { description: 'Less deception, scope and data-access violations.' }),
    transparency: t.exposeFloat('transparency', { description: 'Less transparency and accountability violations.' }),
    overall: t.exposeFloat('overall'),
    tier: t.expose('tier', { type: TrustTierEnum }),
    version: t.relation('version', { nullable: true, description: 'Set for a version-level score.' }),
    causeVerb: t.exposeString('causeVerb', {
      description: 'The event that caused this recomputation (e.g. violation.raised).',
    }),
    causeSequence: t.exposeInt('causeSequence', { nullable: true, description: 'Its activity sequence number.' }),
    computedAt: t.expose('computedAt', { type: 'DateTime' }),
    explanation: t.field({
      type: [TrustInputType],
      description: 'The inputs, the largest effect first (at most 100).',
      select: { inputs: true },
      resolve: (s) => s.inputs as unknown as TrustInput[],
    }),
  }),
});

builder.prismaObjectField('Agent', 'trustScore', (t) =>
  t.relation('currentTrustScore', { nullable: true, description: 'The latest trust snapshot of the agent.' }),
);

builder.prismaObjectField('Agent', 'trustHistory', (t) =>
  t.relatedConnection('trustScores', {
    description: 'Agent-level trust snapshots, newest first: why did the score move?',
    cursor: 'id',
    totalCount: true,
    query: { where: { versionId: null }, orderBy: [{ computedAt: 'desc' }, { id: 'desc' }] },
  }),
);

builder.prismaObjectField('AgentVersion', 'trustScore', (t) =>
  t.relation('currentTrustScore', {
    nullable: true,
    description: 'The latest trust snapshot of this version (while current).',
  }),
);
