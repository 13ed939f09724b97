// Issue 19 §2: organizationStats(from, to) answers a dashboard in one query: agents by status
// and trust tier, decisions and spend decisions by outcome, settled spend by agent, service and
// day, violations by severity, category and status, tasks by status, trials and conversion —
// one grouped statement per part, the same count whatever the organization's size.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { authorizeSpend, settleSpend } from '../../src/modules/budgets/spend.service.js';
import { decide } from '../../src/modules/decisions/decisions.service.js';
import { raiseViolation } from '../../src/modules/violations/violations.service.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const Stats = `query($from: DateTime!, $to: DateTime!) { organizationStats(from: $from, to: $to) {
  agentsByStatus { key count } agentsByTrustTier { key count }
  decisionsByOutcome { key count } spendDecisionsByOutcome { key count }
  spend { agentId service day amount count } spendByAgent { key amount count } spendByService { key amount count } spendByDay { key amount count }
  violationsBySeverity { key count } violationsByCategory { key count } violationsByStatus { key count }
  tasksByStatus { key count } trials { started converted conversionRate } } }`;

const range = () => ({
  from: new Date(Date.now() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 60_000).toISOString(),
});

async function organization(t: Tenant, agents: number) {
  const ids: string[] = [];
  for (let i = 0; i < agents; i++) {
    const a = await t.agent();
    if (i % 2 === 0) await t.version(a.id, '1.0.0', { publish: true });
    ids.push(a.id);
  }
  await t.budget({ limit: '100' });
  const active = ids.filter((_, i) => i % 2 === 0);
  for (const [i, agentId] of active.entries()) {
    const d = await authorizeSpend(t.caller, {
      agentId,
      amount: '2',
      priority: 'NORMAL',
      service: i % 2 ? 'llm' : 'search',
      requestKey: `s-${agentId}`,
    });
    if (d.reservationId) await settleSpend(t.caller, d.reservationId, { amount: '1.50' }, {});
    await authorizeSpend(t.caller, {
      agentId,
      amount: '500',
      priority: 'NORMAL',
      service: 'llm',
      requestKey: `r-${agentId}`,
    });
    await decide(t.caller, agentId, { action: 'x', scopes: [], estimatedCost: null, resource: null }, 'evaluate');
    await raiseViolation(t.caller, {
      agentId,
      versionGiven: false,
      versionId: null,
      policyKey: null,
      severity: 'HIGH',
      category: 'SAFETY',
      description: 'x',
      evidence: {},
    } as never);
  }
  return { ids, active };
}

describe('organizationStats', () => {
  it('answers every part of the dashboard from the records of the range', async () => {
    const t = await newTenant('Stats');
    const { active } = await organization(t, 4);
    const r = await postGraphQL(api.url, Stats, range(), t.ownerKey);
    expect(r.body.errors).toBeUndefined();
    const s = r.body.data?.organizationStats as Record<string, unknown>;
    expect(s.agentsByStatus).toEqual([
      { key: 'ACTIVE', count: 2 },
      { key: 'DRAFT', count: 2 },
    ]);
    expect(s.decisionsByOutcome).toEqual([{ key: 'ALLOW', count: 2 }]);
    expect(s.spendDecisionsByOutcome).toEqual([
      { key: 'ALLOWED', count: 2 },
      { key: 'REJECTED', count: 2 },
    ]);
    expect(s.spendByAgent).toEqual(
      active
        .map((id) => ({ key: encodeGlobalId('Agent', id), amount: '1.5', count: 1 }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    );
    expect(s.spendByService).toEqual([
      { key: 'llm', amount: '1.5', count: 1 },
      { key: 'search', amount: '1.5', count: 1 },
    ]);
    expect(s.spendByDay).toHaveLength(1);
    expect(s.violationsBySeverity).toEqual([{ key: 'HIGH', count: 2 }]);
    expect(s.violationsByCategory).toEqual([{ key: 'SAFETY', count: 2 }]);
    expect(s.violationsByStatus).toEqual([{ key: 'OPEN', count: 2 }]);
    expect(s.trials).toEqual({ started: 0, converted: 0, conversionRate: 0 });
    // Nothing of another organization, nor outside the range.
    const other = await newTenant('Other');
    const empty = await postGraphQL(api.url, Stats, range(), other.ownerKey);
    expect(empty.body.data?.organizationStats).toMatchObject({
      agentsByStatus: [],
      spend: [],
      violationsBySeverity: [],
    });
    const before = await postGraphQL(
      api.url,
      Stats,
      { from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' },
      t.ownerKey,
    );
    expect(before.body.data?.organizationStats).toMatchObject({ decisionsByOutcome: [], spend: [] });
  });

  it('costs the same statements for 2 and for 12 agents', async () => {
    const small = await newTenant('Small');
    await organization(small, 2);
    const large = await newTenant('Large');
    await organization(large, 12);
    const count = async (t: Tenant) => {
      // Warm the key (its first use looks it up and records lastUsedAt), then count.
      await postGraphQL(api.url, '{ __typename }', {}, t.ownerKey);
      return (await api.statements(() => postGraphQL(api.url, Stats, range(), t.ownerKey))).length;
    };
    // One per part: agents by status and by tier, decisions, spend decisions, spend,
    // violations, tasks, trials.
    expect([await count(small), await count(large)]).toEqual([8, 8]);
  });

  it('refuses a reversed or over-long range', async () => {
    const t = await newTenant('Range');
    const r = await postGraphQL(
      api.url,
      Stats,
      { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      t.ownerKey,
    );
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
