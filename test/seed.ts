// Seed builders: a test reads as a story — a tenant, its people, their keys, their agents —
// built through the same services the API uses.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ALL_SCOPES, ROLE_SCOPES, type Scope } from '../src/auth/scopes.js';
import type { Caller } from '../src/auth/viewer.js';
import type { PolicyKind, Role, Severity } from '../src/generated/prisma/enums.js';
import { createAgent } from '../src/modules/agents/agents.service.js';
import { createApiKey } from '../src/modules/api-keys/api-keys.service.js';
import { createBudget } from '../src/modules/budgets/budgets.service.js';
import { seedMember } from '../src/modules/members/invitations.service.js';
import { createOrganization } from '../src/modules/organizations/organizations.service.js';
import { createPolicy } from '../src/modules/policies/policies.service.js';
import { manifestSchema } from '../src/modules/versions/manifest.js';
import { createAgentVersion, publishAgentVersion } from '../src/modules/versions/versions.service.js';

export const JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export function signJwt(claims: { sub: string; org: string }, options: { secret?: string; expiresIn?: string } = {}) {
  return new SignJWT({ org: claims.org })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

export function validManifest(version: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Test agent',
    version,
    tools: [{ name: 'search' }],
    config: { timeout: 1000, retries: 1, memoryLimit: 256, cpuLimit: 0.5, concurrentTasks: 2 },
    permissions: { scopes: ['kb:read'], requiredRoles: ['OPERATOR'], dataAccess: 'READ' },
    ...overrides,
  };
}

const unique = () => randomUUID().slice(0, 8);

export async function newTenant(name = 'Tenant') {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${unique()}`;
  const { organization, owner, caller } = await createOrganization(
    { name, slug, owner: { email: `owner-${unique()}@example.com`, name: `${name} Owner` } },
    'test-seed',
  );
  const key = async (scopes: Scope[] = ALL_SCOPES, extra: { expiresAt?: Date | null; name?: string } = {}) =>
    (await createApiKey(caller, { name: extra.name ?? 'test key', scopes, expiresAt: extra.expiresAt })).secret;

  const tenant = {
    organization,
    owner,
    caller: caller as Caller,
    ownerKey: await key(),
    ownerJwt: await signJwt({ sub: owner.id, org: organization.id }),
    key,
    /** A new member with `role`, and an API key carrying exactly that role's scopes. */
    async member(role: Role) {
      const membership = await seedMember(caller, {
        email: `${role.toLowerCase()}-${unique()}@example.com`,
        name: `A ${role}`,
        role,
      });
      return {
        membership,
        userId: membership.userId,
        key: await key([...ROLE_SCOPES[role]]),
        jwt: await signJwt({ sub: membership.userId, org: organization.id }),
      };
    },
    async agent(
      overrides: {
        slug?: string;
        name?: string;
        tags?: string[];
        category?: 'AI_ASSISTED' | 'DOMAIN_SPECIFIC' | 'MIDDLEWARE' | 'UTILITY';
      } = {},
    ) {
      return createAgent(
        caller,
        {
          slug: overrides.slug ?? `agent-${unique()}`,
          name: overrides.name ?? 'An agent',
          description: 'Does things',
          category: overrides.category ?? 'UTILITY',
          capabilities: [],
          policyScopes: [],
          tags: overrides.tags ?? [],
        },
        undefined,
      );
    },
    async policy(kind: PolicyKind, rules: unknown, options: { key?: string; severity?: Severity } = {}) {
      return createPolicy(caller, {
        key: options.key ?? `P-${unique().toUpperCase()}`,
        name: `${kind} policy`,
        description: '',
        kind,
        defaultSeverity: options.severity ?? 'MEDIUM',
        rules,
        enabled: true,
      });
    },
    async budget(input: {
      agentId?: string;
      window?: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'TOTAL';
      limit: string;
      perCallLimit?: string;
      thresholds?: number[];
      highPriorityReserve?: number;
    }) {
      return createBudget(caller, {
        subject: input.agentId ? { type: 'AGENT', agentId: input.agentId } : { type: 'ORGANIZATION' },
        name: `budget ${unique()}`,
        window: input.window ?? 'TOTAL',
        limit: input.limit,
        perCallLimit: input.perCallLimit ?? null,
        thresholds: input.thresholds ?? [],
        highPriorityReserve: input.highPriorityReserve ?? 0,
        currency: 'USD',
      });
    },
    /** An API key bound to `agentId`, as the agent itself would use. */
    async agentKey(agentId: string, scopes: Scope[]) {
      return (await createApiKey(caller, { name: 'agent key', scopes, agentId, agentGiven: true })).secret;
    },
    async version(agentId: string, semver: string, { publish = false } = {}) {
      const v = await createAgentVersion(caller, agentId, {
        semver,
        manifest: manifestSchema.parse(validManifest(semver)),
        changelog: '',
      });
      return publish ? publishAgentVersion(caller, v.id) : v;
    },
  };
  return tenant;
}

export type Tenant = Awaited<ReturnType<typeof newTenant>>;

/** The organization's last sequence: subscribe `after` it to receive everything from now on,
 * however long the server takes to register the subscription. */
export async function headOf(organizationId: string): Promise<string> {
  const { prisma } = await import('../src/db/client.js');
  const head = await prisma.activityChainHead.findUniqueOrThrow({ where: { organizationId } });
  return String(head.lastSequence);
}
