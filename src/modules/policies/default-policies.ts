// A sensible starting set for a new organization (the demo seeds it).
import type { Caller } from '../../auth/viewer.js';
import { createPolicy, type NewPolicy } from './policies.service.js';

export const DEFAULT_POLICIES: NewPolicy[] = [
  {
    key: 'L0-01',
    name: 'Accountable, published, documented',
    description:
      'Agents act only from a published version; releases carry a changelog; no agent may ask for secrets:write.',
    kind: 'CONSTITUTIONAL',
    defaultSeverity: 'HIGH',
    rules: {
      requirePublishedVersion: true,
      requireChangelog: true,
      forbiddenScopes: ['secrets:write'],
      maxDataAccess: 'READ_WRITE',
    },
    enabled: true,
  },
  {
    key: 'L1-01',
    name: 'Scopes by agent category',
    description:
      'Each category of agent acts only within its scopes; every category may message in contexts (what it says is checked by L1-02).',
    kind: 'RBAC',
    defaultSeverity: 'MEDIUM',
    rules: {
      allowedScopes: {
        AI_ASSISTED: ['kb:read', 'email:draft', 'email:send', 'tickets:write', 'context.message:*'],
        DOMAIN_SPECIFIC: ['kb:read', 'finance:read', 'context.message:*'],
        MIDDLEWARE: ['kb:read', 'policy:evaluate', 'context.message:*'],
        UTILITY: ['kb:read', 'context.message:*'],
      },
    },
    enabled: true,
  },
  {
    key: 'L1-02',
    name: 'Personal data and production',
    description: 'Personal data is off limits; anything touching production needs a person to approve.',
    kind: 'CONTENT',
    defaultSeverity: 'HIGH',
    rules: { deny: ['^pii://'], requireApproval: ['^prod://'] },
    enabled: true,
  },
  {
    key: 'L2-01',
    name: 'Cost per action',
    description: 'Actions estimated above $5 are downgraded; above $25 they are denied.',
    kind: 'BUDGET',
    defaultSeverity: 'MEDIUM',
    rules: { downgradeAbove: '5.00', denyAbove: '25.00' },
    enabled: true,
  },
  {
    key: 'L2-02',
    name: 'Action rate',
    description: 'At most 600 decisions per agent per minute.',
    kind: 'RATE_LIMIT',
    defaultSeverity: 'LOW',
    rules: { maxActions: 600, windowSeconds: 60 },
    enabled: true,
  },
];

export async function createDefaultPolicies(caller: Caller) {
  for (const policy of DEFAULT_POLICIES) await createPolicy(caller, policy);
}
