import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const Create = graphql(`
  mutation CreateContext($input: CreateContextInput!) {
    createContext(input: $input) {
      __typename
      ... on AgentContextPayload { context { id name status revision state collaborationModel participants { role agent { id } } } }
      ... on ValidationError { issues { path message } }
    }
  }
`);
const Update = graphql(`
  mutation UpdateContext($input: UpdateContextInput!) {
    updateContext(input: $input) {
      __typename
      ... on AgentContextPayload { context { name metadata } }
      ... on ConflictError { message }
      ... on NotFoundError { message }
      ... on ValidationError { issues { path message } }
    }
  }
`);
const AddParticipant = graphql(`
  mutation AddParticipant($input: AddContextParticipantInput!) {
    addContextParticipant(input: $input) {
      __typename
      ... on AgentContextPayload { context { participants { role agent { id } } } }
      ... on ConflictError { message }
      ... on NotFoundError { message }
      ... on ValidationError { issues { path message } }
    }
  }
`);
const RemoveParticipant = graphql(`
  mutation RemoveParticipant($input: RemoveContextParticipantInput!) {
    removeContextParticipant(input: $input) {
      __typename
      ... on AgentContextPayload { context { participants { agent { id } } } }
      ... on ConflictError { message }
      ... on NotFoundError { message }
    }
  }
`);
const Pause = graphql(`
  mutation PauseContext($input: PauseContextInput!) {
    pauseContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }
  }
`);
const Resume = graphql(`
  mutation ResumeContext($input: ResumeContextInput!) {
    resumeContext(input: $input) { __typename ... on AgentContextPayload { context { status } } ... on InvalidTransitionError { from to } }
  }
`);
const Close = graphql(`
  mutation CloseContext($input: CloseContextInput!) {
    closeContext(input: $input) { __typename ... on AgentContextPayload { context { status closedAt } } ... on InvalidTransitionError { from to } }
  }
`);
const Persist = graphql(`
  mutation PersistState($input: PersistContextStateInput!) {
    persistContextState(input: $input) {
      __typename
      ... on AgentContextPayload { context { revision state } }
      ... on ConflictError { message }
      ... on NotFoundError { message }
      ... on ValidationError { issues { path message } }
    }
  }
`);
const GetContext = graphql(`
  query GetContext($id: ID!) {
    context(id: $id) {
      name status revision state
      stateHistory(first: 10) { edges { node { revision state } } }
      participants { role agent { name } }
    }
  }
`);
const ListContexts = graphql(`
  query ListContexts($filter: ContextsFilter) { contexts(first: 50, filter: $filter) { totalCount edges { node { id name } } } }
`);
const AgentContexts = graphql(`query AgentContexts($id: ID!) { agent(id: $id) { contexts { name } } }`);

async function activeAgent(t: Tenant, name = 'An agent') {
  const a = await t.agent({ name });
  await t.version(a.id, '1.0.0', { publish: true });
  return a;
}
const gid = (type: string, id: string) => encodeGlobalId(type, id);

async function newContext(t: Tenant, agents: { id: string }[], model = 'PARALLEL' as const) {
  const r = await api.ok(
    Create,
    {
      input: {
        name: 'Research',
        collaborationModel: model,
        participants: agents.map((a, i) => ({
          agentId: gid('Agent', a.id),
          role: i === 0 ? ('LEAD' as const) : ('MEMBER' as const),
        })),
        metadata: { topic: 'pricing' },
      },
    },
    t.ownerKey,
  );
  if (r.createContext.__typename !== 'AgentContextPayload') throw new Error(JSON.stringify(r.createContext));
  return r.createContext.context.id;
}

const eventsOf = (organizationId: string, verb: string) =>
  prisma.activityEvent.findMany({ where: { organizationId, verb }, orderBy: { sequence: 'asc' } });

describe('creating a context', () => {
  it('starts ACTIVE at revision 0 with its participants, and records context.created', async () => {
    const t = await newTenant();
    const lead = await activeAgent(t, 'Lead');
    const member = await activeAgent(t, 'Member');
    const r = await api.ok(
      Create,
      {
        input: {
          name: 'Launch',
          collaborationModel: 'HIERARCHICAL',
          participants: [
            { agentId: gid('Agent', lead.id), role: 'LEAD' },
            { agentId: gid('Agent', member.id), role: 'OBSERVER' },
          ],
        },
      },
      t.ownerKey,
    );
    expect(r.createContext).toMatchObject({
      context: {
        name: 'Launch',
        status: 'ACTIVE',
        revision: 0,
        state: {},
        collaborationModel: 'HIERARCHICAL',
        participants: [
          { role: 'LEAD', agent: { id: gid('Agent', lead.id) } },
          { role: 'OBSERVER', agent: { id: gid('Agent', member.id) } },
        ],
      },
    });
    expect(await eventsOf(t.organization.id, 'context.created')).toHaveLength(1);
  });

  it('refuses bad participants with a ValidationError and creates nothing', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await activeAgent(t);
    const draft = await t.agent();
    const foreign = await activeAgent(other);
    const attempt = (participants: { agentId: string; role: 'LEAD' | 'MEMBER' | 'OBSERVER' }[], model = 'PARALLEL') =>
      api.ok(Create, { input: { name: 'x', collaborationModel: model as 'PARALLEL', participants } }, t.ownerKey);
    const issues = async (p: Promise<Awaited<ReturnType<typeof attempt>>>) => {
      const r = (await p).createContext;
      if (r.__typename !== 'ValidationError') throw new Error(`expected a ValidationError, got ${r.__typename}`);
      return r.issues;
    };
    expect(await issues(attempt([]))).toEqual([
      { path: ['input', 'participants'], message: 'must name at least one agent' },
    ]);
    expect(
      await issues(
        attempt([
          { agentId: gid('Agent', a.id), role: 'MEMBER' },
          { agentId: gid('Agent', a.id), role: 'MEMBER' },
        ]),
      ),
    ).toEqual([{ path: ['input', 'participants', '1', 'agentId'], message: 'names an agent twice' }]);
    expect(await issues(attempt([{ agentId: gid('Agent', a.id), role: 'MEMBER' }], 'HIERARCHICAL'))).toEqual([
      { path: ['input', 'participants'], message: 'a HIERARCHICAL context needs exactly one LEAD' },
    ]);
    expect(await issues(attempt([{ agentId: gid('Agent', draft.id), role: 'MEMBER' }]))).toEqual([
      { path: ['input', 'participants', '0', 'agentId'], message: 'the agent is DRAFT, not ACTIVE' },
    ]);
    expect(await issues(attempt([{ agentId: gid('Agent', foreign.id), role: 'MEMBER' }]))).toEqual([
      { path: ['input', 'participants', '0', 'agentId'], message: 'names no agent of your organization' },
    ]);
    const name = await api.ok(
      Create,
      {
        input: {
          name: '  ',
          collaborationModel: 'PARALLEL',
          participants: [{ agentId: gid('Agent', a.id), role: 'MEMBER' }],
        },
      },
      t.ownerKey,
    );
    expect(name.createContext).toMatchObject({ issues: [{ path: ['input', 'name'] }] });
    expect(await prisma.agentContext.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });

  it('needs contexts:write: a VIEWER is FORBIDDEN', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const viewer = await t.member('VIEWER');
    const r = await api.gql(
      Create,
      { input: { name: 'x', collaborationModel: 'PARALLEL', participants: [{ agentId: gid('Agent', a.id) }] } },
      viewer.key,
    );
    expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('participants and lifecycle', () => {
  it('adds and removes participants under the rules: ACTIVE agents, one LEAD, no duplicates, never the last', async () => {
    const t = await newTenant();
    const [a, b, c] = [await activeAgent(t), await activeAgent(t), await activeAgent(t)];
    const id = await newContext(t, [a]);
    const add = (agentId: string, role: 'LEAD' | 'MEMBER' | 'OBSERVER') =>
      api.ok(AddParticipant, { input: { contextId: id, agentId: gid('Agent', agentId), role } }, t.ownerKey);
    expect((await add(b.id, 'MEMBER')).addContextParticipant.__typename).toBe('AgentContextPayload');
    expect((await add(b.id, 'OBSERVER')).addContextParticipant).toMatchObject({
      __typename: 'ConflictError',
      message: 'The agent already takes part in this context.',
    });
    expect((await add(c.id, 'LEAD')).addContextParticipant).toMatchObject({
      __typename: 'ConflictError',
      message: 'The context already has a LEAD.',
    });
    const remove = (agentId: string) =>
      api.ok(RemoveParticipant, { input: { contextId: id, agentId: gid('Agent', agentId) } }, t.ownerKey);
    expect((await remove(c.id)).removeContextParticipant.__typename).toBe('NotFoundError');
    expect((await remove(b.id)).removeContextParticipant).toMatchObject({
      context: { participants: [{ agent: { id: gid('Agent', a.id) } }] },
    });
    expect((await remove(a.id)).removeContextParticipant).toMatchObject({
      __typename: 'ConflictError',
      message: 'A context keeps at least one participant.',
    });
    expect(await eventsOf(t.organization.id, 'context.participant_added')).toHaveLength(1);
    expect(await eventsOf(t.organization.id, 'context.participant_removed')).toHaveLength(1);
  });

  it('a context holds at most 50 participants: the 51st is a ConflictError and joins nothing', async () => {
    const t = await newTenant();
    const first = await activeAgent(t);
    const id = await newContext(t, [first]);
    const contextId = Buffer.from(id, 'base64url').toString().split(':')[1] as string;
    // 50 more ACTIVE agents; 49 of them join directly, as setup.
    const others = await Promise.all(Array.from({ length: 50 }, () => t.agent()));
    await prisma.agent.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { status: 'ACTIVE' } });
    await prisma.contextParticipant.createMany({
      data: others.slice(0, 49).map((o) => ({ contextId, agentId: o.id, role: 'MEMBER' as const })),
    });
    const last = others[49] as { id: string };
    const answer = await api.ok(
      AddParticipant,
      { input: { contextId: id, agentId: gid('Agent', last.id), role: 'MEMBER' } },
      t.ownerKey,
    );
    expect(answer.addContextParticipant).toMatchObject({
      __typename: 'ConflictError',
      message: 'A context has at most 50 participants.',
    });
    expect(await prisma.contextParticipant.count({ where: { contextId } })).toBe(50);
    expect(await eventsOf(t.organization.id, 'context.participant_added')).toHaveLength(0);
  });

  it('pauses, resumes and closes; a closed context is read-only; other steps are InvalidTransitionError', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const b = await activeAgent(t);
    const id = await newContext(t, [a]);
    const input = { input: { contextId: id } };
    expect((await api.ok(Resume, input, t.ownerKey)).resumeContext).toMatchObject({ from: 'ACTIVE', to: 'ACTIVE' });
    expect((await api.ok(Pause, input, t.ownerKey)).pauseContext).toMatchObject({ context: { status: 'PAUSED' } });
    expect((await api.ok(Pause, input, t.ownerKey)).pauseContext).toMatchObject({ from: 'PAUSED', to: 'PAUSED' });
    expect((await api.ok(Resume, input, t.ownerKey)).resumeContext).toMatchObject({ context: { status: 'ACTIVE' } });
    const closed = (await api.ok(Close, input, t.ownerKey)).closeContext;
    expect(closed).toMatchObject({ context: { status: 'CLOSED' } });
    expect((await api.ok(Resume, input, t.ownerKey)).resumeContext).toMatchObject({ from: 'CLOSED', to: 'ACTIVE' });

    const readOnly = { __typename: 'ConflictError', message: 'The context is closed; it is read-only.' };
    expect((await api.ok(Update, { input: { contextId: id, name: 'new' } }, t.ownerKey)).updateContext).toMatchObject(
      readOnly,
    );
    expect(
      (await api.ok(AddParticipant, { input: { contextId: id, agentId: gid('Agent', b.id) } }, t.ownerKey))
        .addContextParticipant,
    ).toMatchObject(readOnly);
    expect(
      (await api.ok(Persist, { input: { contextId: id, state: { x: 1 }, expectedRevision: 0 } }, t.ownerKey))
        .persistContextState,
    ).toMatchObject(readOnly);
    expect((await api.ok(GetContext, { id }, t.ownerKey)).context).toMatchObject({ name: 'Research', revision: 0 });
    expect(
      (await eventsOf(t.organization.id, 'context.paused')).length +
        (await eventsOf(t.organization.id, 'context.resumed')).length +
        (await eventsOf(t.organization.id, 'context.closed')).length,
    ).toBe(3);
  });

  it('updates name and metadata, validating them', async () => {
    const t = await newTenant();
    const id = await newContext(t, [await activeAgent(t)]);
    expect(
      (await api.ok(Update, { input: { contextId: id, name: 'Renamed', metadata: { a: 1 } } }, t.ownerKey))
        .updateContext,
    ).toEqual({ __typename: 'AgentContextPayload', context: { name: 'Renamed', metadata: { a: 1 } } });
    expect((await api.ok(Update, { input: { contextId: id, name: '' } }, t.ownerKey)).updateContext).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'name'] }],
    });
    expect(
      (await api.ok(Update, { input: { contextId: id, metadata: [1, 2] } }, t.ownerKey)).updateContext,
    ).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'metadata'] }] });
    expect(await eventsOf(t.organization.id, 'context.updated')).toHaveLength(1);
  });

  it('lists contexts by status and agent, and agent.contexts names them', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const b = await activeAgent(t);
    const both = await newContext(t, [a, b]);
    await newContext(t, [a]);
    await api.ok(Close, { input: { contextId: both } }, t.ownerKey);
    const byAgent = await api.ok(ListContexts, { filter: { agentId: gid('Agent', b.id) } }, t.ownerKey);
    expect(byAgent.contexts.edges.map((e) => e.node.id)).toEqual([both]);
    const open = await api.ok(ListContexts, { filter: { status: ['ACTIVE'] } }, t.ownerKey);
    expect(open.contexts.totalCount).toBe(1);
    expect((await api.ok(AgentContexts, { id: gid('Agent', a.id) }, t.ownerKey)).agent?.contexts).toHaveLength(2);
  });
});

describe('persistent state', () => {
  it('persists with the expected revision, keeps every revision, and refuses a stale one without changing anything', async () => {
    const t = await newTenant();
    const id = await newContext(t, [await activeAgent(t)]);
    const persist = (state: unknown, expectedRevision: number) =>
      api.ok(Persist, { input: { contextId: id, state, expectedRevision } }, t.ownerKey);
    expect((await persist({ step: 1 }, 0)).persistContextState).toMatchObject({
      context: { revision: 1, state: { step: 1 } },
    });
    expect((await persist({ step: 2 }, 1)).persistContextState).toMatchObject({ context: { revision: 2 } });
    expect((await persist({ step: 'stale' }, 1)).persistContextState).toEqual({
      __typename: 'ConflictError',
      message: 'The state is at revision 2, not 1: read it again and retry.',
    });
    expect((await persist({ step: 3 }, -1)).persistContextState).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'expectedRevision'] }],
    });
    const got = await api.ok(GetContext, { id }, t.ownerKey);
    expect(got.context).toMatchObject({ revision: 2, state: { step: 2 } });
    expect(got.context?.stateHistory.edges.map((e) => e.node)).toEqual([
      { revision: 2, state: { step: 2 } },
      { revision: 1, state: { step: 1 } },
      { revision: 0, state: {} },
    ]);
    expect(await eventsOf(t.organization.id, 'context.state_persisted')).toHaveLength(2);
  });

  it('of two concurrent writers of the same revision, exactly one wins', async () => {
    const t = await newTenant();
    const id = await newContext(t, [await activeAgent(t)]);
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        [1, 2, 3, 4].map((w) =>
          api.ok(Persist, { input: { contextId: id, state: { writer: w }, expectedRevision: round } }, t.ownerKey),
        ),
      );
      const kinds = results.map((r) => r.persistContextState.__typename).sort();
      expect(kinds).toEqual(['AgentContextPayload', 'ConflictError', 'ConflictError', 'ConflictError']);
    }
    const got = await api.ok(GetContext, { id }, t.ownerKey);
    expect(got.context?.revision).toBe(5);
    expect(got.context?.stateHistory.edges).toHaveLength(6);
  });
});

describe('tenant isolation', () => {
  it('another organization cannot read, change or detect a context, nor use its own agents in it', async () => {
    const t = await newTenant();
    const rival = await newTenant();
    const a = await activeAgent(t);
    const theirs = await activeAgent(rival);
    const id = await newContext(t, [a]);
    const missing = gid('AgentContext', '00000000-0000-4000-8000-000000000000');
    expect((await api.ok(GetContext, { id }, rival.ownerKey)).context).toBeNull();
    expect((await api.ok(ListContexts, {}, rival.ownerKey)).contexts.totalCount).toBe(0);
    for (const contextId of [id, missing]) {
      expect((await api.ok(Update, { input: { contextId, name: 'x' } }, rival.ownerKey)).updateContext).toEqual({
        __typename: 'NotFoundError',
        message: 'AgentContext not found.',
      });
      expect((await api.ok(Pause, { input: { contextId } }, rival.ownerKey)).pauseContext.__typename).toBe(
        'NotFoundError',
      );
      expect(
        (await api.ok(Persist, { input: { contextId, state: {}, expectedRevision: 0 } }, rival.ownerKey))
          .persistContextState.__typename,
      ).toBe('NotFoundError');
      expect(
        (await api.ok(AddParticipant, { input: { contextId, agentId: gid('Agent', theirs.id) } }, rival.ownerKey))
          .addContextParticipant.__typename,
      ).toBe('NotFoundError');
    }
    const got = await prisma.agentContext.findFirstOrThrow({ where: { organizationId: t.organization.id } });
    expect(got).toMatchObject({ name: 'Research', status: 'ACTIVE', revision: 0 });
  });
});
