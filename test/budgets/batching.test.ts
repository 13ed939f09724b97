// Concurrent authorizations of one agent are batched into one transaction
// (src/modules/budgets/spend-lanes.ts): a batch must decide as if its requests came one after
// another, in a number of statements that does not grow with the batch, and a batch undone by
// a concurrent first attempt elsewhere must leave each request with the answer it would have
// got alone.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/db/client.js';
import { verifyChain } from '../../src/events/verify.js';
import { authorizeSpend, type SpendRequest } from '../../src/modules/budgets/spend.service.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

async function spender(t: Tenant, budget: { limit: string; perCallLimit?: string }) {
  const agent = await t.agent();
  await t.version(agent.id, '1.0.0', { publish: true });
  const b = await t.budget({ agentId: agent.id, window: 'TOTAL', ...budget });
  const request = (key: string, amount: string): SpendRequest => ({
    agentId: agent.id,
    amount,
    priority: 'NORMAL',
    service: 'llm',
    requestKey: key,
  });
  // The first use of the window creates its usage row (the general path); the rest can batch.
  await authorizeSpend(t.caller, request('warm-up', '0.5'));
  return { agent, budget: b, request };
}

async function ledgerOf(budgetId: string) {
  const usage = await prisma.budgetUsage.findFirstOrThrow({ where: { budgetId } });
  const entries = await prisma.spendEntry.findMany({ where: { budgetId } });
  const reserved = entries.reduce((s, e) => s.plus(e.reservedDelta), new Decimal(0));
  return { reserved: usage.reserved.toString(), entries: entries.length, balanced: reserved.eq(usage.reserved) };
}

/** Each batch locks its budgets once. */
const batches = (sql: string[]) => sql.filter((s) => /FROM "Budget" WHERE id = ANY\(.*FOR UPDATE/s.test(s)).length;

describe('authorizeSpend batches concurrent requests of one agent', () => {
  it('30 concurrent requests take 2 batches of a constant number of statements, decided as if one after another', async () => {
    const t = await newTenant();
    const { budget, request } = await spender(t, { limit: '100' });
    let decisions: Awaited<ReturnType<typeof authorizeSpend>>[] = [];
    const sql = await api.statements(async () => {
      decisions = await Promise.all(
        Array.from({ length: 30 }, (_, i) => authorizeSpend(t.caller, request(`c-${i}`, '1'))),
      );
    });
    // The first goes alone; the 29 that arrived while it ran go together.
    expect(batches(sql)).toBe(2);
    // The batch of 29 costs what the batch of 1 costs.
    const alone = await api.statements(() => authorizeSpend(t.caller, request('solo', '1')));
    expect(sql.length).toBe(2 * alone.length);
    expect(decisions.every((d) => d.outcome === 'ALLOWED')).toBe(true);
    // Each request sees what the ones before it left: 98.5, 97.5, … 69.5.
    const remaining = decisions.map((d) => Number(d.remaining[0]?.remaining)).sort((a, b) => b - a);
    expect(remaining).toEqual(Array.from({ length: 30 }, (_, i) => 98.5 - i));
    expect(new Set(decisions.map((d) => d.reservationId)).size).toBe(30);
    expect(await ledgerOf(budget.id)).toEqual({ reserved: '31.5', entries: 32, balanced: true });
    const events = await prisma.activityEvent.count({
      where: { organizationId: t.organization.id, verb: 'spend.authorized' },
    });
    expect(events).toBe(32);
    expect(await verifyChain(t.organization.id, {})).toMatchObject({ ok: true, brokenAt: null });
    // A retry of a batched request gets its stored decision.
    const again = await authorizeSpend(t.caller, request('c-7', '1'));
    expect(again).toEqual(decisions[7]);
  });

  it('a batch with one request over the per-call limit: that one is rejected, the others allowed', async () => {
    const t = await newTenant();
    const { budget, request } = await spender(t, { limit: '10', perCallLimit: '3' });
    const amounts = ['1', '1', '5', '1', '1'];
    const decisions = await Promise.all(amounts.map((a, i) => authorizeSpend(t.caller, request(`p-${i}`, a))));
    expect(decisions.map((d) => d.outcome)).toEqual(['ALLOWED', 'ALLOWED', 'REJECTED', 'ALLOWED', 'ALLOWED']);
    expect(await ledgerOf(budget.id)).toEqual({ reserved: '4.5', entries: 5, balanced: true });
    expect(await verifyChain(t.organization.id, {})).toMatchObject({ ok: true });
  });

  it('a batch that would overrun the limit: exactly what fits is allowed', async () => {
    const t = await newTenant();
    const { budget, request } = await spender(t, { limit: '10' });
    const decisions = await Promise.all(
      Array.from({ length: 12 }, (_, i) => authorizeSpend(t.caller, request(`o-${i}`, '2'))),
    );
    expect(decisions.filter((d) => d.outcome === 'ALLOWED')).toHaveLength(4); // 0.5 + 4 × 2 = 8.5
    expect(await ledgerOf(budget.id)).toEqual({ reserved: '8.5', entries: 5, balanced: true });
  });

  it('one requestKey twice in a batch reserves once, and both get the same decision', async () => {
    const t = await newTenant();
    const { budget, request } = await spender(t, { limit: '10' });
    const [, first, second] = await Promise.all([
      authorizeSpend(t.caller, request('d-0', '1')),
      authorizeSpend(t.caller, request('d-1', '1')),
      authorizeSpend(t.caller, request('d-1', '1')),
    ]);
    expect(second).toEqual(first);
    expect(await ledgerOf(budget.id)).toEqual({ reserved: '2.5', entries: 3, balanced: true });
  });

  it('a requestKey taken by a concurrent first attempt while the batch waited: the batch is undone and decided again, and that request gets the winner’s decision', async () => {
    // (The rival stands for another server process or another lane with the same key.)
    const t = await newTenant();
    const { agent, budget, request } = await spender(t, { limit: '10' });
    const [locker, rival] = [new pg.Client(api.databaseUrl), new pg.Client(api.databaseUrl)];
    await Promise.all([locker.connect(), rival.connect()]);
    // A batch statement waiting for a lock (a row's, or another transaction's insert of a key).
    const waiting = async () => {
      for (let i = 0; i < 200; i++) {
        await locker.query('SELECT pg_stat_clear_snapshot()'); // fresh within the open transaction
        const { rows } = await locker.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND pid <> pg_backend_pid()`,
        );
        if (rows.length) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no batch is waiting for a lock');
    };
    try {
      // Hold the budget so that the first request waits and the next two form one batch.
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM "Budget" WHERE id = $1 FOR UPDATE', [budget.id]);
      const alone = authorizeSpend(t.caller, request('r-0', '1'));
      await waiting();
      const taken = authorizeSpend(t.caller, request('r-1', '1'));
      const other = authorizeSpend(t.caller, request('r-2', '1'));
      // Another first attempt of r-1, not yet committed: the batch does not see it.
      const rivalId = '0194b2c0-0000-7000-8000-000000000001';
      const rivalDecision = {
        outcome: 'ALLOWED',
        reservationId: rivalId,
        reservedAmount: '1',
        expiresAt: '2099-01-01T00:00:00.000Z',
        bindingBudgetId: null,
        remaining: [],
        reasons: ['the rival'],
        requested: '1',
      };
      await rival.query('BEGIN');
      await rival.query(
        `INSERT INTO "SpendReservation" (id, "organizationId", "agentId", "requestKey", outcome, amount, priority,
                                         service, status, budgets, decision, "expiresAt")
         VALUES ($1, $2, $3, 'r-1', 'ALLOWED', 1, 'NORMAL', 'llm', 'PENDING', '[]', $4, '2099-01-01')`,
        [rivalId, t.organization.id, agent.id, JSON.stringify(rivalDecision)],
      );
      await locker.query('COMMIT');
      expect((await alone).outcome).toBe('ALLOWED');
      // The batch of r-1 and r-2 now waits on the rival's insert of r-1.
      await waiting();
      await rival.query('COMMIT');
      const [r1, r2] = await Promise.all([taken, other]);
      expect(r1.reservationId).toBe(rivalId);
      expect(r1.reasons).toEqual(['the rival']);
      expect(r2.outcome).toBe('ALLOWED');
      // Nothing of the undone batch remains: r-0, r-2 and the warm-up are reserved.
      expect(await ledgerOf(budget.id)).toEqual({ reserved: '2.5', entries: 3, balanced: true });
      expect(await verifyChain(t.organization.id, {})).toMatchObject({ ok: true });
    } finally {
      await Promise.all([locker.end(), rival.end()]);
    }
  });
});
