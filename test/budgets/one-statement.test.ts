// authorizeSpend's one-statement path (src/modules/budgets/spend-fast-path.ts) must decide
// exactly as the general path (authorizeIn) does, chain its event like every other, and take
// the budget locks in one statement.
import { describe, expect, it } from 'vitest';
import { transact } from '../../src/db/transaction.js';
import { verifyChain } from '../../src/events/verify.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { authorizeIn, authorizeSpend, type SpendRequest } from '../../src/modules/budgets/spend.service.js';
import { authorizeInOneStatement } from '../../src/modules/budgets/spend-fast-path.js';
import { windowOf } from '../../src/modules/budgets/windows.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const Authorize = graphql(`
  mutation AuthorizeOnce($input: AuthorizeSpendInput!) {
    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { amount } } }
  }
`);

async function governed(t: Tenant) {
  const agent = await t.agent();
  await t.version(agent.id, '1.0.0', { publish: true });
  await t.budget({ window: 'DAILY', limit: '10', highPriorityReserve: 0.2, thresholds: [0.5, 0.9] });
  await t.budget({ agentId: agent.id, window: 'TOTAL', limit: '20', perCallLimit: '3' });
  return agent;
}

describe('authorizeSpend in one statement', () => {
  it('an ALLOWED authorization is one SQL statement after authentication, and its event verifies in the chain', async () => {
    const t = await newTenant();
    const agent = await governed(t);
    const input = (n: number) => ({
      agentId: encodeGlobalId('Agent', agent.id),
      amount: '0.25',
      service: 'llm',
      requestKey: `one-${n}`,
    });
    // The first use of each window creates its usage row: the general path.
    await api.ok(Authorize, { input: input(1) }, t.ownerKey);
    await api.ok(Authorize, { input: input(2) }, t.ownerKey); // API key's lastUsedAt is written once a minute
    const sql = await api.statements(() => api.ok(Authorize, { input: input(3) }, t.ownerKey));
    expect(sql.filter((s) => !/"ApiKey"/.test(s))).toEqual([expect.stringContaining('agg_spend_authorize_batch(')]);

    const event = await prisma.activityEvent.findFirstOrThrow({
      where: { organizationId: t.organization.id, verb: 'spend.authorized' },
      orderBy: { sequence: 'desc' },
    });
    expect(event.payload).toMatchObject({ requestKey: 'one-3', requested: '0.25', reserved: '0.25' });
    expect(await verifyChain(t.organization.id, {})).toMatchObject({ ok: true, brokenAt: null });
    const entries = await prisma.spendEntry.count({ where: { organizationId: t.organization.id, kind: 'RESERVE' } });
    expect(entries).toBe(6); // 3 reservations × 2 budgets
  });

  it('decides exactly as the general path: same outcomes, amounts, remaining and reasons, same ledger', async () => {
    const [a, b] = [await newTenant('A'), await newTenant('B')];
    const [agentA, agentB] = [await governed(a), await governed(b)];
    // Reserved in the daily budget (limit 10, 2 of it held for HIGH) after each request.
    const requests: Omit<SpendRequest, 'agentId' | 'requestKey'>[] = [
      { amount: '1', priority: 'NORMAL', service: 'llm' }, // 1 (new windows: general path)
      { amount: '2', priority: 'NORMAL', service: 'llm' }, // 3
      { amount: '0.5', priority: 'HIGH', service: 'llm' }, // 3.5
      { amount: '3.5', priority: 'NORMAL', service: 'llm' }, // over the per-call limit: rejected
      { amount: '1.25', priority: 'LOW', service: 'search' }, // 4.75
      { amount: '1', priority: 'NORMAL', service: 'llm' }, // 5.75, crosses 0.5
      { amount: '2.5', priority: 'NORMAL', service: 'llm', fallback: { amount: '1', description: 'small model' } }, // downgraded: 6.75
      { amount: '1.25', priority: 'NORMAL', service: 'llm' }, // 8: exactly what NORMAL may use
      { amount: '0.5', priority: 'NORMAL', service: 'llm' }, // into the HIGH reserve: rejected
      { amount: '0.5', priority: 'HIGH', service: 'llm' }, // 8.5
      { amount: '0.25', priority: 'HIGH', service: 'llm' }, // 8.75
      { amount: '1', priority: 'HIGH', service: 'llm' }, // 9.75, crosses 0.9
      { amount: '0.25', priority: 'HIGH', service: 'llm' }, // 10: the whole limit
      { amount: '0.01', priority: 'HIGH', service: 'llm' }, // rejected
    ];
    let oneStatement = 0;
    for (const [i, r] of requests.entries()) {
      const ra = { ...r, agentId: agentA.id, requestKey: `eq-${i}` };
      const fast = await authorizeInOneStatement(a.caller, ra);
      if (fast) oneStatement++;
      const viaA = fast ?? (await authorizeSpend(a.caller, ra));
      const viaB = await transact((tx) =>
        authorizeIn(tx, b.caller, { ...r, agentId: agentB.id, requestKey: `eq-${i}` }),
      );
      const shape = (d: typeof viaA) => ({
        outcome: d.outcome,
        reservedAmount: d.reservedAmount,
        remaining: d.remaining.map((x) => x.remaining),
        reasons: d.reasons.map((reason) => reason.replace(/"budget [^"]+"/g, '"…"')),
        expires: d.expiresAt !== null,
      });
      expect(shape(viaA), `request ${i}`).toEqual(shape(viaB));
    }
    // Every ALLOWED request that opened no window and crossed no threshold: 1, 2, 4, 7, 9, 10, 12.
    expect(oneStatement).toBe(7);

    const ledger = async (t: Tenant) => {
      const usage = await prisma.budgetUsage.findMany({
        where: { budget: { organizationId: t.organization.id } },
        orderBy: { budget: { window: 'asc' } },
      });
      const events = await prisma.activityEvent.groupBy({
        by: ['verb'],
        where: { organizationId: t.organization.id, verb: { startsWith: 'spend.' } },
        _count: true,
        orderBy: { verb: 'asc' },
      });
      return {
        usage: usage.map((u) => [u.spent.toString(), u.reserved.toString(), u.thresholdsCrossed]),
        events: events.map((e) => [e.verb, e._count]),
      };
    };
    expect(await ledger(a)).toEqual(await ledger(b));
    expect(await verifyChain(a.organization.id, {})).toMatchObject({ ok: true });
  });

  it("computes a window's start as windows.ts does, in every time zone, across daylight-saving changes", async () => {
    const zones = [
      'UTC',
      'America/New_York',
      'Europe/London',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
    ];
    const instants = [
      '2026-01-01T00:00:00.000Z',
      '2026-03-08T06:59:59.999Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-29T00:30:00.000Z',
      '2026-04-05T14:45:00.000Z',
      '2026-10-04T15:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-12-31T23:59:59.999Z',
    ].map((s) => new Date(s));
    const cases = zones.flatMap((zone) =>
      instants.flatMap((at) => (['DAILY', 'WEEKLY', 'MONTHLY'] as const).map((window) => ({ zone, at, window }))),
    );
    const rows = await prisma.$queryRaw<{ start: Date }[]>`
      SELECT date_trunc(CASE w WHEN 'DAILY' THEN 'day' WHEN 'WEEKLY' THEN 'week' ELSE 'month' END, at, zone) AS start
        FROM unnest(${cases.map((c) => c.window)}::text[], ${cases.map((c) => c.at)}::timestamptz[],
                    ${cases.map((c) => c.zone)}::text[]) WITH ORDINALITY AS x(w, at, zone, n)
       ORDER BY n`;
    expect(rows.map((r) => r.start.toISOString())).toEqual(
      cases.map((c) => windowOf(c.window, c.zone, c.at).start.toISOString()),
    );
  });
});
