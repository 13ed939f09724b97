// The demo organization, created through the same services the API uses: users in every role,
// agents in every status, versions in every state, the default policies, some violations, and
// an API key with every scope.

import { ALL_SCOPES } from '../auth/scopes.js';
import type { Caller } from '../auth/viewer.js';
import { prisma } from '../db/client.js';
import type { AgentCategory } from '../generated/prisma/enums.js';
import { changeAgentStatus, createAgent } from '../modules/agents/agents.service.js';
import { createApiKey } from '../modules/api-keys/api-keys.service.js';
import { createContext, persistContextState } from '../modules/contexts/contexts.service.js';
import { postContextMessage } from '../modules/contexts/messages.service.js';
import { decide } from '../modules/decisions/decisions.service.js';
import { seedMember } from '../modules/members/invitations.service.js';
import { createOrganization } from '../modules/organizations/organizations.service.js';
import { createDefaultPolicies } from '../modules/policies/default-policies.js';
import { createTask } from '../modules/tasks/tasks.service.js';
import { manifestSchema } from '../modules/versions/manifest.js';
import { createAgentVersion, publishAgentVersion } from '../modules/versions/versions.service.js';
import { advanceViolation, raiseViolation } from '../modules/violations/violations.service.js';

const PEOPLE = [
  ['ada@acme.example', 'Ada Admin', 'ADMIN'],
  ['grace@acme.example', 'Grace Governor', 'GOVERNOR'],
  ['otto@acme.example', 'Otto Operator', 'OPERATOR'],
  ['vera@acme.example', 'Vera Viewer', 'VIEWER'],
] as const;

interface DemoAgent {
  slug: string;
  name: string;
  category: AgentCategory;
  description: string;
  tags: string[];
  published: string[];
  draft?: string;
  finally?: 'SUSPENDED' | 'RETIRED';
}

const AGENTS: DemoAgent[] = [
  {
    slug: 'support-assistant',
    name: 'Support Assistant',
    category: 'AI_ASSISTED',
    description: 'Answers customer tickets and drafts replies for review.',
    tags: ['support', 'email'],
    published: ['1.0.0', '1.1.0'],
    draft: '1.2.0',
  },
  {
    slug: 'invoice-parser',
    name: 'Invoice Parser',
    category: 'DOMAIN_SPECIFIC',
    description: 'Extracts line items from supplier invoices.',
    tags: ['finance'],
    published: ['0.9.0'],
    finally: 'SUSPENDED',
  },
  {
    slug: 'policy-gateway',
    name: 'Policy Gateway',
    category: 'MIDDLEWARE',
    description: 'Checks outgoing agent actions against policy.',
    tags: ['governance'],
    published: [],
    draft: '0.1.0',
  },
  {
    slug: 'compliance-auditor',
    name: 'Compliance Auditor',
    category: 'DOMAIN_SPECIFIC',
    description: 'Watches agent conversations for policy issues.',
    tags: ['governance'],
    published: ['1.0.0'],
  },
  {
    slug: 'legacy-summarizer',
    name: 'Legacy Summarizer',
    category: 'UTILITY',
    description: 'Summarised documents before the assistant did.',
    tags: ['documents'],
    published: ['1.0.0'],
    finally: 'RETIRED',
  },
];

function manifest(agent: DemoAgent, version: string) {
  return manifestSchema.parse({
    name: agent.name,
    version,
    description: agent.description,
    category: agent.category,
    tools: [{ name: 'search', description: 'Search the knowledge base', scopes: ['kb:read'] }],
    config: { timeout: 60_000, retries: 2, memoryLimit: 1024, cpuLimit: 1, concurrentTasks: 4 },
    permissions: { scopes: ['kb:read'], requiredRoles: ['OPERATOR'], dataAccess: 'READ' },
    triggers: [{ type: 'MANUAL' }],
  });
}

export async function seedDemo(): Promise<{ apiKey: string; organizationId: string }> {
  const { organization, caller: ownerCaller } = await createOrganization(
    { name: 'Acme Robotics', slug: 'acme', owner: { email: 'olivia@acme.example', name: 'Olivia Owner' } },
    'seed',
  );
  const caller: Caller = { ...ownerCaller, requestId: 'seed' };
  const members = [];
  for (const [email, name, role] of PEOPLE) members.push(await seedMember(caller, { email, name, role }));
  const governor = members[1];
  await createDefaultPolicies(caller);
  for (const agent of AGENTS) {
    const created = await createAgent(
      caller,
      {
        slug: agent.slug,
        name: agent.name,
        category: agent.category,
        description: agent.description,
        capabilities: ['summarize'],
        policyScopes: ['kb:read'],
        tags: agent.tags,
      },
      governor ? { id: governor.userId } : undefined,
    );
    for (const semver of agent.published) {
      const v = await createAgentVersion(caller, created.id, {
        semver,
        manifest: manifest(agent, semver),
        changelog: `Release ${semver}.`,
      });
      await publishAgentVersion(caller, v.id);
    }
    if (agent.draft) {
      await createAgentVersion(caller, created.id, {
        semver: agent.draft,
        manifest: manifest(agent, agent.draft),
        changelog: 'Work in progress.',
      });
    }
    if (agent.finally) await changeAgentStatus(caller, created.id, agent.finally, 'Demo data');
  }
  // A little governance history: a denied reported action (a violation raised by the system's
  // evaluation) and a violation raised by a person, already worked through.
  const assistant = await prisma.agent.findFirstOrThrow({
    where: { organizationId: organization.id, slug: 'support-assistant' },
  });
  await decide(
    caller,
    assistant.id,
    {
      action: 'customer.lookup',
      scopes: ['kb:read'],
      estimatedCost: '0.10',
      resource: 'pii://customers/42',
      description: 'Looked up a customer record',
    },
    'report',
  );
  const raised = await raiseViolation(caller, {
    agentId: assistant.id,
    versionGiven: false,
    category: 'TRANSPARENCY',
    severity: 'LOW',
    description: 'Reply did not say it was written by an agent.',
    evidence: { ticket: 'T-1009' },
  });
  await advanceViolation(caller, raised.id, 'ACKNOWLEDGED');
  await advanceViolation(caller, raised.id, 'RESOLVED', { resolutionNote: 'Signature added to the reply template.' });
  // A context the assistant works in, with a note, shared state and a queued task.
  const triage = await createContext(caller, {
    name: 'Ticket triage',
    collaborationModel: 'SEQUENTIAL',
    metadata: { queue: 'email' },
    participants: [{ agentId: assistant.id, role: 'LEAD' }],
  });
  await postContextMessage(caller, {
    contextId: triage.id,
    fromAgentId: assistant.id,
    toAgentIds: [],
    type: 'BROADCAST',
    content: { text: 'Taking the email queue this morning.' },
    replyToId: null,
    replyGiven: false,
  });
  await persistContextState(caller, triage.id, { open: 12, handled: 0 }, 0);
  await createTask(caller, {
    agentId: assistant.id,
    contextId: triage.id,
    contextGiven: true,
    goal: 'Draft replies to the oldest five tickets',
    input: { tickets: ['T-1010', 'T-1011', 'T-1012', 'T-1013', 'T-1014'] },
    priority: 'NORMAL',
    sandbox: false,
    maxAttempts: 3,
  });
  const { secret } = await createApiKey(caller, { name: 'Demo key', scopes: ALL_SCOPES });
  return { apiKey: secret, organizationId: organization.id };
}
