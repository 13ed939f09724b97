import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const CreatePolicy = graphql(`
  mutation CreatePolicy($input: CreatePolicyInput!) {
    createPolicy(input: $input) {
      __typename
      ... on PolicyPayload { policy { id key kind enabled rules defaultSeverity } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
    }
  }
`);
const UpdatePolicy = graphql(`
  mutation UpdatePolicy($input: UpdatePolicyInput!) {
    updatePolicy(input: $input) {
      __typename
      ... on PolicyPayload { policy { name rules } }
      ... on ValidationError { issues { path } }
      ... on NotFoundError { message }
    }
  }
`);
const Disable = graphql(`
  mutation DisablePolicy($input: DisablePolicyInput!) {
    disablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }
  }
`);
const Enable = graphql(`
  mutation EnablePolicy($input: EnablePolicyInput!) {
    enablePolicy(input: $input) { __typename ... on PolicyPayload { policy { enabled } } ... on ConflictError { message } }
  }
`);
const Policies = graphql(`
  query Policies($filter: PoliciesFilter) { policies(first: 50, filter: $filter) { edges { node { key kind enabled } } } }
`);
const PolicyById = graphql(`query PolicyById($id: ID!) { policy(id: $id) { key } }`);

const rbac = { allowedScopes: { UTILITY: ['kb:read'] } };

describe('policies', () => {
  it('creates a policy of each kind with valid rules, applying rule defaults, with an event', async () => {
    const t = await newTenant();
    const inputs = [
      ['RBAC', rbac],
      ['CONSTITUTIONAL', {}],
      ['RATE_LIMIT', { maxActions: 10, windowSeconds: 60 }],
      ['BUDGET', { denyAbove: '10.00' }],
      ['CONTENT', { deny: ['^pii://'] }],
      ['CUSTOM', { actions: ['email.send'], outcome: 'REQUIRES_APPROVAL' }],
    ] as const;
    for (const [kind, rules] of inputs) {
      const r = await api.ok(
        CreatePolicy,
        { input: { key: `K-${kind}`, name: kind, kind, defaultSeverity: 'MEDIUM', rules } },
        t.ownerKey,
      );
      expect(r.createPolicy.__typename, kind).toBe('PolicyPayload');
    }
    const constitutional = await prisma.policy.findFirstOrThrow({
      where: { organizationId: t.organization.id, kind: 'CONSTITUTIONAL' },
    });
    expect(constitutional.rules).toEqual({
      requirePublishedVersion: true,
      requireChangelog: false,
      forbiddenScopes: [],
      maxDataAccess: 'READ_WRITE',
    });
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, verb: 'policy.created' } }),
    ).toBe(6);
  });

  it('rejects rules that do not fit the kind, with their path under input.rules, and a bad key', async () => {
    const t = await newTenant();
    const badRules = await api.ok(
      CreatePolicy,
      { input: { key: 'R-1', name: 'x', kind: 'RATE_LIMIT', defaultSeverity: 'LOW', rules: { maxActions: 0 } } },
      t.ownerKey,
    );
    expect(badRules.createPolicy.__typename).toBe('ValidationError');
    if (badRules.createPolicy.__typename === 'ValidationError') {
      expect(badRules.createPolicy.issues.map((i) => i.path.join('.')).sort()).toEqual([
        'input.rules.maxActions',
        'input.rules.windowSeconds',
      ]);
    }
    const badRegex = await api.ok(
      CreatePolicy,
      { input: { key: 'C-1', name: 'x', kind: 'CONTENT', defaultSeverity: 'LOW', rules: { deny: ['('] } } },
      t.ownerKey,
    );
    expect(badRegex.createPolicy).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'rules', 'deny', '0'] }],
    });
    const badKey = await api.ok(
      CreatePolicy,
      { input: { key: 'lower case', name: 'x', kind: 'RBAC', defaultSeverity: 'LOW', rules: rbac } },
      t.ownerKey,
    );
    expect(badKey.createPolicy).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'key'] }] });
    expect(await prisma.policy.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });

  it('keys are unique per organization', async () => {
    const t = await newTenant();
    const input = { key: 'L0-01', name: 'x', kind: 'RBAC' as const, defaultSeverity: 'LOW' as const, rules: rbac };
    await api.ok(CreatePolicy, { input }, t.ownerKey);
    expect((await api.ok(CreatePolicy, { input }, t.ownerKey)).createPolicy.__typename).toBe('ConflictError');
  });

  it('updates re-validate rules against the kind; enable and disable are events; repeating one is a ConflictError', async () => {
    const t = await newTenant();
    const p = await t.policy('BUDGET', { denyAbove: '10.00' });
    const policyId = encodeGlobalId('Policy', p.id);
    const bad = await api.ok(UpdatePolicy, { input: { policyId, rules: { denyAbove: 'ten' } } }, t.ownerKey);
    expect(bad.updatePolicy).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'rules', 'denyAbove'] }],
    });
    const good = await api.ok(
      UpdatePolicy,
      { input: { policyId, name: 'Cheaper', rules: { denyAbove: '5.00' } } },
      t.ownerKey,
    );
    expect(good.updatePolicy).toMatchObject({ policy: { name: 'Cheaper', rules: { denyAbove: '5.00' } } });
    expect((await api.ok(Disable, { input: { policyId } }, t.ownerKey)).disablePolicy).toEqual({
      __typename: 'PolicyPayload',
      policy: { enabled: false },
    });
    expect((await api.ok(Disable, { input: { policyId } }, t.ownerKey)).disablePolicy.__typename).toBe('ConflictError');
    expect((await api.ok(Enable, { input: { policyId } }, t.ownerKey)).enablePolicy).toEqual({
      __typename: 'PolicyPayload',
      policy: { enabled: true },
    });
    const verbs = (
      await prisma.activityEvent.findMany({ where: { subjectId: p.id }, orderBy: { sequence: 'asc' } })
    ).map((e) => e.verb);
    expect(verbs).toEqual(['policy.created', 'policy.updated', 'policy.disabled', 'policy.enabled']);
  });

  it('filters by kind and enabled; an OPERATOR cannot write policies', async () => {
    const t = await newTenant();
    await t.policy('RBAC', rbac, { key: 'A-1' });
    const off = await t.policy('CONTENT', { deny: ['x'] }, { key: 'B-1' });
    await api.ok(Disable, { input: { policyId: encodeGlobalId('Policy', off.id) } }, t.ownerKey);
    expect(
      (await api.ok(Policies, { filter: { enabled: true } }, t.ownerKey)).policies.edges.map((e) => e.node.key),
    ).toEqual(['A-1']);
    expect(
      (await api.ok(Policies, { filter: { kind: 'CONTENT' } }, t.ownerKey)).policies.edges.map((e) => e.node.key),
    ).toEqual(['B-1']);
    const operator = await t.member('OPERATOR');
    const r = await api.gql(
      CreatePolicy,
      { input: { key: 'X-1', name: 'x', kind: 'RBAC', defaultSeverity: 'LOW', rules: rbac } },
      operator.jwt,
    );
    expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("another organization's policy is invisible and unchangeable", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const p = await other.policy('RBAC', rbac);
    const id = encodeGlobalId('Policy', p.id);
    expect((await api.ok(PolicyById, { id }, t.ownerKey)).policy).toBeNull();
    expect((await api.ok(Policies, {}, t.ownerKey)).policies.edges).toEqual([]);
    expect(
      (await api.ok(UpdatePolicy, { input: { policyId: id, name: 'pwned' } }, t.ownerKey)).updatePolicy.__typename,
    ).toBe('NotFoundError');
  });
});
