import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { authorizeSpend, settleSpend } from '../../src/modules/budgets/spend.service.js';
import { graphql } from '../gql/index.js';
import { useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const Usage = graphql(`
  query Usage($id: ID!, $from: DateTime!, $to: DateTime!) {
    agent(id: $id) { usage(from: $from, to: $to, bucket: DAY) { bucket spend calls inputTokens outputTokens } }
  }
`);
const Summary = graphql(`
  query Summary($from: DateTime!, $to: DateTime!) { spendSummary(from: $from, to: $to) { total calls byAgent { key spend calls } byService { key spend calls } } }
`);

describe('usage from the ledger', () => {
  it("agent.usage buckets settled spend and tokens; spendSummary splits by agent and service; other tenants' spend is absent", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await t.agent();
    const b = await t.agent();
    // Only ACTIVE agents may spend.
    await t.version(a.id, '1.0.0', { publish: true });
    await t.version(b.id, '1.0.0', { publish: true });
    const spend = async (tenant: typeof t, agentId: string, service: string, amount: string, tokens: number) => {
      const d = await authorizeSpend(tenant.caller, {
        agentId,
        amount: '10',
        priority: 'NORMAL',
        service,
        requestKey: `${agentId}-${service}-${amount}`,
      });
      await settleSpend(
        tenant.caller,
        d.reservationId,
        { amount },
        {
          inputTokens: tokens,
          outputTokens: tokens / 2,
          apiCalls: 1,
        },
      );
    };
    await spend(t, a.id, 'openai', '1.25', 100);
    await spend(t, a.id, 'anthropic', '0.75', 40);
    await spend(t, b.id, 'openai', '2', 10);
    const x = await other.agent();
    await other.version(x.id, '1.0.0', { publish: true });
    await spend(other, x.id, 'openai', '9', 1);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const { agent } = await api.ok(Usage, { id: encodeGlobalId('Agent', a.id), from, to }, t.ownerKey);
    expect(agent?.usage).toHaveLength(1);
    expect(agent?.usage[0]).toMatchObject({ spend: '2', calls: 2, inputTokens: 140, outputTokens: 70 });
    const { spendSummary } = await api.ok(Summary, { from, to }, t.ownerKey);
    expect(spendSummary.total).toBe('4');
    expect(spendSummary.calls).toBe(3);
    expect(spendSummary.byService).toEqual([
      { key: 'anthropic', spend: '0.75', calls: 1 },
      { key: 'openai', spend: '3.25', calls: 2 },
    ]);
    expect(spendSummary.byAgent.map((s) => s.spend).sort()).toEqual(['2', '2']);
    const backwards = await api.gql(Summary, { from: to, to: from }, t.ownerKey);
    expect(backwards.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
