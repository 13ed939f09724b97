import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { headOf, newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const Create = graphql(`
  mutation CreateContextForMessages($input: CreateContextInput!) {
    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }
  }
`);
const Post = graphql(`
  mutation PostMessage($input: PostContextMessageInput!) {
    postContextMessage(input: $input) {
      __typename
      ... on ContextMessagePayload { contextMessage { id type blocked content violationId decision { outcome reasons policyKeys } from { name } to { name } replyTo { id } } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
      ... on NotFoundError { message }
    }
  }
`);
const Pause = graphql(
  `mutation PauseForMessages($input: PauseContextInput!) { pauseContext(input: $input) { __typename } }`,
);
const Messages = graphql(`
  query ContextMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    context(id: $id) {
      messages(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
        edges { node { content blocked } }
      }
    }
  }
`);
const Metrics = graphql(`
  query ContextMetrics($id: ID!) {
    context(id: $id) {
      metrics { messageCount blockedMessageCount averageResponseSeconds spend inputTokens outputTokens lastActivityAt messagesPerAgent { count agent { name } } }
    }
  }
`);
const Hot = graphql(`
  query ContextHot($id: ID!) {
    context(id: $id) {
      participants { agent { name } }
      messages(first: 50) { edges { node { from { name } type } } }
      metrics { messageCount }
    }
  }
`);
const ListWithMetrics = graphql(`
  query ContextsWithMetrics { contexts(first: 50) { edges { node { name metrics { messageCount spend } } } } }
`);
const Added = graphql(`
  subscription MessageAdded($contextId: ID!, $after: String) {
    contextMessageAdded(contextId: $contextId, after: $after) { type content blocked from { name } }
  }
`);
const AuthorizeInContext = graphql(`
  mutation AuthorizeInContext($input: AuthorizeSpendInput!) {
    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id } } ... on NotFoundError { message } }
  }
`);
const SettleInContext = graphql(`
  mutation SettleInContext($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }
`);

const gid = (type: string, id: string) => encodeGlobalId(type, id);

async function activeAgent(t: Tenant, name: string) {
  const a = await t.agent({ name });
  await t.version(a.id, '1.0.0', { publish: true });
  return a;
}

/** A context with a LEAD, a MEMBER and an OBSERVER. */
async function team(t: Tenant) {
  const lead = await activeAgent(t, 'Planner');
  const member = await activeAgent(t, 'Researcher');
  const observer = await activeAgent(t, 'Auditor');
  const r = await api.ok(
    Create,
    {
      input: {
        name: 'Team',
        collaborationModel: 'HIERARCHICAL',
        participants: [
          { agentId: gid('Agent', lead.id), role: 'LEAD' },
          { agentId: gid('Agent', member.id), role: 'MEMBER' },
          { agentId: gid('Agent', observer.id), role: 'OBSERVER' },
        ],
      },
    },
    t.ownerKey,
  );
  if (r.createContext.__typename !== 'AgentContextPayload') throw new Error(r.createContext.__typename);
  return { id: r.createContext.context.id, lead, member, observer };
}

type PostInput = {
  from: { id: string };
  to?: { id: string }[];
  type?: 'REQUEST' | 'RESPONSE' | 'BROADCAST' | 'HANDOFF' | 'SYSTEM';
  content?: unknown;
  replyToId?: string;
};
const post = (t: Tenant, contextId: string, m: PostInput, token = t.ownerKey) =>
  api
    .ok(
      Post,
      {
        input: {
          contextId,
          fromAgentId: gid('Agent', m.from.id),
          toAgentIds: (m.to ?? []).map((a) => gid('Agent', a.id)),
          type: m.type ?? 'BROADCAST',
          content: m.content ?? { text: 'hello' },
          replyToId: m.replyToId,
        },
      },
      token,
    )
    .then((r) => r.postContextMessage);

describe('posting messages', () => {
  it('delivers a message from a participant with the ALLOW decision attached, and records context.message_posted', async () => {
    const t = await newTenant();
    const c = await team(t);
    const m = await post(t, c.id, { from: c.lead, to: [c.member], type: 'REQUEST', content: { ask: 'prices?' } });
    expect(m).toMatchObject({
      contextMessage: {
        type: 'REQUEST',
        blocked: false,
        content: { ask: 'prices?' },
        from: { name: 'Planner' },
        to: [{ name: 'Researcher' }],
        decision: { outcome: 'ALLOW', policyKeys: [] },
        violationId: null,
      },
    });
    const events = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, verb: 'context.message_posted' },
    });
    expect(events).toHaveLength(1);
  });

  it('enforces who may send to whom, replies and message shapes, changing nothing on failure', async () => {
    const t = await newTenant();
    const c = await team(t);
    const outsider = await activeAgent(t, 'Outsider');
    const other = await team(t);
    const first = await post(t, other.id, { from: other.lead });
    const otherMessage = first.__typename === 'ContextMessagePayload' ? first.contextMessage.id : '';

    expect(await post(t, c.id, { from: c.observer })).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'fromAgentId'], message: 'is an OBSERVER: observers cannot send' }],
    });
    expect(await post(t, c.id, { from: outsider })).toMatchObject({
      issues: [{ path: ['input', 'fromAgentId'], message: 'must be a participant of the context' }],
    });
    expect(await post(t, c.id, { from: c.lead, to: [outsider], type: 'REQUEST' })).toMatchObject({
      issues: [{ path: ['input', 'toAgentIds', '0'], message: 'must be a participant of the context' }],
    });
    expect(await post(t, c.id, { from: c.lead, type: 'REQUEST' })).toMatchObject({
      issues: [{ path: ['input', 'toAgentIds'], message: 'a REQUEST needs at least one recipient' }],
    });
    expect(await post(t, c.id, { from: c.lead, to: [c.member, c.observer], type: 'HANDOFF' })).toMatchObject({
      issues: [{ path: ['input', 'toAgentIds'], message: 'a HANDOFF goes to exactly one agent' }],
    });
    expect(await post(t, c.id, { from: c.member, to: [c.lead], type: 'RESPONSE' })).toMatchObject({
      issues: [{ path: ['input', 'replyToId'], message: 'a RESPONSE must reply to a message' }],
    });
    expect(
      await post(t, c.id, { from: c.member, to: [c.lead], type: 'RESPONSE', replyToId: otherMessage }),
    ).toMatchObject({ issues: [{ path: ['input', 'replyToId'], message: 'must be a message of the same context' }] });
    expect(await post(t, c.id, { from: c.lead, content: { text: 'x'.repeat(100_001) } })).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'content'], message: 'must be at most 100 kB of JSON' }],
    });
    expect(await prisma.contextMessage.count({ where: { contextId: idOf(c.id) } })).toBe(0);
  });

  it("an agent's own key posts only as itself", async () => {
    const t = await newTenant();
    const c = await team(t);
    const leadKey = await t.agentKey(c.lead.id, ['contexts:post', 'contexts:read', 'agents:read']);
    expect((await post(t, c.id, { from: c.lead }, leadKey)).__typename).toBe('ContextMessagePayload');
    expect(await post(t, c.id, { from: c.member }, leadKey)).toEqual({
      __typename: 'NotFoundError',
      message: 'Agent not found.',
    });
  });

  it('a paused context takes no messages', async () => {
    const t = await newTenant();
    const c = await team(t);
    await api.ok(Pause, { input: { contextId: c.id } }, t.ownerKey);
    expect(await post(t, c.id, { from: c.lead })).toEqual({
      __typename: 'ConflictError',
      message: 'The context is paused; resume it to post messages.',
    });
  });

  it('a message policy denies is stored as blocked, raises a violation, and is not delivered', async () => {
    const t = await newTenant();
    const c = await team(t);
    const policy = await t.policy('CONTENT', { deny: ['api[_-]?key'] }, { key: 'NO-SECRETS', severity: 'HIGH' });
    const live = await subscribeWs(
      api.url,
      Added,
      { contextId: c.id, after: await headOf(t.organization.id) },
      t.ownerKey,
    );
    try {
      const blocked = await post(t, c.id, { from: c.member, content: { text: 'the api_key is sk-123' } });
      expect(blocked).toMatchObject({
        contextMessage: { blocked: true, decision: { outcome: 'DENY', policyKeys: ['NO-SECRETS'] } },
      });
      const violationId = blocked.__typename === 'ContextMessagePayload' ? blocked.contextMessage.violationId : null;
      expect(violationId).toBeTruthy();
      const violation = await prisma.violation.findFirstOrThrow({ where: { organizationId: t.organization.id } });
      expect(violation).toMatchObject({ agentId: c.member.id, policyId: policy.id, severity: 'HIGH', status: 'OPEN' });
      expect(violationId).toBe(gid('Violation', violation.id));

      await post(t, c.id, { from: c.member, content: { text: 'all clear' } });
      const [delivered] = await live.waitFor(1);
      expect(delivered?.contextMessageAdded).toEqual({
        type: 'BROADCAST',
        content: { text: 'all clear' },
        blocked: false,
        from: { name: 'Researcher' },
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(live.data).toHaveLength(1);
      // Stored, and visible in the history as blocked.
      const history = await api.ok(Messages, { id: c.id, first: 10 }, t.ownerKey);
      expect(history.context?.messages.edges.map((e) => e.node.blocked)).toEqual([true, false]);
    } finally {
      await live.close();
    }
  });
});

describe('history and metrics', () => {
  it('pages the history oldest first, and last/before from the end', async () => {
    const t = await newTenant();
    const c = await team(t);
    for (let i = 1; i <= 7; i++) await post(t, c.id, { from: c.lead, content: { n: i } });
    const page1 = await api.ok(Messages, { id: c.id, first: 3 }, t.ownerKey);
    expect(page1.context?.messages.edges.map((e) => e.node.content)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(page1.context?.messages).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true } });
    const page2 = await api.ok(
      Messages,
      { id: c.id, first: 3, after: page1.context?.messages.pageInfo.endCursor },
      t.ownerKey,
    );
    expect(page2.context?.messages.edges.map((e) => e.node.content)).toEqual([{ n: 4 }, { n: 5 }, { n: 6 }]);
    const tail = await api.ok(Messages, { id: c.id, last: 2 }, t.ownerKey);
    expect(tail.context?.messages.edges.map((e) => e.node.content)).toEqual([{ n: 6 }, { n: 7 }]);
    const before = await api.ok(
      Messages,
      { id: c.id, last: 2, before: tail.context?.messages.pageInfo.startCursor },
      t.ownerKey,
    );
    expect(before.context?.messages.edges.map((e) => e.node.content)).toEqual([{ n: 4 }, { n: 5 }]);
  });

  it('counts messages per agent, times REQUEST → RESPONSE, and sums spend and tokens settled with the contextId', async () => {
    const t = await newTenant();
    const c = await team(t);
    const request = await post(t, c.id, { from: c.lead, to: [c.member], type: 'REQUEST' });
    const requestId = request.__typename === 'ContextMessagePayload' ? request.contextMessage.id : '';
    await new Promise((r) => setTimeout(r, 120));
    await post(t, c.id, { from: c.member, to: [c.lead], type: 'RESPONSE', replyToId: requestId });
    await post(t, c.id, { from: c.lead });
    const decision = await api.ok(
      AuthorizeInContext,
      {
        input: {
          agentId: gid('Agent', c.member.id),
          amount: '2',
          service: 'llm',
          requestKey: 'ctx-1',
          contextId: c.id,
        },
      },
      t.ownerKey,
    );
    const reservationId =
      decision.authorizeSpend.__typename === 'SpendDecision' ? decision.authorizeSpend.reservation?.id : undefined;
    await api.ok(
      SettleInContext,
      { input: { reservationId: reservationId as string, actualAmount: '1.25', inputTokens: 100, outputTokens: 40 } },
      t.ownerKey,
    );
    const m = (await api.ok(Metrics, { id: c.id }, t.ownerKey)).context?.metrics;
    expect(m).toMatchObject({
      messageCount: 3,
      blockedMessageCount: 0,
      spend: '1.25',
      inputTokens: 100,
      outputTokens: 40,
      messagesPerAgent: [
        { count: 2, agent: { name: 'Planner' } },
        { count: 1, agent: { name: 'Researcher' } },
      ],
    });
    expect(m?.averageResponseSeconds).toBeGreaterThanOrEqual(0.1);
    expect(m?.averageResponseSeconds).toBeLessThan(5);

    // A contextId of another organization is as good as missing.
    const rival = await newTenant();
    const rivalAgent = await activeAgent(rival, 'Rival');
    const foreign = await api.ok(
      AuthorizeInContext,
      {
        input: { agentId: gid('Agent', rivalAgent.id), amount: '1', service: 'llm', requestKey: 'x', contextId: c.id },
      },
      rival.ownerKey,
    );
    expect(foreign.authorizeSpend).toEqual({ __typename: 'NotFoundError', message: 'AgentContext not found.' });
  });

  it('costs the same SQL statements for 5 and for 50 messages', async () => {
    const t = await newTenant();
    const c = await team(t);
    // Authenticate right before counting (the key cache lasts API_KEY_CACHE_SECONDS).
    const count = async () => {
      await api.ok(Hot, { id: c.id }, t.ownerKey);
      return (await api.statements(() => api.ok(Hot, { id: c.id }, t.ownerKey))).length;
    };
    for (let i = 0; i < 5; i++) await post(t, c.id, { from: i % 2 ? c.lead : c.member });
    await api.ok(Hot, { id: c.id }, t.ownerKey); // authenticate once so lastUsedAt is fresh
    const five = await count();
    for (let i = 0; i < 45; i++) await post(t, c.id, { from: i % 2 ? c.lead : c.member });
    const fifty = await count();
    if (process.env.PRINT_COUNTS) console.info(`hot context query: ${five} statements (5 messages), ${fifty} (50)`);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(8);
  });
});

describe('the contexts list with metrics', () => {
  it('costs the same SQL statements for 2 and for 6 contexts', async () => {
    const t = await newTenant();
    const count = async () => {
      await api.ok(ListWithMetrics, {}, t.ownerKey);
      return (await api.statements(() => api.ok(ListWithMetrics, {}, t.ownerKey))).length;
    };
    for (let i = 0; i < 2; i++) await team(t);
    await api.ok(ListWithMetrics, {}, t.ownerKey); // authenticate once so lastUsedAt is fresh
    const two = await count();
    for (let i = 0; i < 4; i++) {
      const c = await team(t);
      await post(t, c.id, { from: c.lead });
    }
    const six = await count();
    expect(six).toBe(two);
    const list = await api.ok(ListWithMetrics, {}, t.ownerKey);
    expect(list.contexts.edges.map((e) => e.node.metrics.messageCount).sort()).toEqual([0, 0, 1, 1, 1, 1]);
  });
});

describe('tenant isolation', () => {
  it("another organization cannot post to, read, or listen to a context's messages", async () => {
    const t = await newTenant();
    const rival = await newTenant();
    const c = await team(t);
    const spy = await subscribeWs(api.url, Added, { contextId: c.id }, rival.ownerKey);
    const live = await subscribeWs(
      api.url,
      Added,
      { contextId: c.id, after: await headOf(t.organization.id) },
      t.ownerKey,
    );
    try {
      expect(await post(rival, c.id, { from: c.lead })).toEqual({
        __typename: 'NotFoundError',
        message: 'AgentContext not found.',
      });
      await post(t, c.id, { from: c.lead });
      await live.waitFor(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(spy.data).toEqual([]);
      expect((await api.ok(Messages, { id: c.id, first: 5 }, rival.ownerKey)).context).toBeNull();
      expect((await api.ok(Metrics, { id: c.id }, rival.ownerKey)).context).toBeNull();
    } finally {
      await spy.close();
      await live.close();
    }
  });
});

function idOf(globalId: string) {
  return Buffer.from(globalId, 'base64url').toString().split(':')[1] as string;
}

describe('content rules and the default policies (issue 17 §1)', () => {
  it('CONTENT rules see every string of structured content: values and keys, at any depth', async () => {
    const t = await newTenant();
    const c = await team(t);
    await t.policy('CONTENT', { deny: ['^pii://'] }, { key: 'NO-PII', severity: 'HIGH' });
    for (const content of [
      { link: 'pii://customers/42' },
      { 'pii://customers/42': true },
      { items: [{ refs: ['ok', 'pii://customers/7'] }] },
      'pii://customers/1',
    ]) {
      const answer = await post(t, c.id, { from: c.member, content });
      expect(answer).toMatchObject({
        contextMessage: { blocked: true, decision: { outcome: 'DENY', policyKeys: ['NO-PII'] } },
      });
    }
    const clean = await post(t, c.id, { from: c.member, content: { link: 'https://example.com/pii://' } });
    expect(clean).toMatchObject({ contextMessage: { blocked: false } });
  });

  it("the README's context example works on a freshly seeded demo organization, and personal data is still denied", async () => {
    const { seedDemo } = await import('../../src/seed/demo.js');
    const { apiKey, organizationId } = await seedDemo();
    // The demo's ACTIVE support-assistant and its SUSPENDED invoice-parser, reactivated.
    const planner = await prisma.agent.findFirstOrThrow({ where: { organizationId, slug: 'support-assistant' } });
    const researcher = await prisma.agent.findFirstOrThrow({ where: { organizationId, slug: 'invoice-parser' } });
    const reactivated = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({
        query: 'mutation($input: ReactivateAgentInput!) { reactivateAgent(input: $input) { __typename } }',
        variables: { input: { agentId: gid('Agent', researcher.id), reason: 'the pricing review' } },
      }),
    }).then((r) => r.json());
    expect(reactivated).toEqual({
      data: { reactivateAgent: { __typename: 'AgentPayload' } },
      extensions: expect.anything(),
    });
    const created = await api.ok(
      Create,
      {
        input: {
          name: 'Q3 pricing review',
          collaborationModel: 'HIERARCHICAL',
          participants: [
            { agentId: gid('Agent', planner.id), role: 'LEAD' },
            { agentId: gid('Agent', researcher.id), role: 'MEMBER' },
          ],
        },
      },
      apiKey,
    );
    if (created.createContext.__typename !== 'AgentContextPayload') throw new Error(created.createContext.__typename);
    const contextId = created.createContext.context.id;
    const send = (content: unknown) =>
      api
        .ok(
          Post,
          {
            input: {
              contextId,
              fromAgentId: gid('Agent', planner.id),
              toAgentIds: [gid('Agent', researcher.id)],
              type: 'REQUEST',
              content,
            },
          },
          apiKey,
        )
        .then((r) => r.postContextMessage);
    expect(await send({ ask: 'competitor prices for plan B' })).toMatchObject({
      contextMessage: { blocked: false, decision: { outcome: 'ALLOW' } },
    });
    expect(await send({ link: 'pii://customers/42' })).toMatchObject({
      contextMessage: { blocked: true, decision: { outcome: 'DENY', policyKeys: ['L1-02'] } },
    });
  });
});
