// Issue 17 §2: approvals. A REQUIRES_APPROVAL decision opens an approval request; a person with
// approvals:decide (never the one who asked, never an agent's key) approves or denies it; the
// agent learns the answer by subscription or query and proceeds with the request's id: the same
// action is then ALLOWED exactly once; a denied, expired, used or mismatched request gives DENY.
// Messages and tasks that need approval are refused (ApprovalRequiredError) until then.
import { parse } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clock } from '../../src/clock.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
afterEach(() => clock.set());

type Body = {
  data?: Record<string, Record<string, unknown>>;
  errors?: { message: string; extensions?: { code?: string } }[];
};
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const Evaluate = `mutation($input: EvaluateActionInput!) { evaluateAction(input: $input) {
  __typename ... on Decision { outcome reasons approvalRequest { id status action scopes resource costCeiling reasons policyKeys expiresAt requestedByType } } } }`;
const Decide = `mutation($input: DecideApprovalRequestInput!) { decideApprovalRequest(input: $input) {
  __typename ... on ApprovalRequestPayload { approvalRequest { id status decisionNote decidedById } }
  ... on Error { code message } ... on InvalidTransitionError { from to } } }`;
const Requests = `query($filter: ApprovalRequestsFilter) { approvalRequests(first: 50, filter: $filter) { totalCount edges { node { id status } } } }`;

let t: Tenant;
let agent: { id: string; gid: string };
let agentKey: string;
let governor: Awaited<ReturnType<Tenant['member']>>;
beforeEach(async () => {
  t = await newTenant('Approving');
  const a = await t.agent({ slug: 'deployer' });
  await t.version(a.id, '1.0.0', { publish: true });
  agent = { id: a.id, gid: encodeGlobalId('Agent', a.id) };
  agentKey = await t.agentKey(a.id, [
    'actions:evaluate',
    'approvals:read',
    'contexts:post',
    'contexts:read',
    'tasks:write',
  ]);
  governor = await t.member('GOVERNOR');
  await t.policy('CONTENT', { deny: ['^pii://'], requireApproval: ['^prod://'] }, { key: 'CT-1' });
});

const ask = (input: Record<string, unknown> = {}, token = agentKey) =>
  post(
    Evaluate,
    { input: { agentId: agent.gid, action: 'db.migrate', resource: 'prod://orders', ...input } },
    token,
  ).then(
    (r) =>
      r.data?.evaluateAction as {
        outcome: string;
        reasons: string[];
        approvalRequest: { id: string; status: string; reasons: string[] } & Record<string, unknown>;
      },
  );
const decide = (id: string, decision: 'APPROVE' | 'DENY', token = governor.key, note: string | null = null) =>
  post(Decide, { input: { approvalRequestId: id, decision, note } }, token).then(
    (r) => r.data?.decideApprovalRequest as Record<string, unknown> & { approvalRequest?: { status: string } },
  );
const verbs = async () =>
  (
    await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, subjectType: 'ApprovalRequest' },
      orderBy: { sequence: 'asc' },
    })
  ).map((e) => e.verb);

describe('approval requests', () => {
  it('REQUIRES_APPROVAL opens a request that says who asked for what, why and until when; the agent counts it', async () => {
    const decision = await ask({ scopes: ['db:write'], estimatedCost: '3.50' });
    expect(decision.outcome).toBe('REQUIRES_APPROVAL');
    expect(decision.approvalRequest).toMatchObject({
      status: 'PENDING',
      action: 'db.migrate',
      scopes: ['db:write'],
      resource: 'prod://orders',
      costCeiling: '3.5',
      policyKeys: ['CT-1'],
      requestedByType: 'API_KEY',
    });
    expect(decision.approvalRequest.reasons[0]).toMatch(/CT-1: resource matches \^prod/);
    const hours = (Date.parse(decision.approvalRequest.expiresAt as string) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(await verbs()).toEqual(['approval.requested']);

    const seen = await post(
      `query($id: ID!) { agent(id: $id) { pendingApprovalCount } approvalRequest(id: "${decision.approvalRequest.id}") { agent { id } source } }`,
      { id: agent.gid },
      t.ownerKey,
    );
    expect(seen.data?.agent).toEqual({ pendingApprovalCount: 1 });
    expect(seen.data?.approvalRequest).toEqual({ agent: { id: agent.gid }, source: 'EVALUATE' });
    const pending = await post(Requests, { filter: { status: ['PENDING'], agentId: agent.gid } }, t.ownerKey);
    expect(pending.errors).toBeUndefined();
    expect(pending.data?.approvalRequests).toMatchObject({ totalCount: 1 });
  });

  it('approved, the same action is ALLOWED exactly once; the agent hears the answer by subscription', async () => {
    const { approvalRequest } = await ask();
    const heard = await subscribeWs<{ approvalDecided: { id: string; status: string; decisionNote: string } }, unknown>(
      api.url,
      parse(
        `subscription($f: ApprovalStreamFilter) { approvalDecided(filter: $f) { id status decisionNote } }`,
      ) as never,
      { f: { approvalRequestId: approvalRequest.id } },
      agentKey,
    );
    try {
      const decided = await decide(approvalRequest.id, 'APPROVE', governor.key, 'window approved by change board');
      expect(decided.approvalRequest?.status).toBe('APPROVED');
      const [answer] = await heard.waitFor(1);
      expect(answer?.approvalDecided).toEqual({
        id: approvalRequest.id,
        status: 'APPROVED',
        decisionNote: 'window approved by change board',
      });
    } finally {
      await heard.close();
    }
    const first = await ask({ approvalRequestId: approvalRequest.id });
    expect(first.outcome).toBe('ALLOW');
    expect(first.reasons.at(-1)).toMatch(/approved it/);
    const again = await ask({ approvalRequestId: approvalRequest.id });
    expect(again.outcome).toBe('DENY');
    expect(again.reasons.at(-1)).toMatch(/already used/);
    expect(await verbs()).toEqual(['approval.requested', 'approval.approved', 'approval.used']);
    const row = await prisma.approvalRequest.findUniqueOrThrow({ where: { id: rawId(approvalRequest.id) } });
    expect(row).toMatchObject({ status: 'USED', decisionNote: 'window approved by change board' });
    expect(row.usedAt).toBeInstanceOf(Date);
  });

  it('of many concurrent uses of one approved request, exactly one is ALLOWED', async () => {
    const { approvalRequest } = await ask();
    await decide(approvalRequest.id, 'APPROVE');
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => ask({ approvalRequestId: approvalRequest.id }).then((d) => d.outcome)),
    );
    expect(outcomes.filter((o) => o === 'ALLOW')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DENY')).toHaveLength(11);
  });

  it('an approval covers only what was asked: another resource, other scopes or a higher cost is DENY and leaves it usable', async () => {
    const { approvalRequest } = await ask({ scopes: ['db:write'], estimatedCost: '3.50' });
    await decide(approvalRequest.id, 'APPROVE');
    const other = await ask({
      resource: 'prod://payments',
      scopes: ['db:write'],
      approvalRequestId: approvalRequest.id,
    });
    expect(other.outcome).toBe('DENY');
    expect(other.reasons.at(-1)).toMatch(/does not cover this action \(resource differ/);
    const scopes = await ask({ scopes: ['db:admin'], approvalRequestId: approvalRequest.id });
    expect(scopes.reasons.at(-1)).toMatch(/scopes differ/);
    const dearer = await ask({ scopes: ['db:write'], estimatedCost: '3.51', approvalRequestId: approvalRequest.id });
    expect(dearer.reasons.at(-1)).toMatch(/cost differ/);
    const cheaper = await ask({ scopes: ['db:write'], estimatedCost: '2', approvalRequestId: approvalRequest.id });
    expect(cheaper.outcome).toBe('ALLOW');
  });

  it('a pending request named again is still REQUIRES_APPROVAL and opens no second request', async () => {
    const { approvalRequest } = await ask();
    const again = await ask({ approvalRequestId: approvalRequest.id });
    expect(again.outcome).toBe('REQUIRES_APPROVAL');
    expect(again.approvalRequest.id).toBe(approvalRequest.id);
    expect(await prisma.approvalRequest.count({ where: { organizationId: t.organization.id } })).toBe(1);
  });

  it('approval never lifts a DENY', async () => {
    const { approvalRequest } = await ask();
    await decide(approvalRequest.id, 'APPROVE');
    const denied = await ask({ resource: 'pii://customers', approvalRequestId: approvalRequest.id });
    expect(denied.outcome).toBe('DENY');
    expect((await prisma.approvalRequest.findUniqueOrThrow({ where: { id: rawId(approvalRequest.id) } })).status).toBe(
      'APPROVED',
    );
  });

  it('a denied request gives DENY with the note; an expired one gives DENY and can no longer be decided', async () => {
    const first = (await ask()).approvalRequest;
    const denied = await decide(first.id, 'DENY', governor.key, 'not during the freeze');
    expect(denied.approvalRequest?.status).toBe('DENIED');
    expect((await ask({ approvalRequestId: first.id })).reasons.at(-1)).toMatch(/was denied: not during the freeze/);

    const second = (await ask()).approvalRequest;
    const later = Date.now() + 86_400_000 + 1_000;
    clock.set(() => new Date(later));
    const expired = await ask({ approvalRequestId: second.id });
    expect(expired.outcome).toBe('DENY');
    expect(expired.reasons.at(-1)).toMatch(/expired at/);
    expect(await decide(second.id, 'APPROVE')).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'EXPIRED',
      to: 'APPROVED',
    });
    const listed = await post(Requests, { filter: { status: ['EXPIRED'] } }, t.ownerKey);
    expect(listed.data?.approvalRequests).toMatchObject({
      totalCount: 1,
      edges: [{ node: { id: second.id, status: 'EXPIRED' } }],
    });
    expect(await verbs()).toEqual(['approval.requested', 'approval.denied', 'approval.requested']);
  });

  it('the requester cannot decide their own request, nor can an agent’s key; OPERATOR and VIEWER may not decide', async () => {
    const decider = await t.key(['actions:evaluate', 'approvals:decide', 'approvals:read']);
    const own = await post(
      Evaluate,
      { input: { agentId: agent.gid, action: 'db.migrate', resource: 'prod://orders' } },
      decider,
    ).then((r) => (r.data?.evaluateAction as { approvalRequest: { id: string } }).approvalRequest);
    expect(await decide(own.id, 'APPROVE', decider)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/someone else/),
    });
    const agentDecider = await t.agentKey(agent.id, ['approvals:decide']);
    expect(await decide(own.id, 'APPROVE', agentDecider)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/agent/),
    });
    for (const role of ['OPERATOR', 'VIEWER'] as const) {
      const m = await t.member(role);
      const r = await post(Decide, { input: { approvalRequestId: own.id, decision: 'APPROVE' } }, m.key);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await prisma.approvalRequest.findUniqueOrThrow({ where: { id: rawId(own.id) } })).status).toBe('PENDING');
    expect(await verbs()).toEqual(['approval.requested']);
  });

  it('another organization’s request is as good as missing', async () => {
    const { approvalRequest } = await ask();
    const other = await newTenant('Elsewhere');
    expect(await decide(approvalRequest.id, 'APPROVE', other.ownerKey)).toMatchObject({ code: 'NOT_FOUND' });
    const seen = await post(
      `query($id: ID!) { approvalRequest(id: $id) { id } node(id: $id) { id } }`,
      { id: approvalRequest.id },
      other.ownerKey,
    );
    expect(seen.data).toEqual({ approvalRequest: null, node: null });
    const o = await other.agent();
    await other.version(o.id, '1.0.0', { publish: true });
    await other.policy('CONTENT', { requireApproval: ['^prod://'] });
    const theirs = await post(
      Evaluate,
      {
        input: {
          agentId: encodeGlobalId('Agent', o.id),
          action: 'db.migrate',
          resource: 'prod://orders',
          approvalRequestId: approvalRequest.id,
        },
      },
      other.ownerKey,
    ).then((r) => r.data?.evaluateAction as { outcome: string; reasons: string[]; approvalRequest: null });
    expect(theirs).toMatchObject({ outcome: 'DENY', approvalRequest: null });
    expect(theirs.reasons.at(-1)).toMatch(/does not exist/);
  });
});

const rawId = (gid: string) => Buffer.from(gid, 'base64').toString().split(':')[1] as string;

describe('messages and tasks that need approval', () => {
  const Post = `mutation($input: PostContextMessageInput!) { postContextMessage(input: $input) {
    __typename ... on ValidationError { issues { path message } } ... on ApprovalRequiredError { code approvalRequestId reasons } ... on ContextMessagePayload { contextMessage { id blocked } } } }`;
  const CreateTask = `mutation($input: CreateTaskInput!) { createTask(input: $input) {
    __typename ... on TaskPayload { task { id } } ... on ApprovalRequiredError { approvalRequestId } ... on PolicyDeniedError { reasons violationId } } }`;

  it('a message that needs approval is not stored until approved, then goes once with the request id', async () => {
    const peer = await t.agent({ slug: 'peer' });
    await t.version(peer.id, '1.0.0', { publish: true });
    const ctx = await post(
      `mutation($input: CreateContextInput!) { createContext(input: $input) { ... on AgentContextPayload { context { id } } } }`,
      {
        input: {
          name: 'Ops',
          collaborationModel: 'PARALLEL',
          participants: [{ agentId: agent.gid }, { agentId: encodeGlobalId('Agent', peer.id) }],
        },
      },
      t.ownerKey,
    );
    const contextId = (ctx.data?.createContext as { context: { id: string } }).context.id;
    const message = {
      contextId,
      fromAgentId: agent.gid,
      toAgentIds: [encodeGlobalId('Agent', peer.id)],
      type: 'REQUEST',
      content: { run: { target: 'prod://orders' } },
    };
    const refusedBody = await post(Post, { input: message }, agentKey);
    expect(refusedBody.errors).toBeUndefined();
    const refused = refusedBody.data?.postContextMessage as {
      __typename: string;
      approvalRequestId: string;
    };
    expect(refused).toMatchObject({ __typename: 'ApprovalRequiredError', code: 'APPROVAL_REQUIRED' });
    expect(await prisma.contextMessage.count({ where: { contextId: rawId(contextId) } })).toBe(0);
    await decide(refused.approvalRequestId, 'APPROVE');
    const changedBody = await post(
      Post,
      {
        input: {
          ...message,
          content: { run: { target: 'prod://payments' } },
          approvalRequestId: refused.approvalRequestId,
        },
      },
      agentKey,
    );
    expect(changedBody.errors).toBeUndefined();
    const changed = changedBody.data?.postContextMessage;
    expect(changed).toMatchObject({ contextMessage: { blocked: true } });
    const sent = (await post(Post, { input: { ...message, approvalRequestId: refused.approvalRequestId } }, agentKey))
      .data?.postContextMessage;
    expect(sent).toMatchObject({ __typename: 'ContextMessagePayload', contextMessage: { blocked: false } });
    const twice = (await post(Post, { input: { ...message, approvalRequestId: refused.approvalRequestId } }, agentKey))
      .data?.postContextMessage;
    expect(twice).toMatchObject({ contextMessage: { blocked: true } });
  });

  it('a task whose goal or input breaks a CONTENT rule is refused with its violation; one that needs approval waits for it', async () => {
    const denied = (
      await post(
        CreateTask,
        { input: { agentId: agent.gid, goal: 'export', input: { rows: [{ link: 'pii://customers/42' }] } } },
        t.ownerKey,
      )
    ).data?.createTask as { __typename: string; reasons: string[]; violationId: string };
    expect(denied.__typename).toBe('PolicyDeniedError');
    expect(denied.reasons[0]).toMatch(/content at input\.rows\.0\.link matches/);
    expect(await prisma.task.count({ where: { agentId: agent.id } })).toBe(0);
    expect(
      await prisma.violation.count({
        where: { id: rawId(denied.violationId), agentId: agent.id, category: 'DATA_ACCESS' },
      }),
    ).toBe(1);

    const needs = (
      await post(CreateTask, { input: { agentId: agent.gid, goal: 'prod://orders migration' } }, t.ownerKey)
    ).data?.createTask as { __typename: string; approvalRequestId: string };
    expect(needs.__typename).toBe('ApprovalRequiredError');
    expect(await prisma.task.count({ where: { agentId: agent.id } })).toBe(0);
    await decide(needs.approvalRequestId, 'APPROVE');
    const queued = (
      await post(
        CreateTask,
        { input: { agentId: agent.gid, goal: 'prod://orders migration', approvalRequestId: needs.approvalRequestId } },
        t.ownerKey,
      )
    ).data?.createTask;
    expect(queued).toMatchObject({ __typename: 'TaskPayload' });
    expect(await prisma.task.count({ where: { agentId: agent.id } })).toBe(1);
  });
});
