// Issue 15 §2: asking is not misbehaving — a refused authorization raises no violation, unless
// the organization turns on a BUDGET policy with `refusals: {threshold, windowSeconds}`; then
// every threshold-th refusal of an agent in the window raises exactly one violation of that
// policy (made by a consumer of the log, after the refusal commits).
import { describe, expect, it } from 'vitest';
import { authorizeSpend } from '../../src/modules/budgets/spend.service.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

async function refusedTimes(n: number) {
  const t = await newTenant('Refused');
  const a = await t.agent();
  await t.version(a.id, '1.0.0', { publish: true });
  await t.budget({ limit: '1' });
  return {
    t,
    agentId: a.id,
    refuse: async (count = n) => {
      for (let i = 0; i < count; i++) {
        const d = await authorizeSpend(t.caller, {
          agentId: a.id,
          amount: '5',
          priority: 'NORMAL',
          service: 'llm',
          requestKey: `r-${i}-${Math.random()}`,
        });
        expect(d.outcome).toBe('REJECTED');
      }
    },
  };
}

async function settled(check: () => Promise<boolean>) {
  const began = Date.now();
  while (!(await check())) {
    if (Date.now() - began > 10_000) throw new Error('not settled');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('repeated refusals', () => {
  it('are decisions, not violations, by default', async () => {
    const { t, agentId, refuse } = await refusedTimes(6);
    await refuse();
    // Something after the refusals that the consumers see proves they have read past them.
    await t.policy('BUDGET', { refusals: { threshold: 1, windowSeconds: 60 } }, { key: 'LATE' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await prisma.violation.count({ where: { agentId } })).toBe(0);
    expect(await prisma.activityEvent.count({ where: { agentId, verb: 'spend.rejected' } })).toBe(6);
  });

  it('with a refusals policy, every threshold-th refusal in the window raises one violation of it', async () => {
    const { t, agentId, refuse } = await refusedTimes(7);
    const policy = await t.policy(
      'BUDGET',
      { refusals: { threshold: 3, windowSeconds: 3600 } },
      { key: 'REFUSALS', severity: 'LOW' },
    );
    await refuse();
    await settled(async () => (await prisma.violation.count({ where: { agentId } })) === 2);
    await new Promise((r) => setTimeout(r, 500));
    const violations = await prisma.violation.findMany({ where: { agentId }, orderBy: { raisedAt: 'asc' } });
    expect(violations).toHaveLength(2);
    expect(violations.map((v) => [v.policyId, v.severity, v.category, v.raisedByType])).toEqual([
      [policy.id, 'LOW', 'BUDGET', 'SYSTEM'],
      [policy.id, 'LOW', 'BUDGET', 'SYSTEM'],
    ]);
    expect(violations.map((v) => (v.evidence as { refusals: number }).refusals)).toEqual([3, 6]);
    expect(violations[0]?.description).toMatch(
      /3 spend authorizations refused within 3600 s \(REFUSALS: a violation every 3\)/,
    );
  });

  it('a refusals rule is validated', async () => {
    const t = await newTenant('Rules');
    const r = await postGraphQL(
      api.url,
      `mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { __typename ... on ValidationError { issues { path message } } } }`,
      {
        input: {
          key: 'BAD',
          name: 'bad',
          kind: 'BUDGET',
          defaultSeverity: 'LOW',
          rules: { refusals: { threshold: 0, windowSeconds: 60 } },
        },
      },
      t.ownerKey,
    );
    expect(r.body.data?.createPolicy).toMatchObject({ __typename: 'ValidationError' });
  });
});
