import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const Evaluate = graphql(`
  mutation Evaluate($input: EvaluateActionInput!) {
    evaluateAction(input: $input) {
      __typename
      ... on Decision { outcome reasons matchedPolicies { outcome reason policy { key } } }
      ... on ValidationError { issues { path } }
      ... on NotFoundError { message }
    }
  }
`);
const Report = graphql(`
  mutation Report($input: ReportActionInput!) {
    reportAction(input: $input) {
      __typename
      ... on Decision { outcome violation { severity category status raisedByType policy { key } } }
    }
  }
`);

async function activeAgent(t: Tenant, category: 'AI_ASSISTED' | 'UTILITY' = 'UTILITY') {
  const a = await t.agent({ category });
  await t.version(a.id, '1.0.0', { publish: true });
  return a;
}

const ask = (t: Tenant, agentId: string, input: Record<string, unknown> = {}, token = t.ownerKey) =>
  api.ok(Evaluate, { input: { agentId: encodeGlobalId('Agent', agentId), action: 'do.thing', ...input } }, token);

const outcomeOf = async (p: ReturnType<typeof ask>) => {
  const r = (await p).evaluateAction;
  if (r.__typename !== 'Decision') throw new Error(r.__typename);
  return r;
};

describe('evaluateAction', () => {
  it('allows when no policy objects, and records the decision as an event', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    expect(await outcomeOf(ask(t, a.id))).toEqual({
      __typename: 'Decision',
      outcome: 'ALLOW',
      reasons: ['no policy objects'],
      matchedPolicies: [],
    });
    const event = await prisma.activityEvent.findFirstOrThrow({ where: { agentId: a.id, verb: 'decision.recorded' } });
    expect(event.payload).toMatchObject({ action: 'do.thing', outcome: 'ALLOW' });
  });

  it('RBAC denies scopes outside the agent category', async () => {
    const t = await newTenant();
    await t.policy('RBAC', { allowedScopes: { UTILITY: ['kb:read'] } }, { key: 'RB-1' });
    const a = await activeAgent(t);
    expect((await outcomeOf(ask(t, a.id, { scopes: ['kb:read'] }))).outcome).toBe('ALLOW');
    const denied = await outcomeOf(ask(t, a.id, { scopes: ['kb:read', 'email:send'] }));
    expect(denied).toMatchObject({ outcome: 'DENY', matchedPolicies: [{ outcome: 'DENY', policy: { key: 'RB-1' } }] });
    expect(denied.reasons[0]).toMatch(/email:send is not allowed for UTILITY/);
  });

  it('BUDGET downgrades and denies by estimated cost; CONTENT denies and asks for approval by resource', async () => {
    const t = await newTenant();
    await t.policy('BUDGET', { downgradeAbove: '5.00', denyAbove: '25.00' });
    await t.policy('CONTENT', { deny: ['^pii://'], requireApproval: ['^prod://'] });
    const a = await activeAgent(t);
    expect((await outcomeOf(ask(t, a.id, { estimatedCost: '4.99' }))).outcome).toBe('ALLOW');
    expect((await outcomeOf(ask(t, a.id, { estimatedCost: '5.01' }))).outcome).toBe('DOWNGRADE');
    expect((await outcomeOf(ask(t, a.id, { estimatedCost: '25.000001' }))).outcome).toBe('DENY');
    expect((await outcomeOf(ask(t, a.id, { resource: 'prod://db' }))).outcome).toBe('REQUIRES_APPROVAL');
    // The strongest outcome wins, and every matching policy is listed.
    const both = await outcomeOf(ask(t, a.id, { resource: 'pii://x', estimatedCost: '6' }));
    expect(both.outcome).toBe('DENY');
    expect(both.matchedPolicies.map((m) => m.outcome).sort()).toEqual(['DENY', 'DOWNGRADE']);
  });

  it('RATE_LIMIT denies once the agent made too many decisions in the window', async () => {
    const t = await newTenant();
    await t.policy('RATE_LIMIT', { maxActions: 3, windowSeconds: 60 });
    const a = await activeAgent(t);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await outcomeOf(ask(t, a.id))).outcome);
    expect(outcomes).toEqual(['ALLOW', 'ALLOW', 'ALLOW', 'DENY', 'DENY']);
  });

  it('CUSTOM matches actions (and scopes); CONSTITUTIONAL denies an agent without a published version', async () => {
    const t = await newTenant();
    await t.policy('CUSTOM', {
      actions: ['email.send'],
      scopes: ['email:external'],
      outcome: 'REQUIRES_APPROVAL',
      reason: 'external mail',
    });
    await t.policy('CONSTITUTIONAL', {});
    const a = await activeAgent(t);
    expect((await outcomeOf(ask(t, a.id, { action: 'email.send', scopes: ['email:internal'] }))).outcome).toBe('ALLOW');
    expect((await outcomeOf(ask(t, a.id, { action: 'email.send', scopes: ['email:external'] }))).reasons[0]).toMatch(
      /external mail/,
    );
    const draft = await t.agent();
    expect((await outcomeOf(ask(t, draft.id))).reasons[0]).toMatch(/no published version/);
  });

  it('denies a suspended or retired agent, whatever the policies', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    await prisma.agent.update({ where: { id: a.id }, data: { status: 'SUSPENDED' } });
    expect(await outcomeOf(ask(t, a.id))).toMatchObject({ outcome: 'DENY', reasons: ['the agent is SUSPENDED'] });
  });

  it('ignores disabled policies; validates input; agent keys act only for themselves; foreign agents are NotFoundError', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const p = await t.policy('BUDGET', { denyAbove: '1.00' });
    await prisma.policy.update({ where: { id: p.id }, data: { enabled: false } });
    const a = await activeAgent(t);
    const b = await activeAgent(t);
    expect((await outcomeOf(ask(t, a.id, { estimatedCost: '9' }))).outcome).toBe('ALLOW');
    expect((await ask(t, a.id, { action: '' })).evaluateAction).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'action'] }],
    });
    const bad = await api.gql(
      Evaluate,
      { input: { agentId: encodeGlobalId('Agent', a.id), action: 'x', estimatedCost: 'lots' } },
      t.ownerKey,
    );
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const key = await t.agentKey(a.id, ['actions:evaluate', 'policies:read']);
    expect((await ask(t, a.id, {}, key)).evaluateAction.__typename).toBe('Decision');
    expect((await ask(t, b.id, {}, key)).evaluateAction.__typename).toBe('NotFoundError');
    const foreign = await activeAgent(other);
    expect((await ask(t, foreign.id)).evaluateAction.__typename).toBe('NotFoundError');
    const viewer = await t.member('VIEWER');
    expect(
      (await api.gql(Evaluate, { input: { agentId: encodeGlobalId('Agent', a.id), action: 'x' } }, viewer.jwt))
        .errors?.[0]?.extensions.code,
    ).toBe('FORBIDDEN');
  });
});

describe('reportAction', () => {
  it('an allowed action raises nothing; a denied one raises a violation of the denying policy, by the category of its kind', async () => {
    const t = await newTenant();
    await t.policy('CONTENT', { deny: ['^pii://'] }, { key: 'PII', severity: 'CRITICAL' });
    const a = await activeAgent(t);
    const report = (resource: string) =>
      api.ok(
        Report,
        { input: { agentId: encodeGlobalId('Agent', a.id), action: 'customer.lookup', resource } },
        t.ownerKey,
      );
    expect((await report('kb://faq')).reportAction).toEqual({
      __typename: 'Decision',
      outcome: 'ALLOW',
      violation: null,
    });
    expect((await report('pii://customers/1')).reportAction).toEqual({
      __typename: 'Decision',
      outcome: 'DENY',
      violation: {
        severity: 'CRITICAL',
        category: 'DATA_ACCESS',
        status: 'OPEN',
        raisedByType: 'API_KEY',
        policy: { key: 'PII' },
      },
    });
    const verbs = (
      await prisma.activityEvent.findMany({
        where: { agentId: a.id, verb: { in: ['action.reported', 'violation.raised'] } },
        orderBy: { sequence: 'asc' },
      })
    ).map((e) => e.verb);
    expect(verbs).toEqual(['action.reported', 'action.reported', 'violation.raised']);
  });
});

describe('constitutional checks at publish', () => {
  it('publishing a version that breaks a CONSTITUTIONAL policy publishes it and the system raises a violation', async () => {
    const t = await newTenant();
    await t.policy(
      'CONSTITUTIONAL',
      { requireChangelog: true, maxDataAccess: 'NONE' },
      { key: 'L0-01', severity: 'HIGH' },
    );
    const a = await t.agent();
    const v = await t.version(a.id, '1.0.0', { publish: true });
    expect(v.status).toBe('PUBLISHED');
    const violations = await prisma.violation.findMany({ where: { agentId: a.id }, orderBy: { description: 'asc' } });
    expect(violations.map((x) => [x.raisedByType, x.category, x.severity, x.versionId])).toEqual([
      ['SYSTEM', 'ACCOUNTABILITY', 'HIGH', v.id],
      ['SYSTEM', 'ACCOUNTABILITY', 'HIGH', v.id],
    ]);
    expect(violations.map((x) => x.description).join(' ')).toMatch(
      /no changelog.*data access READ exceeds NONE|data access READ exceeds NONE.*no changelog/,
    );
  });
});
