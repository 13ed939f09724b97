import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../src/clock.js';
import { Decimal } from '../../src/db/client.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { sweepReservations } from '../../src/modules/budgets/spend.service.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
afterEach(() => clock.set());

const Authorize = graphql(`
  mutation Authorize($input: AuthorizeSpendInput!) {
    authorizeSpend(input: $input) {
      __typename
      ... on SpendDecision { outcome reasons reservation { id amount expiresAt } bindingBudget { name } remaining { remaining budget { name } } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { message }
      ... on ConflictError { message }
    }
  }
`);
const Settle = graphql(`
  mutation Settle($input: SettleSpendInput!) {
    settleSpend(input: $input) {
      __typename
      ... on SpendReservationPayload { reservation { status actualAmount } }
      ... on InvalidTransitionError { from to }
      ... on ValidationError { issues { path } }
      ... on NotFoundError { message }
    }
  }
`);
const Release = graphql(`
  mutation Release($input: ReleaseSpendInput!) {
    releaseSpend(input: $input) { __typename ... on SpendReservationPayload { reservation { status } } ... on InvalidTransitionError { from to } }
  }
`);
const Adjust = graphql(`
  mutation Adjust($input: AdjustBudgetInput!) {
    adjustBudget(input: $input) { __typename ... on BudgetPayload { budget { spent remaining } } ... on ValidationError { issues { path } } }
  }
`);
const CreateBudget = graphql(`
  mutation CreateBudgetM($input: CreateBudgetInput!) {
    createBudget(input: $input) { __typename ... on BudgetPayload { budget { id limit thresholds } } ... on ValidationError { issues { path message } } ... on NotFoundError { message } }
  }
`);
const BudgetState = graphql(`
  query BudgetState($id: ID!) {
    budget(id: $id) { spent reserved remaining utilization currentWindow { start end } entries(first: 50) { edges { node { kind spentDelta reservedDelta } } } }
  }
`);
const BudgetChanged = graphql(
  `subscription BudgetChanged($filter: BudgetStreamFilter) { budgetChanged(filter: $filter) { spent reserved remaining utilization } }`,
);

async function activeAgent(t: Tenant) {
  const a = await t.agent();
  await t.version(a.id, '1.0.0', { publish: true });
  return a;
}

let keys = 0;
const authorize = (t: Tenant, agentId: string, input: Record<string, unknown> = {}, token = t.ownerKey) =>
  api.ok(
    Authorize,
    {
      input: {
        agentId: encodeGlobalId('Agent', agentId),
        amount: '1.00',
        service: 'llm',
        requestKey: `k-${++keys}-${Math.random()}`,
        ...input,
      },
    },
    token,
  );
const decisionOf = async (p: ReturnType<typeof authorize>) => {
  const r = (await p).authorizeSpend;
  if (r.__typename !== 'SpendDecision') throw new Error(`${r.__typename}: ${JSON.stringify(r)}`);
  return r;
};
const state = async (t: Tenant, budgetId: string) =>
  (await api.ok(BudgetState, { id: encodeGlobalId('Budget', budgetId) }, t.ownerKey)).budget;

describe('authorizeSpend', () => {
  it('allows what fits, rejects what does not (a decision in the log, not a violation), and downgrades to a fallback that fits', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ agentId: a.id, limit: '10.00' });
    const ok = await decisionOf(authorize(t, a.id, { amount: '6.00' }));
    expect(ok).toMatchObject({
      outcome: 'ALLOWED',
      reservation: { amount: '6' },
      bindingBudget: null,
      remaining: [{ remaining: '4' }],
    });
    const down = await decisionOf(
      authorize(t, a.id, { amount: '5.00', fallbackAmount: '3.00', fallbackDescription: 'smaller model' }),
    );
    expect(down).toMatchObject({
      outcome: 'DOWNGRADED',
      reservation: { amount: '3' },
      remaining: [{ remaining: '1' }],
    });
    expect(down.bindingBudget?.name).toBe(budget.name);
    const no = await decisionOf(authorize(t, a.id, { amount: '2.00' }));
    expect(no).toMatchObject({ outcome: 'REJECTED', reservation: null, remaining: [{ remaining: '1' }] });
    // Asking first is not misbehaving: a refusal raises no violation and leaves trust alone.
    expect(await prisma.violation.count({ where: { agentId: a.id } })).toBe(0);
    expect(
      (
        await prisma.activityEvent.findMany({
          where: { agentId: a.id, verb: { startsWith: 'spend.' } },
          orderBy: { sequence: 'asc' },
        })
      ).map((e) => e.verb),
    ).toEqual(['spend.authorized', 'spend.downgraded', 'spend.rejected']);
  });

  it('enforces the per-call limit and keeps the HIGH reserve from LOW and NORMAL calls', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    await t.budget({ limit: '100', perCallLimit: '10', highPriorityReserve: 0.2 });
    expect((await decisionOf(authorize(t, a.id, { amount: '10.01' }))).reasons[0]).toMatch(/per-call limit 10/);
    for (let i = 0; i < 8; i++)
      expect((await decisionOf(authorize(t, a.id, { amount: '10' }))).outcome).toBe('ALLOWED');
    expect((await decisionOf(authorize(t, a.id, { amount: '10', priority: 'NORMAL' }))).outcome).toBe('REJECTED');
    expect((await decisionOf(authorize(t, a.id, { amount: '10', priority: 'HIGH' }))).outcome).toBe('ALLOWED');
  });

  it('checks every applicable budget: the organization and the agent', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    await t.budget({ limit: '5' });
    await t.budget({ agentId: a.id, limit: '50' });
    const r = await decisionOf(authorize(t, a.id, { amount: '6' }));
    expect(r.outcome).toBe('REJECTED');
    expect(r.remaining.map((x) => x.remaining).sort()).toEqual(['5', '50']);
  });

  it('rejects bad input with its path: zero, negative, a fallback not below the amount; unknown agents are NotFoundError', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const other = await newTenant();
    const foreign = await activeAgent(other);
    for (const [input, path] of [
      [{ amount: '0' }, 'input.amount'],
      [{ amount: '-1' }, 'input.amount'],
      [{ amount: '2', fallbackAmount: '3' }, 'input.fallbackAmount'],
      [{ service: '' }, 'input.service'],
    ] as const) {
      const r = (await authorize(t, a.id, input)).authorizeSpend;
      expect(r.__typename, path).toBe('ValidationError');
      if (r.__typename === 'ValidationError') expect(r.issues[0]?.path.join('.')).toBe(path);
    }
    expect((await authorize(t, foreign.id)).authorizeSpend.__typename).toBe('NotFoundError');
  });

  it('is idempotent on requestKey: a retry gets the same decision and reserves nothing more, even concurrently', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ limit: '100' });
    const input = { amount: '7', requestKey: 'retry-me' };
    const results = await Promise.all(Array.from({ length: 10 }, () => decisionOf(authorize(t, a.id, input))));
    expect(new Set(results.map((r) => r.reservation?.id)).size).toBe(1);
    expect((await state(t, budget.id))?.reserved).toBe('7');
    const different = (await authorize(t, a.id, { ...input, amount: '8' })).authorizeSpend;
    expect(different.__typename).toBe('ConflictError');
  });

  it('200 concurrent calls against a budget that fits exactly 37: exactly 37 are allowed, and the ledger balances', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ limit: '37.00' });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => decisionOf(authorize(t, a.id, { amount: '1.00' }))),
    );
    expect(results.filter((r) => r.outcome === 'ALLOWED')).toHaveLength(37);
    const now = await state(t, budget.id);
    expect(now).toMatchObject({ reserved: '37', spent: '0', remaining: '0' });
    const entries = await prisma.spendEntry.findMany({ where: { budgetId: budget.id } });
    const sum = (k: 'spentDelta' | 'reservedDelta') =>
      entries.reduce((s, e) => s.plus(e[k]), new Decimal(0)).toString();
    expect([sum('spentDelta'), sum('reservedDelta')]).toEqual(['0', '37']);
    expect(entries.filter((e) => e.kind === 'RESERVE')).toHaveLength(37);
  }, 120_000);
});

describe('settling, releasing, expiring', () => {
  it('settle turns a reservation into spend; settling again is InvalidTransitionError; release gives it back', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ limit: '10' });
    const first = await decisionOf(authorize(t, a.id, { amount: '4' }));
    const settled = await api.ok(
      Settle,
      { input: { reservationId: first.reservation?.id as string, actualAmount: '2.5', inputTokens: 100 } },
      t.ownerKey,
    );
    expect(settled.settleSpend).toEqual({
      __typename: 'SpendReservationPayload',
      reservation: { status: 'SETTLED', actualAmount: '2.5' },
    });
    expect(await state(t, budget.id)).toMatchObject({ spent: '2.5', reserved: '0', remaining: '7.5' });
    const again = await api.ok(
      Settle,
      { input: { reservationId: first.reservation?.id as string, actualAmount: '1' } },
      t.ownerKey,
    );
    expect(again.settleSpend).toEqual({ __typename: 'InvalidTransitionError', from: 'SETTLED', to: 'SETTLED' });
    const second = await decisionOf(authorize(t, a.id, { amount: '3' }));
    expect(
      (await api.ok(Release, { input: { reservationId: second.reservation?.id as string } }, t.ownerKey)).releaseSpend,
    ).toEqual({ __typename: 'SpendReservationPayload', reservation: { status: 'RELEASED' } });
    expect(await state(t, budget.id)).toMatchObject({ spent: '2.5', reserved: '0' });
    const negative = await api.ok(
      Settle,
      { input: { reservationId: second.reservation?.id as string, actualAmount: '-1' } },
      t.ownerKey,
    );
    expect(negative.settleSpend).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'actualAmount'] }],
    });
  });

  it('settling above the reservation is recorded and raises a HIGH BUDGET violation', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    await t.budget({ limit: '10' });
    const r = await decisionOf(authorize(t, a.id, { amount: '1' }));
    await api.ok(Settle, { input: { reservationId: r.reservation?.id as string, actualAmount: '3' } }, t.ownerKey);
    const v = await prisma.violation.findFirstOrThrow({ where: { agentId: a.id, severity: 'HIGH' } });
    expect(v.description).toMatch(/Settled 3 against a reservation of 1/);
  });

  it('an expired reservation releases itself: inline at the next authorization, and by the sweep', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ limit: '10' });
    const start = Date.now();
    const held = await decisionOf(authorize(t, a.id, { amount: '9' }));
    clock.set(() => new Date(start + 301_000));
    const later = await decisionOf(authorize(t, a.id, { amount: '9' }));
    expect(later.outcome).toBe('ALLOWED');
    const expired = await prisma.spendReservation.findFirstOrThrow({ where: { agentId: a.id, status: 'EXPIRED' } });
    expect(encodeGlobalId('SpendReservation', expired.id)).toBe(held.reservation?.id);
    const settle = await api.ok(
      Settle,
      { input: { reservationId: held.reservation?.id as string, actualAmount: '1' } },
      t.ownerKey,
    );
    expect(settle.settleSpend).toMatchObject({ __typename: 'InvalidTransitionError', from: 'EXPIRED' });
    clock.set(() => new Date(start + 700_000));
    expect(await sweepReservations()).toBeGreaterThanOrEqual(1);
    expect(await state(t, budget.id)).toMatchObject({ reserved: '0' });
  });
});

describe('windows, thresholds, adjustments', () => {
  it('a DAILY budget starts a fresh window at midnight (org time zone) and records a RESET', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ window: 'DAILY', limit: '5' });
    clock.set(() => new Date('2030-01-10T23:59:00Z'));
    expect((await decisionOf(authorize(t, a.id, { amount: '5' }))).outcome).toBe('ALLOWED');
    expect((await decisionOf(authorize(t, a.id, { amount: '1' }))).outcome).toBe('REJECTED');
    clock.set(() => new Date('2030-01-11T00:01:00Z'));
    expect((await decisionOf(authorize(t, a.id, { amount: '5' }))).outcome).toBe('ALLOWED');
    expect((await state(t, budget.id))?.currentWindow).toEqual({
      start: '2030-01-11T00:00:00.000Z',
      end: '2030-01-12T00:00:00.000Z',
    });
    expect(await prisma.spendEntry.count({ where: { budgetId: budget.id, kind: 'RESET' } })).toBe(1);
  });

  it('announces each threshold once per window', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ limit: '10', thresholds: [0.5, 0.8] });
    for (let i = 0; i < 10; i++) await decisionOf(authorize(t, a.id, { amount: '1' }));
    const crossed = await prisma.activityEvent.findMany({
      where: { subjectId: budget.id, verb: 'budget.threshold_crossed' },
      orderBy: { sequence: 'asc' },
    });
    expect(crossed.map((e) => (e.payload as { threshold: number }).threshold)).toEqual([0.5, 0.8]);
  });

  it('adjustBudget credits and debits the current window; zero or a credit beyond what was spent is a ValidationError; OPERATORs may not', async () => {
    const t = await newTenant();
    const budget = await t.budget({ limit: '10' });
    const budgetId = encodeGlobalId('Budget', budget.id);
    expect(
      (await api.ok(Adjust, { input: { budgetId, amount: '4', reason: 'manual charge' } }, t.ownerKey)).adjustBudget,
    ).toMatchObject({ budget: { spent: '4', remaining: '6' } });
    expect(
      (await api.ok(Adjust, { input: { budgetId, amount: '-1.5', reason: 'refund' } }, t.ownerKey)).adjustBudget,
    ).toMatchObject({ budget: { spent: '2.5' } });
    // A credit returns at most what was spent: totals never go negative, and a refusal changes nothing.
    expect(
      (await api.ok(Adjust, { input: { budgetId, amount: '-3', reason: 'too much' } }, t.ownerKey)).adjustBudget,
    ).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'amount'] }] });
    expect((await state(t, budget.id))?.spent).toBe('2.5');
    expect(await prisma.spendEntry.count({ where: { budgetId: budget.id } })).toBe(2);
    expect(
      (await api.ok(Adjust, { input: { budgetId, amount: '0', reason: 'x' } }, t.ownerKey)).adjustBudget,
    ).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'amount'] }] });
    const operator = await t.member('OPERATOR');
    expect(
      (await api.gql(Adjust, { input: { budgetId, amount: '1', reason: 'x' } }, operator.jwt)).errors?.[0]?.extensions
        .code,
    ).toBe('FORBIDDEN');
  });
});

const UpdateOrg = graphql(`
  mutation UpdateOrg($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) { __typename ... on OrganizationPayload { organization { timeZone } } ... on ValidationError { issues { path } } }
  }
`);
const UpdateBudget = graphql(
  `mutation UpdateBudgetM($input: UpdateBudgetInput!) { updateBudget(input: $input) { __typename } }`,
);
const ArchiveBudget = graphql(
  `mutation ArchiveBudgetM($input: ArchiveBudgetInput!) { archiveBudget(input: $input) { __typename } }`,
);

describe('time zones', () => {
  it("windows start at midnight in the organization's time zone", async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const bad = await api.ok(UpdateOrg, { input: { timeZone: 'Mars/Olympus' } }, t.ownerKey);
    expect(bad.updateOrganization).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'timeZone'] }],
    });
    expect(
      (await api.ok(UpdateOrg, { input: { timeZone: 'America/New_York' } }, t.ownerKey)).updateOrganization,
    ).toEqual({ __typename: 'OrganizationPayload', organization: { timeZone: 'America/New_York' } });
    const budget = await t.budget({ window: 'DAILY', limit: '5' });
    clock.set(() => new Date('2030-01-10T03:00:00Z')); // 22:00 on the 9th in New York
    await decisionOf(authorize(t, a.id, { amount: '1' }));
    expect((await state(t, budget.id))?.currentWindow).toEqual({
      start: '2030-01-09T05:00:00.000Z',
      end: '2030-01-10T05:00:00.000Z',
    });
  });
});

describe('budgets and isolation', () => {
  it('unknown and foreign budgets are NotFoundError for every budget mutation', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const foreign = encodeGlobalId('Budget', (await other.budget({ limit: '5' })).id);
    const unknown = encodeGlobalId('Budget', '00000000-0000-4000-8000-000000000000');
    for (const budgetId of [foreign, unknown]) {
      expect((await api.ok(UpdateBudget, { input: { budgetId, name: 'x' } }, t.ownerKey)).updateBudget.__typename).toBe(
        'NotFoundError',
      );
      expect((await api.ok(ArchiveBudget, { input: { budgetId } }, t.ownerKey)).archiveBudget.__typename).toBe(
        'NotFoundError',
      );
      expect(
        (await api.ok(Adjust, { input: { budgetId, amount: '1', reason: 'x' } }, t.ownerKey)).adjustBudget.__typename,
      ).toBe('NotFoundError');
    }
  });

  it('createBudget validates limits and thresholds and needs an agent of the organization', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const foreign = await other.agent();
    const bad = await api.ok(
      CreateBudget,
      { input: { subjectType: 'ORGANIZATION', name: 'x', window: 'MONTHLY', limit: '0', thresholds: [0] } },
      t.ownerKey,
    );
    expect(bad.createBudget).toMatchObject({ __typename: 'ValidationError' });
    if (bad.createBudget.__typename === 'ValidationError')
      expect(bad.createBudget.issues.map((i) => i.path.join('.')).sort()).toEqual([
        'input.limit',
        'input.thresholds.0',
      ]);
    const agentBudget = await api.ok(
      CreateBudget,
      {
        input: {
          subjectType: 'AGENT',
          agentId: encodeGlobalId('Agent', foreign.id),
          name: 'x',
          window: 'MONTHLY',
          limit: '1',
        },
      },
      t.ownerKey,
    );
    expect(agentBudget.createBudget.__typename).toBe('NotFoundError');
    const good = await api.ok(
      CreateBudget,
      { input: { subjectType: 'ORGANIZATION', name: 'Monthly', window: 'MONTHLY', limit: '100.50' } },
      t.ownerKey,
    );
    expect(good.createBudget).toMatchObject({ budget: { limit: '100.5', thresholds: [0.5, 0.8, 1] } });
  });

  it('createBudget takes exactly the ID its subject names: a missing, stray or second ID is a ValidationError at its path, and nothing is created', async () => {
    const t = await newTenant();
    const agent = await t.agent();
    const context = await prisma.agentContext.create({
      data: { organizationId: t.organization.id, name: 'c', collaborationModel: 'PARALLEL', createdByType: 'SYSTEM' },
    });
    const agentId = encodeGlobalId('Agent', agent.id);
    const contextId = encodeGlobalId('AgentContext', context.id);
    const base = { name: 'x', window: 'MONTHLY', limit: '1' } as const;
    const cases: [Record<string, unknown>, string][] = [
      [{ subjectType: 'AGENT' }, 'input.agentId'],
      [{ subjectType: 'CONTEXT' }, 'input.contextId'],
      [{ subjectType: 'AGENT', agentId, contextId }, 'input.contextId'],
      [{ subjectType: 'CONTEXT', contextId, agentId }, 'input.agentId'],
      [{ subjectType: 'ORGANIZATION', agentId }, 'input.agentId'],
      [{ subjectType: 'ORGANIZATION', contextId }, 'input.contextId'],
      [{ subjectType: 'TRIAL' }, 'input.subjectType'],
    ];
    for (const [subject, path] of cases) {
      const r = await api.ok(CreateBudget, { input: { ...base, ...subject } as never }, t.ownerKey);
      expect(r.createBudget.__typename, JSON.stringify(subject)).toBe('ValidationError');
      if (r.createBudget.__typename === 'ValidationError')
        expect(r.createBudget.issues.map((i) => i.path.join('.'))).toEqual([path]);
    }
    expect(await prisma.budget.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });

  it('a subject has at most 10 budgets: of 15 created at once exactly 10 are, the rest ConflictError; archiving one makes room', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const input = (i: number) => ({
      subjectType: 'AGENT' as const,
      agentId: encodeGlobalId('Agent', a.id),
      name: `b${i}`,
      window: 'MONTHLY' as const,
      limit: '1',
    });
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) => api.ok(CreateBudget, { input: input(i) }, t.ownerKey)),
    );
    const kinds = answers.map((r) => r.createBudget.__typename);
    expect(kinds.filter((k) => k === 'BudgetPayload')).toHaveLength(10);
    expect(kinds.filter((k) => k !== 'BudgetPayload')).toEqual(Array(5).fill('ConflictError'));
    expect(await prisma.budget.count({ where: { agentId: a.id } })).toBe(10);
    // The organization's own budgets are counted apart from the agent's.
    const org = await api.ok(
      CreateBudget,
      { input: { subjectType: 'ORGANIZATION', name: 'o', window: 'MONTHLY', limit: '1' } },
      t.ownerKey,
    );
    expect(org.createBudget.__typename).toBe('BudgetPayload');
    const one = await prisma.budget.findFirstOrThrow({ where: { agentId: a.id } });
    await api.ok(ArchiveBudget, { input: { budgetId: encodeGlobalId('Budget', one.id) } }, t.ownerKey);
    expect((await api.ok(CreateBudget, { input: input(99) }, t.ownerKey)).createBudget.__typename).toBe(
      'BudgetPayload',
    );
  });

  it("another organization's budgets and reservations are out of reach, and its subscribers hear nothing", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await activeAgent(t);
    const budget = await t.budget({ limit: '10' });
    const spy = await subscribeWs(
      api.url,
      BudgetChanged,
      { filter: { budgetId: encodeGlobalId('Budget', budget.id) } },
      other.ownerKey,
    );
    const live = await subscribeWs(
      api.url,
      BudgetChanged,
      { filter: { budgetId: encodeGlobalId('Budget', budget.id) } },
      t.ownerKey,
    );
    try {
      const r = await decisionOf(authorize(t, a.id, { amount: '2' }));
      const [change] = await live.waitFor(1);
      expect(change?.budgetChanged).toEqual({ spent: '0', reserved: '2', remaining: '8', utilization: 0.2 });
      expect(
        (await api.ok(BudgetState, { id: encodeGlobalId('Budget', budget.id) }, other.ownerKey)).budget,
      ).toBeNull();
      const foreignSettle = await api.ok(
        Settle,
        { input: { reservationId: r.reservation?.id as string, actualAmount: '1' } },
        other.ownerKey,
      );
      expect(foreignSettle.settleSpend.__typename).toBe('NotFoundError');
      await new Promise((res) => setTimeout(res, 200));
      expect(spy.data).toEqual([]);
    } finally {
      await spy.close();
      await live.close();
    }
  });
});
