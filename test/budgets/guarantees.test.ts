// Issue 15: each rule that did not hold on main, reproduced first, then held. Spend, trust and
// the chain under interleavings and at their edges.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../src/clock.js';
import { Decimal } from '../../src/db/client.js';
import { verifyChain } from '../../src/events/verify.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { changeAgentStatus } from '../../src/modules/agents/agents.service.js';
import {
  authorizeSpend,
  releaseSpend,
  type SpendRequest,
  settleSpend,
  sweepReservations,
} from '../../src/modules/budgets/spend.service.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
afterEach(() => clock.set());

const MINUTE = 60_000;
let keys = 0;
const ask = (agentId: string, amount: string, extra: Partial<SpendRequest> = {}): SpendRequest => ({
  agentId,
  amount,
  priority: 'NORMAL',
  service: 'llm',
  requestKey: `g-${++keys}-${Math.random()}`,
  ...extra,
});

async function activeAgent(t: Tenant) {
  const a = await t.agent();
  await t.version(a.id, '1.0.0', { publish: true });
  return a;
}

/** Ledger sums per window equal the window's totals, and nothing is negative. */
async function balanced(budgetId: string) {
  const usages = await prisma.budgetUsage.findMany({ where: { budgetId } });
  for (const u of usages) {
    const entries = await prisma.spendEntry.findMany({ where: { budgetId, windowStart: u.windowStart } });
    const spent = entries.reduce((s, e) => s.plus(e.spentDelta), new Decimal(0));
    const reserved = entries.reduce((s, e) => s.plus(e.reservedDelta), new Decimal(0));
    expect(spent.eq(u.spent) && reserved.eq(u.reserved)).toBe(true);
    expect(u.spent.isNegative() || u.reserved.isNegative()).toBe(false);
  }
  return usages;
}

describe('no overspend, ever', () => {
  it('a reservation ends exactly once: concurrent sweeps and inline expiry record one EXPIRE, and HIGH cannot overspend after', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ agentId: a.id, limit: '10' });
    const first = await authorizeSpend(t.caller, ask(a.id, '4'));
    const base = Date.now();
    clock.set(() => new Date(base + 10 * MINUTE));
    // Three sweeps and three inline expiries race for the one due reservation.
    const raced = await Promise.all([
      sweepReservations(),
      sweepReservations(),
      sweepReservations(),
      authorizeSpend(t.caller, ask(a.id, '1')),
      authorizeSpend(t.caller, ask(a.id, '1', { contextId: null, requestKey: `x-${Math.random()}` })),
      authorizeSpend(t.caller, ask(a.id, '1')),
    ]);
    expect(raced.slice(3).every((d) => typeof d === 'object' && d.outcome === 'ALLOWED')).toBe(true);
    const terminal = await prisma.spendEntry.findMany({
      where: { reservationId: first.reservationId, kind: { in: ['SETTLE', 'RELEASE', 'EXPIRE'] } },
    });
    expect(terminal.map((e) => e.kind)).toEqual(['EXPIRE']);
    const [usage] = await balanced(budget.id);
    expect(usage?.reserved.toString()).toBe('3');
    // 3 reserved of 10: HIGH may take 7, not 12.
    const high = await authorizeSpend(t.caller, ask(a.id, '12', { priority: 'HIGH' }));
    expect(high.outcome).toBe('REJECTED');
    expect((await authorizeSpend(t.caller, ask(a.id, '7', { priority: 'HIGH' }))).outcome).toBe('ALLOWED');
  });

  it('the database refuses a second terminal entry, a status change after the end, and negative totals', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ agentId: a.id, limit: '10' });
    const d = await authorizeSpend(t.caller, ask(a.id, '2'));
    await releaseSpend(t.caller, d.reservationId);
    const db = new pg.Client(api.databaseUrl);
    await db.connect();
    try {
      const usage = await prisma.budgetUsage.findFirstOrThrow({ where: { budgetId: budget.id } });
      await expect(
        db.query(
          `INSERT INTO "SpendEntry" (id, "organizationId", "budgetId", "reservationId", kind, "spentDelta", "reservedDelta", "windowStart", "actorType", reason)
           VALUES (gen_random_uuid(), $1, $2, $3, 'EXPIRE', 0, -2, $4, 'SYSTEM', 'again')`,
          [t.organization.id, budget.id, d.reservationId, usage.windowStart],
        ),
      ).rejects.toThrow(/SpendEntry_one_terminal_per_reservation_budget/);
      await expect(
        db.query(`UPDATE "SpendReservation" SET status = 'EXPIRED' WHERE id = $1`, [d.reservationId]),
      ).rejects.toThrow(/already ended as RELEASED/);
      await expect(
        db.query(`UPDATE "BudgetUsage" SET reserved = -1 WHERE "budgetId" = $1`, [budget.id]),
      ).rejects.toThrow(/BudgetUsage_reserved_not_negative/);
      await expect(db.query(`UPDATE "BudgetUsage" SET spent = -1 WHERE "budgetId" = $1`, [budget.id])).rejects.toThrow(
        /BudgetUsage_spent_not_negative/,
      );
    } finally {
      await db.end();
    }
  });

  it('agents that may not act cannot spend: DRAFT, SUSPENDED and RETIRED are REJECTED with a reason that says so', async () => {
    const t = await newTenant();
    const draft = await t.agent();
    const suspended = await activeAgent(t);
    const retired = await activeAgent(t);
    await changeAgentStatus(t.caller, suspended.id, 'SUSPENDED', 'test');
    await changeAgentStatus(t.caller, retired.id, 'RETIRED', 'test');
    for (const [agent, status] of [
      [draft, 'DRAFT'],
      [suspended, 'SUSPENDED'],
      [retired, 'RETIRED'],
    ] as const) {
      const d = await authorizeSpend(t.caller, ask(agent.id, '1'));
      expect(d).toMatchObject({ outcome: 'REJECTED', reservationId: null });
      expect(d.reasons[0]).toBe(`the agent is ${status}; only ACTIVE agents may spend`);
    }
    expect(await prisma.violation.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });

  it('expiry inline reaches every due reservation (more than 500), so spend that fits is allowed', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ agentId: a.id, limit: '6.1' });
    const held = await Promise.all(Array.from({ length: 610 }, () => authorizeSpend(t.caller, ask(a.id, '0.01'))));
    expect(held.every((d) => d.outcome === 'ALLOWED')).toBe(true);
    const base = Date.now();
    clock.set(() => new Date(base + 10 * MINUTE));
    const d = await authorizeSpend(t.caller, ask(a.id, '6'));
    expect(d).toMatchObject({ outcome: 'ALLOWED', remaining: [{ remaining: '0.1' }] });
    expect(await prisma.spendEntry.count({ where: { budgetId: budget.id, kind: 'EXPIRE' } })).toBe(610);
    await balanced(budget.id);
  });
});

const UpdateOrg = graphql(`
  mutation MoveZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }
`);
const Window = graphql(`
  query WindowOf($id: ID!) { budget(id: $id) { remaining currentWindow { start end } } }
`);

describe('a time-zone change', () => {
  it('keeps the open window to its end; the new zone applies from the next boundary', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ agentId: a.id, window: 'DAILY', limit: '10' });
    const noon = new Date('2026-06-15T12:00:00.000Z');
    clock.set(() => noon);
    expect((await authorizeSpend(t.caller, ask(a.id, '8'))).outcome).toBe('ALLOWED');
    // UTC noon is already the 16th on Kiritimati (UTC+14): on main this opened a second day.
    await api.ok(UpdateOrg, { input: { timeZone: 'Pacific/Kiritimati' } }, t.ownerKey);
    const refused = await authorizeSpend(t.caller, ask(a.id, '5'));
    expect(refused).toMatchObject({ outcome: 'REJECTED', remaining: [{ remaining: '2' }] });
    const id = encodeGlobalId('Budget', budget.id);
    expect((await api.ok(Window, { id }, t.ownerKey)).budget).toMatchObject({
      remaining: '2',
      currentWindow: { start: '2026-06-15T00:00:00.000Z', end: '2026-06-16T00:00:00.000Z' },
    });
    // At the old window's end a short window runs to Kiritimati's next midnight (10:00 UTC).
    clock.set(() => new Date('2026-06-16T00:30:00.000Z'));
    expect((await api.ok(Window, { id }, t.ownerKey)).budget).toMatchObject({
      remaining: '10',
      currentWindow: { start: '2026-06-16T00:00:00.000Z', end: '2026-06-16T10:00:00.000Z' },
    });
    expect((await authorizeSpend(t.caller, ask(a.id, '9'))).outcome).toBe('ALLOWED');
    clock.set(() => new Date('2026-06-16T10:30:00.000Z'));
    expect((await api.ok(Window, { id }, t.ownerKey)).budget).toMatchObject({
      currentWindow: { start: '2026-06-16T10:00:00.000Z', end: '2026-06-17T10:00:00.000Z' },
    });
    await balanced(budget.id);
  });
});

const Raise = graphql(`
  mutation RaiseConcurrently($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }
`);
const Attest = graphql(`
  mutation AttestConcurrently($input: AddAttestationInput!) { addAttestation(input: $input) { __typename } }
`);
const Settings = graphql(`
  mutation RaiseMinimum($input: UpdateTrustSettingsInput!) { updateTrustSettings(input: $input) { __typename } }
`);
const AgentStatus = graphql(`query AgentStatusOf($id: ID!) { agent(id: $id) { status trustScore { overall } } }`);

describe('no deadlocks, and trust that holds', () => {
  it('20 concurrent raiseViolation and 20 addAttestation calls on one agent all succeed, and the chain verifies', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const agentId = encodeGlobalId('Agent', a.id);
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        api.gql(
          Raise,
          { input: { agentId, category: 'OTHER', severity: 'LOW', description: `v${i}`, evidence: {} } },
          t.ownerKey,
        ),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        api.gql(Attest, { input: { agentId, claim: `c${i}`, issuer: 'suite', score: 0.9 } }, t.ownerKey),
      ),
    ]);
    expect(
      results.map((r) => r.errors?.[0]?.extensions.code ?? (r.data ? Object.values(r.data)[0]?.__typename : null)),
    ).toEqual([...Array(20).fill('ViolationPayload'), ...Array(20).fill('AttestationPayload')]);
    expect(await prisma.violation.count({ where: { agentId: a.id } })).toBe(20);
    expect(await verifyChain(t.organization.id, {})).toMatchObject({ ok: true, brokenAt: null });
    // Every trust snapshot names the event that caused it.
    const causes = await prisma.trustScore.findMany({
      where: { agentId: a.id, versionId: null, causeVerb: { not: 'agent.created' } },
    });
    expect(causes.every((c) => c.causeSequence !== null)).toBe(true);
  });

  it('minimumOverall suspends an agent below it as soon as the setting changes, though its score did not move', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const id = encodeGlobalId('Agent', a.id);
    const before = (await api.ok(AgentStatus, { id }, t.ownerKey)).agent;
    expect(before?.status).toBe('ACTIVE');
    const overall = before?.trustScore?.overall as number;
    await api.ok(Settings, { input: { trustSettings: { minimumOverall: Math.min(1, overall + 0.01) } } }, t.ownerKey);
    const after = (await api.ok(AgentStatus, { id }, t.ownerKey)).agent;
    expect(after).toMatchObject({ status: 'SUSPENDED', trustScore: { overall } });
    expect((await authorizeSpend(t.caller, ask(a.id, '1'))).outcome).toBe('REJECTED');
  });

  it('refused authorizations do not lower trust: 60 refusals leave reliability where it was', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    await t.budget({ agentId: a.id, limit: '1' });
    const before = await prisma.agent.findUniqueOrThrow({ where: { id: a.id }, include: { currentTrustScore: true } });
    const refused = await Promise.all(Array.from({ length: 60 }, () => authorizeSpend(t.caller, ask(a.id, '5'))));
    expect(refused.every((d) => d.outcome === 'REJECTED')).toBe(true);
    const after = await prisma.agent.findUniqueOrThrow({ where: { id: a.id }, include: { currentTrustScore: true } });
    expect(after.currentTrustScore?.overall).toBe(before.currentTrustScore?.overall);
    expect(after.status).toBe('ACTIVE');
    expect(await prisma.activityEvent.count({ where: { agentId: a.id, verb: 'spend.rejected' } })).toBe(60);
    expect(await prisma.violation.count({ where: { agentId: a.id } })).toBe(0);
  });

  it('settling above a reservation is still a violation, once', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    await t.budget({ agentId: a.id, limit: '10' });
    const d = await authorizeSpend(t.caller, ask(a.id, '2'));
    await settleSpend(t.caller, d.reservationId, { amount: '3' }, {});
    expect(await prisma.violation.count({ where: { agentId: a.id, category: 'BUDGET' } })).toBe(1);
  });
});
