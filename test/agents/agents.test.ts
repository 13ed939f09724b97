import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const CreateAgent = graphql(`
  mutation CreateAgent($input: CreateAgentInput!) {
    createAgent(input: $input) {
      __typename
      ... on AgentPayload { agent { id slug status governor { id name } } }
      ... on ValidationError { message issues { path message } }
      ... on ConflictError { message }
    }
  }
`);

const UpdateAgent = graphql(`
  mutation UpdateAgent($input: UpdateAgentInput!) {
    updateAgent(input: $input) {
      __typename
      ... on AgentPayload { agent { id slug name tags } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
      ... on NotFoundError { message }
      ... on InvalidTransitionError { from to }
    }
  }
`);

const SuspendAgent = graphql(`
  mutation SuspendAgent($input: SuspendAgentInput!) {
    suspendAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }
  }
`);
const ReactivateAgent = graphql(`
  mutation ReactivateAgent($input: ReactivateAgentInput!) {
    reactivateAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }
  }
`);
const RetireAgent = graphql(`
  mutation RetireAgent($input: RetireAgentInput!) {
    retireAgent(input: $input) { __typename ... on AgentPayload { agent { status } } ... on InvalidTransitionError { from to } }
  }
`);

const AgentsList = graphql(`
  query AgentsList($first: Int, $filter: AgentsFilter, $orderBy: AgentOrder) {
    agents(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { slug status tags } } }
  }
`);

const Dashboard = graphql(`
  query Dashboard($first: Int!) {
    agents(first: $first) {
      edges { node { governor { id } currentVersion { semver } versions(first: 5) { edges { node { semver } } } } }
    }
  }
`);

// The B1 benchmark's page (bench/dashboard.ts).
const TrustPage = graphql(`
  query TrustPage($first: Int!) {
    agents(first: $first) { edges { node {
      name status currentVersion { semver } trustScore { overall } openViolationCount
      versions(first: 3) { edges { node { semver } } }
    } } }
  }
`);

const AgentBySlug = graphql(`query AgentBySlug($slug: String!) { agentBySlug(slug: $slug) { id slug } }`);

describe('createAgent', () => {
  it('creates a DRAFT agent governed by the caller by default and appends agent.created', async () => {
    const t = await newTenant();
    const { createAgent } = await api.ok(
      CreateAgent,
      { input: { slug: 'helper', name: 'Helper', category: 'UTILITY' } },
      t.ownerJwt,
    );
    expect(createAgent.__typename).toBe('AgentPayload');
    if (createAgent.__typename !== 'AgentPayload') return;
    expect(createAgent.agent.status).toBe('DRAFT');
    expect(createAgent.agent.governor.id).toBe(encodeGlobalId('User', t.owner.id));
    const events = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, verb: 'agent.created' },
    });
    expect(events).toHaveLength(1);
  });

  it('rejects a slug that is not URL-safe and an oversized name, with the path of each, changing nothing', async () => {
    const t = await newTenant();
    const { createAgent } = await api.ok(
      CreateAgent,
      { input: { slug: 'Not Safe!', name: 'x'.repeat(201), category: 'UTILITY' } },
      t.ownerKey,
    );
    expect(createAgent.__typename).toBe('ValidationError');
    if (createAgent.__typename !== 'ValidationError') return;
    expect(createAgent.issues.map((i) => i.path.join('.')).sort()).toEqual(['input.name', 'input.slug']);
    expect(await prisma.agent.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });

  it('answers ConflictError for a slug already used in the organization, and allows it in another', async () => {
    const t = await newTenant();
    const other = await newTenant();
    await t.agent({ slug: 'dup' });
    const { createAgent } = await api.ok(
      CreateAgent,
      { input: { slug: 'dup', name: 'Dup', category: 'UTILITY' } },
      t.ownerKey,
    );
    expect(createAgent.__typename).toBe('ConflictError');
    const again = await api.ok(
      CreateAgent,
      { input: { slug: 'dup', name: 'Dup', category: 'UTILITY' } },
      other.ownerKey,
    );
    expect(again.createAgent.__typename).toBe('AgentPayload');
  });

  it('requires the governor to be a member of the organization', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const { createAgent } = await api.ok(
      CreateAgent,
      { input: { slug: 'gov', name: 'Gov', category: 'UTILITY', governorId: encodeGlobalId('User', other.owner.id) } },
      t.ownerKey,
    );
    expect(createAgent.__typename).toBe('ValidationError');
    if (createAgent.__typename === 'ValidationError')
      expect(createAgent.issues[0]?.path).toEqual(['input', 'governorId']);
  });

  it('is FORBIDDEN for a VIEWER', async () => {
    const t = await newTenant();
    const viewer = await t.member('VIEWER');
    const result = await api.gql(
      CreateAgent,
      { input: { slug: 'nope', name: 'Nope', category: 'UTILITY' } },
      viewer.key,
    );
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await prisma.agent.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });
});

describe('updateAgent', () => {
  it('changes only the given fields and answers ConflictError on a taken slug', async () => {
    const t = await newTenant();
    const a = await t.agent({ slug: 'one', tags: ['x'] });
    await t.agent({ slug: 'two' });
    const id = encodeGlobalId('Agent', a.id);
    const renamed = await api.ok(UpdateAgent, { input: { agentId: id, name: 'Renamed' } }, t.ownerKey);
    expect(renamed.updateAgent).toMatchObject({
      __typename: 'AgentPayload',
      agent: { slug: 'one', name: 'Renamed', tags: ['x'] },
    });
    const taken = await api.ok(UpdateAgent, { input: { agentId: id, slug: 'two' } }, t.ownerKey);
    expect(taken.updateAgent.__typename).toBe('ConflictError');
  });

  it('answers NotFoundError for an unknown agent and a retired agent cannot change', async () => {
    const t = await newTenant();
    const missing = await api.ok(
      UpdateAgent,
      { input: { agentId: encodeGlobalId('Agent', '00000000-0000-4000-8000-000000000000'), name: 'x' } },
      t.ownerKey,
    );
    expect(missing.updateAgent.__typename).toBe('NotFoundError');
    const a = await t.agent();
    const id = encodeGlobalId('Agent', a.id);
    await api.ok(RetireAgent, { input: { agentId: id } }, t.ownerKey);
    const retired = await api.ok(UpdateAgent, { input: { agentId: id, name: 'x' } }, t.ownerKey);
    expect(retired.updateAgent.__typename).toBe('InvalidTransitionError');
  });
});

describe('agent status transitions', () => {
  it('ACTIVE → SUSPENDED → ACTIVE → RETIRED, each with its event; other steps are InvalidTransitionError', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const input = { agentId: encodeGlobalId('Agent', a.id) };
    // DRAFT cannot be suspended or reactivated: it becomes ACTIVE by publishing a version.
    expect((await api.ok(SuspendAgent, { input }, t.ownerKey)).suspendAgent).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'DRAFT',
      to: 'SUSPENDED',
    });
    expect((await api.ok(ReactivateAgent, { input }, t.ownerKey)).reactivateAgent).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'DRAFT',
      to: 'ACTIVE',
    });
    await t.version(a.id, '1.0.0', { publish: true });
    expect((await api.ok(SuspendAgent, { input }, t.ownerKey)).suspendAgent).toMatchObject({
      agent: { status: 'SUSPENDED' },
    });
    expect((await api.ok(SuspendAgent, { input }, t.ownerKey)).suspendAgent.__typename).toBe('InvalidTransitionError');
    expect((await api.ok(ReactivateAgent, { input }, t.ownerKey)).reactivateAgent).toMatchObject({
      agent: { status: 'ACTIVE' },
    });
    expect((await api.ok(RetireAgent, { input }, t.ownerKey)).retireAgent).toMatchObject({
      agent: { status: 'RETIRED' },
    });
    expect((await api.ok(ReactivateAgent, { input }, t.ownerKey)).reactivateAgent).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'RETIRED',
      to: 'ACTIVE',
    });
    const verbs = (await prisma.activityEvent.findMany({ where: { agentId: a.id }, orderBy: { sequence: 'asc' } })).map(
      (e) => e.verb,
    );
    expect(verbs).toEqual([
      'agent.created',
      'version.created',
      'version.published',
      'agent.activated',
      'agent.suspended',
      'agent.reactivated',
      'agent.retired',
    ]);
  });
});

describe('agents query', () => {
  it('filters by status, tag and search, orders, and counts', async () => {
    const t = await newTenant();
    await t.agent({ slug: 'alpha', name: 'Alpha', tags: ['red'] });
    await t.agent({ slug: 'bravo', name: 'Bravo', tags: ['blue'] });
    const live = await t.agent({ slug: 'charlie', name: 'Charlie', tags: ['red'] });
    await t.version(live.id, '1.0.0', { publish: true });
    const all = await api.ok(AgentsList, { first: 10, orderBy: { field: 'NAME', direction: 'DESC' } }, t.ownerKey);
    expect(all.agents.totalCount).toBe(3);
    expect(all.agents.edges.map((e) => e.node.slug)).toEqual(['charlie', 'bravo', 'alpha']);
    const red = await api.ok(AgentsList, { first: 10, filter: { tag: 'red', status: ['DRAFT'] } }, t.ownerKey);
    expect(red.agents.edges.map((e) => e.node.slug)).toEqual(['alpha']);
    const search = await api.ok(AgentsList, { first: 10, filter: { search: 'RAV' } }, t.ownerKey);
    expect(search.agents.edges.map((e) => e.node.slug)).toEqual(['bravo']);
  });

  it('rejects first: 1000 with BAD_USER_INPUT', async () => {
    const t = await newTenant();
    const result = await api.gql(AgentsList, { first: 1000 }, t.ownerKey);
    expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('finds an agent by slug', async () => {
    const t = await newTenant();
    const a = await t.agent({ slug: 'by-slug' });
    expect((await api.ok(AgentBySlug, { slug: 'by-slug' }, t.ownerKey)).agentBySlug?.id).toBe(
      encodeGlobalId('Agent', a.id),
    );
    expect((await api.ok(AgentBySlug, { slug: 'x'.repeat(5000) }, t.ownerKey)).agentBySlug).toBeNull();
  });
});

describe('the dashboard query', () => {
  it('costs one SQL statement for 5 and for 50 agents (the API key is cached)', async () => {
    const t = await newTenant();
    const token = t.ownerKey;
    const countFor = async (first: number) => {
      // Authenticate first: the key is then cached (API_KEY_CACHE_SECONDS), even on a machine so
      // loaded that creating the agents took longer than the cache lasts.
      await api.ok(AgentsList, { first: 1 }, token);
      const statements = await api.statements(() => api.ok(Dashboard, { first }, token));
      return statements.length;
    };
    for (let i = 0; i < 50; i++) {
      const a = await t.agent();
      await t.version(a.id, '1.0.0', { publish: true });
      await t.version(a.id, '1.1.0');
    }
    const five = await countFor(5);
    const fifty = await countFor(50);
    expect(five).toBe(1);
    expect(fifty).toBe(1);
  });

  it('loads the trust page (relations, connection and open violation count) in one statement, whatever the page size', async () => {
    const t = await newTenant();
    await api.ok(AgentsList, { first: 1 }, t.ownerKey);
    for (let i = 0; i < 12; i++) {
      const a = await t.agent();
      await t.version(a.id, '1.0.0', { publish: true });
      await t.version(a.id, '1.1.0');
      await t.version(a.id, '1.2.0');
      await t.version(a.id, '1.3.0');
    }
    const statementsFor = async (first: number) =>
      (await api.statements(() => api.ok(TrustPage, { first }, t.ownerKey))).length;
    const { agents } = await api.ok(TrustPage, { first: 12 }, t.ownerKey);
    expect(agents.edges).toHaveLength(12);
    expect(agents.edges.every((e) => e.node.versions.edges.length === 3)).toBe(true);
    expect(await statementsFor(2)).toBe(1);
    expect(await statementsFor(12)).toBe(1);
  });

  it('reads only the columns the query selects (no manifests, no trust inputs)', async () => {
    const t = await newTenant();
    const a = await t.agent();
    await t.version(a.id, '1.0.0', { publish: true });
    await api.ok(AgentsList, { first: 1 }, t.ownerKey);
    const [agents] = await api.statements(() => api.ok(TrustPage, { first: 5 }, t.ownerKey));
    expect(agents).toContain('"semver"');
    expect(agents).toContain('"overall"');
    expect(agents).not.toContain('"manifest"');
    expect(agents).not.toContain('"inputs"');
    expect(agents).not.toContain('"description"');
  });
});
