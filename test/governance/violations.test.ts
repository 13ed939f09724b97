import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const Raise = graphql(`
  mutation Raise($input: RaiseViolationInput!) {
    raiseViolation(input: $input) {
      __typename
      ... on ViolationPayload { violation { id severity category status raisedByType policy { key } version { semver } } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { message }
    }
  }
`);
const Acknowledge = graphql(`
  mutation Acknowledge($input: AcknowledgeViolationInput!) {
    acknowledgeViolation(input: $input) { __typename ... on ViolationPayload { violation { status acknowledgedAt } } ... on InvalidTransitionError { from to } }
  }
`);
const Resolve = graphql(`
  mutation Resolve($input: ResolveViolationInput!) {
    resolveViolation(input: $input) {
      __typename
      ... on ViolationPayload { violation { status resolutionNote resolvedAt } }
      ... on InvalidTransitionError { from to }
      ... on ValidationError { issues { path } }
    }
  }
`);
const Dismiss = graphql(`
  mutation Dismiss($input: DismissViolationInput!) {
    dismissViolation(input: $input) { __typename ... on ViolationPayload { violation { status dismissalReason } } ... on InvalidTransitionError { from to } }
  }
`);
const Violations = graphql(`
  query Violations($filter: ViolationsFilter) { violations(first: 50, filter: $filter) { totalCount edges { node { description severity status } } } }
`);
const ViolationById = graphql(`query ViolationById($id: ID!) { violation(id: $id) { id } }`);
const AgentViolations = graphql(`
  query AgentViolations($id: ID!) { agent(id: $id) { openViolationCount violations(first: 10) { totalCount edges { node { description } } } } }
`);
const Raised = graphql(`
  subscription Raised($filter: ViolationStreamFilter) { violationRaised(filter: $filter) { description severity agent { slug } } }
`);
const Updated = graphql(
  `subscription Updated($filter: ViolationStreamFilter) { violationUpdated(filter: $filter) { description status } }`,
);
const Dashboard = graphql(`
  query GovernanceDashboard($first: Int!) {
    agents(first: $first) { edges { node { openViolationCount violations(first: 5) { edges { node { severity } } } } } }
  }
`);

const OpenCount = graphql(`query OpenViolationCount($id: ID!) { agent(id: $id) { openViolationCount } }`);

const raiseInput = (agentId: string, extra: Record<string, unknown> = {}) => ({
  input: {
    agentId: encodeGlobalId('Agent', agentId),
    category: 'SAFETY' as const,
    severity: 'HIGH' as const,
    description: 'Unsafe output',
    ...extra,
  },
});

describe('raising violations', () => {
  it('records who raised it, defaults the severity from the named policy, and appends violation.raised', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const v = await t.version(a.id, '1.0.0');
    await t.policy('CONTENT', { deny: ['^x'] }, { key: 'C-9', severity: 'CRITICAL' });
    const r = await api.ok(
      Raise,
      raiseInput(a.id, { severity: null, policyKey: 'C-9', versionId: encodeGlobalId('AgentVersion', v.id) }),
      t.ownerJwt,
    );
    expect(r.raiseViolation).toMatchObject({
      __typename: 'ViolationPayload',
      violation: {
        severity: 'CRITICAL',
        category: 'SAFETY',
        status: 'OPEN',
        raisedByType: 'USER',
        policy: { key: 'C-9' },
        version: { semver: '1.0.0' },
      },
    });
    expect(await prisma.activityEvent.count({ where: { agentId: a.id, verb: 'violation.raised' } })).toBe(1);
  });

  it('validates: severity needed without a policy, known policy key, a version of that agent, a description', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const other = await t.agent();
    const otherVersion = await t.version(other.id, '1.0.0');
    const cases = [
      [{ severity: null }, 'input.severity'],
      [{ policyKey: 'NOPE' }, 'input.policyKey'],
      [{ versionId: encodeGlobalId('AgentVersion', otherVersion.id) }, 'input.versionId'],
      [{ description: '' }, 'input.description'],
    ] as const;
    for (const [extra, path] of cases) {
      const r = await api.ok(Raise, raiseInput(a.id, extra), t.ownerKey);
      expect(r.raiseViolation.__typename, path).toBe('ValidationError');
      if (r.raiseViolation.__typename === 'ValidationError')
        expect(r.raiseViolation.issues[0]?.path.join('.')).toBe(path);
    }
    expect(await prisma.violation.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });

  it("an agent's own key raises only about itself; another organization's agent is NotFoundError", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await t.agent();
    const b = await t.agent();
    const key = await t.agentKey(a.id, ['violations:write', 'violations:read', 'agents:read']);
    expect((await api.ok(Raise, raiseInput(a.id), key)).raiseViolation.__typename).toBe('ViolationPayload');
    expect((await api.ok(Raise, raiseInput(b.id), key)).raiseViolation.__typename).toBe('NotFoundError');
    const foreign = await other.agent();
    expect((await api.ok(Raise, raiseInput(foreign.id), t.ownerKey)).raiseViolation.__typename).toBe('NotFoundError');
  });
});

describe('the violation lifecycle', () => {
  it('OPEN → ACKNOWLEDGED → RESOLVED, recording who and when; other steps are InvalidTransitionError', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const raised = await api.ok(Raise, raiseInput(a.id), t.ownerKey);
    if (raised.raiseViolation.__typename !== 'ViolationPayload') throw new Error('not raised');
    const violationId = raised.raiseViolation.violation.id;
    expect((await api.ok(Resolve, { input: { violationId, note: 'done' } }, t.ownerKey)).resolveViolation).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'OPEN',
      to: 'RESOLVED',
    });
    expect((await api.ok(Dismiss, { input: { violationId, reason: 'no' } }, t.ownerKey)).dismissViolation).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'OPEN',
      to: 'DISMISSED',
    });
    expect((await api.ok(Acknowledge, { input: { violationId } }, t.ownerJwt)).acknowledgeViolation).toMatchObject({
      violation: { status: 'ACKNOWLEDGED' },
    });
    expect((await api.ok(Acknowledge, { input: { violationId } }, t.ownerJwt)).acknowledgeViolation.__typename).toBe(
      'InvalidTransitionError',
    );
    expect((await api.ok(Resolve, { input: { violationId, note: '' } }, t.ownerJwt)).resolveViolation).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'note'] }],
    });
    expect(
      (await api.ok(Resolve, { input: { violationId, note: 'Prompt fixed' } }, t.ownerJwt)).resolveViolation,
    ).toMatchObject({ violation: { status: 'RESOLVED', resolutionNote: 'Prompt fixed' } });
    expect((await api.ok(Dismiss, { input: { violationId, reason: 'late' } }, t.ownerJwt)).dismissViolation).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'RESOLVED',
      to: 'DISMISSED',
    });
    const row = await prisma.violation.findFirstOrThrow({ where: { agentId: a.id } });
    expect(row.acknowledgedBy).toBe(t.owner.id);
    expect(row.resolvedBy).toBe(t.owner.id);
    const verbs = (
      await prisma.activityEvent.findMany({ where: { subjectId: row.id }, orderBy: { sequence: 'asc' } })
    ).map((e) => e.verb);
    expect(verbs).toEqual(['violation.raised', 'violation.acknowledged', 'violation.resolved']);
  });

  it('ACKNOWLEDGED → DISMISSED with a reason', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const raised = await api.ok(Raise, raiseInput(a.id), t.ownerKey);
    if (raised.raiseViolation.__typename !== 'ViolationPayload') throw new Error('not raised');
    const violationId = raised.raiseViolation.violation.id;
    await api.ok(Acknowledge, { input: { violationId } }, t.ownerKey);
    expect(
      (await api.ok(Dismiss, { input: { violationId, reason: 'False positive' } }, t.ownerKey)).dismissViolation,
    ).toEqual({
      __typename: 'ViolationPayload',
      violation: { status: 'DISMISSED', dismissalReason: 'False positive' },
    });
  });
});

describe('reading violations', () => {
  it('filters by agent, status and minimum severity; the agent counts its open ones', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const b = await t.agent();
    await api.ok(Raise, raiseInput(a.id, { severity: 'LOW', description: 'low' }), t.ownerKey);
    const high = await api.ok(Raise, raiseInput(a.id, { severity: 'HIGH', description: 'high' }), t.ownerKey);
    await api.ok(Raise, raiseInput(b.id, { severity: 'CRITICAL', description: 'critical' }), t.ownerKey);
    if (high.raiseViolation.__typename !== 'ViolationPayload') throw new Error('not raised');
    await api.ok(Acknowledge, { input: { violationId: high.raiseViolation.violation.id } }, t.ownerKey);
    await api.ok(Resolve, { input: { violationId: high.raiseViolation.violation.id, note: 'ok' } }, t.ownerKey);
    const agentId = encodeGlobalId('Agent', a.id);
    const mine = await api.ok(Violations, { filter: { agentId } }, t.ownerKey);
    expect(mine.violations.edges.map((e) => e.node.description)).toEqual(['high', 'low']);
    const serious = await api.ok(Violations, { filter: { minSeverity: 'HIGH' } }, t.ownerKey);
    expect(serious.violations.edges.map((e) => e.node.description)).toEqual(['critical', 'high']);
    const open = await api.ok(Violations, { filter: { status: ['OPEN'] } }, t.ownerKey);
    expect(open.violations.totalCount).toBe(2);
    const { agent } = await api.ok(AgentViolations, { id: agentId }, t.ownerKey);
    expect(agent).toMatchObject({ openViolationCount: 1, violations: { totalCount: 2 } });
  });

  it("another organization's violations are invisible", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await other.agent();
    const r = await api.ok(Raise, raiseInput(a.id), other.ownerKey);
    if (r.raiseViolation.__typename !== 'ViolationPayload') throw new Error('not raised');
    expect((await api.ok(ViolationById, { id: r.raiseViolation.violation.id }, t.ownerKey)).violation).toBeNull();
    expect((await api.ok(Violations, {}, t.ownerKey)).violations.totalCount).toBe(0);
    const ack = await api.ok(Acknowledge, { input: { violationId: r.raiseViolation.violation.id } }, t.ownerKey);
    expect(ack.acknowledgeViolation.__typename).toBe('NotFoundError');
  });

  it('the governance dashboard costs the same SQL statements for 5 and for 50 agents', async () => {
    const t = await newTenant();
    // Authenticate right before counting: the key is then cached (API_KEY_CACHE_SECONDS), even on
    // a machine so loaded that raising the violations took longer than the cache lasts.
    const count = async (first: number) => {
      await api.ok(Dashboard, { first: 1 }, t.ownerKey);
      return (await api.statements(() => api.ok(Dashboard, { first }, t.ownerKey))).length;
    };
    for (let i = 0; i < 50; i++) {
      const a = await t.agent();
      await api.ok(Raise, raiseInput(a.id), t.ownerKey);
    }
    expect(await count(50)).toBe(await count(5));
  });

  it('openViolationCount counts OPEN and ACKNOWLEDGED, not RESOLVED, and needs violations:read', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const id = encodeGlobalId('Agent', a.id);
    const raised = [];
    for (let i = 0; i < 3; i++) {
      const r = await api.ok(Raise, raiseInput(a.id, { description: `v${i}` }), t.ownerKey);
      if (r.raiseViolation.__typename !== 'ViolationPayload') throw new Error('not raised');
      raised.push(r.raiseViolation.violation.id);
    }
    const [first, second] = raised as [string, string];
    await api.ok(Acknowledge, { input: { violationId: first } }, t.ownerKey);
    expect((await api.ok(OpenCount, { id }, t.ownerKey)).agent?.openViolationCount).toBe(3);
    await api.ok(Acknowledge, { input: { violationId: second } }, t.ownerKey);
    await api.ok(Resolve, { input: { violationId: second, note: 'fixed' } }, t.ownerKey);
    expect((await api.ok(OpenCount, { id }, t.ownerKey)).agent?.openViolationCount).toBe(2);

    const agentsOnly = await t.agentKey(a.id, ['agents:read']);
    const denied = await api.gql(OpenCount, { id }, agentsOnly);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('violation subscriptions', () => {
  it('violationRaised honours agent and minimum severity; violationUpdated follows the steps; other organizations see nothing', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await t.agent({ slug: 'watched' });
    const serious = await subscribeWs(api.url, Raised, { filter: { minSeverity: 'HIGH' } }, t.ownerKey);
    const updates = await subscribeWs(
      api.url,
      Updated,
      { filter: { agentId: encodeGlobalId('Agent', a.id) } },
      t.ownerKey,
    );
    const spy = await subscribeWs(
      api.url,
      Raised,
      { filter: { agentId: encodeGlobalId('Agent', a.id) } },
      other.ownerKey,
    );
    try {
      await api.ok(Raise, raiseInput(a.id, { severity: 'LOW', description: 'minor' }), t.ownerKey);
      const r = await api.ok(Raise, raiseInput(a.id, { severity: 'CRITICAL', description: 'major' }), t.ownerKey);
      if (r.raiseViolation.__typename !== 'ViolationPayload') throw new Error('not raised');
      await api.ok(Acknowledge, { input: { violationId: r.raiseViolation.violation.id } }, t.ownerKey);
      expect(await serious.waitFor(1)).toEqual([
        { violationRaised: { description: 'major', severity: 'CRITICAL', agent: { slug: 'watched' } } },
      ]);
      expect(await updates.waitFor(1)).toEqual([
        { violationUpdated: { description: 'major', status: 'ACKNOWLEDGED' } },
      ]);
      await new Promise((res) => setTimeout(res, 300));
      expect(serious.data).toHaveLength(1);
      expect(spy.data).toEqual([]);
    } finally {
      await serious.close();
      await updates.close();
      await spy.close();
    }
  });
});
