// Issue 15 §5: fast-check drives random sequences of authorize / settle above and below /
// release / expiry (1 s reservations and a 1 s sweep in the second process) / adjust /
// time-zone change / agent status change / retries / trials (start, a trial task reserving
// against the trial's and the agent's budgets, the trial's end), concurrently through two server
// processes on one database, and after each step checks the spend invariants:
//   - spent + reserved ≤ limit in every window, plus what was knowingly spent beyond it (settled
//     above a reservation, debited by an adjustment);
//   - what LOW/NORMAL reservations hold or settled, less what adjustments credited, ≤ limit ×
//     (1 − HIGH reserve) in every window, plus what they knowingly settled above their amount;
//   - the ledger's sums equal the window totals; nothing is negative;
//   - every reservation has at most one terminal entry per budget, and an ended reservation holds
//     nothing; a PENDING one holds exactly its amount;
//   - the activity chain verifies.
// PROPERTY_RUNS (default 4) and PROPERTY_STEPS (default 12) make it run longer.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import fc from 'fast-check';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, type Tx } from '../../src/db/client.js';
import { verifyChain } from '../../src/events/verify.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { type Started, startSecondServer, stopProcess } from '../process.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 4);
const STEPS = Number(process.env.PROPERTY_STEPS ?? 12);

let second: Started;
let secondUrl = '';
beforeAll(async () => {
  ({ server: second, url: secondUrl } = await startSecondServer(api.databaseUrl, {
    SPEND_RESERVATION_TTL_SECONDS: '1',
    SWEEP_INTERVAL_SECONDS: '1',
  }));
}, 60_000);
afterAll(async () => {
  if (second) await stopProcess(second.child);
});

const Authorize = graphql(`
  mutation PropAuthorize($input: AuthorizeSpendInput!) {
    authorizeSpend(input: $input) { __typename ... on SpendDecision { outcome reservation { id amount } } }
  }
`);
const Settle = graphql(`
  mutation PropSettle($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }
`);
const Release = graphql(`
  mutation PropRelease($input: ReleaseSpendInput!) { releaseSpend(input: $input) { __typename } }
`);
const Adjust = graphql(`
  mutation PropAdjust($input: AdjustBudgetInput!) { adjustBudget(input: $input) { __typename } }
`);
const Zone = graphql(`
  mutation PropZone($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }
`);
const Suspend = graphql(`
  mutation PropSuspend($input: SuspendAgentInput!) { suspendAgent(input: $input) { __typename } }
`);
const CreateCustomer = graphql(`
  mutation PropCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { __typename ... on CustomerPayload { customer { id } } }
  }
`);
const StartTrial = graphql(`
  mutation PropStartTrial($input: StartTrialInput!) {
    startTrial(input: $input) { __typename ... on TrialPayload { trial { id } } }
  }
`);
const TrialTask = graphql(`
  mutation PropTrialTask($input: ExecuteTrialTaskInput!) {
    executeTrialTask(input: $input) { __typename ... on Error { message } }
  }
`);
const CancelTrial = graphql(`
  mutation PropCancelTrial($input: CancelTrialInput!) { cancelTrial(input: $input) { __typename } }
`);
const Reactivate = graphql(`
  mutation PropReactivate($input: ReactivateAgentInput!) { reactivateAgent(input: $input) { __typename } }
`);

type Step =
  | { kind: 'authorize'; amount: number; high: boolean; server: 0 | 1; retry: boolean }
  | { kind: 'settle'; pick: number; factor: number; server: 0 | 1 }
  | { kind: 'release'; pick: number; server: 0 | 1 }
  | { kind: 'adjust'; amount: number; server: 0 | 1 }
  | { kind: 'zone'; zone: string }
  | { kind: 'status'; suspend: boolean }
  | { kind: 'trial'; action: 'start' | 'task' | 'end'; amount: number; server: 0 | 1 }
  | { kind: 'wait' };

const server = fc.constantFrom<0 | 1>(0, 1);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('authorize' as const),
      amount: fc.integer({ min: 1, max: 900 }),
      high: fc.boolean(),
      server,
      retry: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      pick: fc.nat(),
      factor: fc.constantFrom(0, 0.5, 1, 1.5),
      server,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), server }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('adjust' as const), amount: fc.integer({ min: -300, max: 300 }), server }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('zone' as const),
      zone: fc.constantFrom('UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), suspend: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('trial' as const),
      action: fc.constantFrom<'start' | 'task' | 'end'>('start', 'task', 'task', 'end'),
      amount: fc.integer({ min: 1, max: 600 }),
      server,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'wait' as const }) },
);

const cents = (n: number) => (n / 100).toFixed(2);

/**
 * What LOW/NORMAL reservations hold or settled in a window's entries, less what adjustments
 * credited: the engine counts a window's spend net of credits for every priority (a refund
 * returns room to LOW/NORMAL as well), so a credit lets them take that much more.
 */
function lowHeld(
  entries: { kind: string; spentDelta: Decimal; reservedDelta: Decimal; reservation: { priority: string } | null }[],
) {
  let low = new Decimal(0);
  for (const e of entries) {
    if (e.reservation && e.reservation.priority !== 'HIGH') low = low.plus(e.spentDelta).plus(e.reservedDelta);
    else if (e.kind === 'ADJUST' && e.spentDelta.isNegative()) low = low.plus(e.spentDelta);
  }
  return low;
}

// The checks read one snapshot (REPEATABLE READ): the second process's sweep keeps expiring
// reservations while they run, and a window's totals read before an expiry committed and its
// entries read after it would disagree by the expired amount (a 0.02 mismatch seen once in CI
// was this race in the test, not in the ledger).
async function checkInvariants(t: Tenant, overshoot: Map<string, Decimal>, overshootLow: Map<string, Decimal>) {
  await prisma.$transaction((tx) => checkSnapshot(tx, t, overshoot, overshootLow), {
    isolationLevel: 'RepeatableRead',
    timeout: 60_000,
  });
  expect(await verifyChain(t.organization.id, {})).toMatchObject({ ok: true, brokenAt: null });
}

async function checkSnapshot(tx: Tx, t: Tenant, overshoot: Map<string, Decimal>, overshootLow: Map<string, Decimal>) {
  const budgets = await tx.budget.findMany({ where: { organizationId: t.organization.id } });
  for (const budget of budgets) {
    for (const u of await tx.budgetUsage.findMany({ where: { budgetId: budget.id } })) {
      const entries = await tx.spendEntry.findMany({
        where: { budgetId: budget.id, windowStart: u.windowStart },
        include: { reservation: { select: { priority: true } } },
      });
      // The HIGH reserve: LOW/NORMAL reservations never took more than limit × (1 − reserve).
      const low = lowHeld(entries);
      const lowAllowance = budget.limit
        .mul(new Decimal(1).minus(budget.highPriorityReserve))
        .plus(overshootLow.get(budget.id) ?? 0);
      expect(
        low.lte(lowAllowance),
        `LOW/NORMAL ${low} > ${lowAllowance} in ${budget.name} window ${u.windowStart.toISOString()}: ${JSON.stringify(
          entries.map((e) => [
            e.kind,
            e.reservation?.priority ?? null,
            e.reservationId?.slice(-6) ?? null,
            e.spentDelta.toString(),
            e.reservedDelta.toString(),
            e.createdAt.toISOString(),
          ]),
        )}`,
      ).toBe(true);
      const spent = entries.reduce((s, e) => s.plus(e.spentDelta), new Decimal(0));
      const reserved = entries.reduce((s, e) => s.plus(e.reservedDelta), new Decimal(0));
      expect(
        [spent.toString(), reserved.toString()],
        // If this ever fails, the window's entries say which write went astray.
        `${budget.name} window ${u.windowStart.toISOString()}: ${JSON.stringify(
          entries.map((e) => [
            e.kind,
            e.reservationId?.slice(-6) ?? null,
            e.spentDelta.toString(),
            e.reservedDelta.toString(),
            e.createdAt.toISOString(),
          ]),
        )}`,
      ).toEqual([u.spent.toString(), u.reserved.toString()]);
      expect(u.spent.isNegative() || u.reserved.isNegative()).toBe(false);
      const allowance = budget.limit.plus(overshoot.get(budget.id) ?? 0);
      expect(
        u.spent.plus(u.reserved).lte(allowance),
        `${budget.name} window ${u.windowStart.toISOString()}: spent ${u.spent} + reserved ${u.reserved} > ${allowance}`,
      ).toBe(true);
    }
  }
  const reservations = await tx.spendReservation.findMany({
    where: { organizationId: t.organization.id },
    include: { entries: true },
  });
  for (const r of reservations) {
    const terminal = r.entries.filter((e) => e.kind !== 'RESERVE' && e.kind !== 'ADJUST' && e.kind !== 'RESET');
    const perBudget = new Set(terminal.map((e) => e.budgetId));
    expect(perBudget.size).toBe(terminal.length);
    const held = r.entries.reduce((s, e) => s.plus(e.reservedDelta), new Decimal(0));
    expect(held.toString()).toBe(
      r.status === 'PENDING' ? r.amount.mul(r.entries.filter((e) => e.kind === 'RESERVE').length).toString() : '0',
    );
  }
}

describe('spend under random concurrent sequences across two server processes', () => {
  it('never overspends, balances the ledger, ends each reservation once, and keeps the chain', async () => {
    const t = await newTenant();
    const agent = await t.agent();
    await t.version(agent.id, '1.0.0', { publish: true });
    const daily = await t.budget({ agentId: agent.id, window: 'DAILY', limit: '20', highPriorityReserve: 0.2 });
    const total = await t.budget({ limit: '60' });
    const agentId = encodeGlobalId('Agent', agent.id);
    const urls = [api.url, secondUrl];
    const call = async <R, V>(srv: 0 | 1, doc: TypedDocumentNode<R, V>, variables: V) => {
      const res = await fetch(urls[srv] as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ownerKey}` },
        body: JSON.stringify({ query: print(doc), variables }),
      });
      const body = (await res.json()) as {
        data?: Record<string, { __typename: string } & Record<string, unknown>>;
        errors?: { extensions: { code: string } }[];
      };
      // Nothing a caller sends may produce INTERNAL_SERVER_ERROR.
      expect(body.errors?.map((e) => e.extensions.code) ?? []).toEqual([]);
      return Object.values(body.data ?? {})[0] as { __typename: string } & Record<string, unknown>;
    };

    let n = 0;
    const outcomes: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: STEPS }),
        async (groups) => {
          const overshoot = new Map<string, Decimal>();
          const overshootLow = new Map<string, Decimal>();
          const held: { id: string; amount: Decimal; high: boolean }[] = [];
          let trialId: string | null = null;
          const keys: string[] = [];
          const over = (amount: Decimal) => {
            for (const id of [daily.id, total.id])
              overshoot.set(id, (overshoot.get(id) ?? new Decimal(0)).plus(amount));
          };
          // Each run starts from a clean slate of the ledger's allowance: earlier runs' overshoot
          // stays in the windows, so it is carried — the largest of any window of the budget (a
          // daily budget has a window per day and per time-zone boundary; the allowance is checked
          // against each of them).
          const carried = await prisma.budgetUsage.findMany({ where: { budgetId: { in: [daily.id, total.id] } } });
          for (const u of carried) {
            const b = u.budgetId === daily.id ? daily : total;
            const excess = u.spent.plus(u.reserved).minus(b.limit);
            if (excess.gt(overshoot.get(u.budgetId) ?? 0)) overshoot.set(u.budgetId, excess);
            const low = lowHeld(
              await prisma.spendEntry.findMany({
                where: { budgetId: u.budgetId, windowStart: u.windowStart },
                include: { reservation: { select: { priority: true } } },
              }),
            );
            const lowExcess = low.minus(b.limit.mul(new Decimal(1).minus(b.highPriorityReserve)));
            if (lowExcess.gt(overshootLow.get(u.budgetId) ?? 0)) overshootLow.set(u.budgetId, lowExcess);
          }
          for (const group of groups) {
            await Promise.all(
              group.map(async (s) => {
                if (s.kind === 'authorize') {
                  const requestKey =
                    s.retry && keys.length ? (keys[keys.length - 1] as string) : `p-${++n}-${Math.random()}`;
                  keys.push(requestKey);
                  const d = await call(s.server, Authorize, {
                    input: {
                      agentId,
                      amount: cents(s.amount),
                      priority: s.high ? 'HIGH' : 'NORMAL',
                      service: 'llm',
                      requestKey,
                    },
                  });
                  const reservation = d.reservation as { id: string; amount: string } | null | undefined;
                  if (d.__typename === 'SpendDecision' && reservation && !s.retry)
                    held.push({ id: reservation.id, amount: new Decimal(reservation.amount), high: s.high });
                } else if (s.kind === 'settle' || s.kind === 'release') {
                  const r = held[s.pick % Math.max(1, held.length)];
                  if (!r) return;
                  if (s.kind === 'release') await call(s.server, Release, { input: { reservationId: r.id } });
                  else {
                    const actual = r.amount.mul(s.factor).toDecimalPlaces(2);
                    const out = await call(s.server, Settle, {
                      input: { reservationId: r.id, actualAmount: actual.toString() },
                    });
                    if (out.__typename === 'SpendReservationPayload' && actual.gt(r.amount)) {
                      over(actual.minus(r.amount));
                      if (!r.high)
                        for (const id of [daily.id, total.id])
                          overshootLow.set(id, (overshootLow.get(id) ?? new Decimal(0)).plus(actual.minus(r.amount)));
                    }
                  }
                } else if (s.kind === 'adjust') {
                  // An adjustment of 0 is not allowed: 0 is sent as 0.01, and counted as sent.
                  const amount = s.amount === 0 ? 1 : s.amount;
                  const out = await call(s.server, Adjust, {
                    input: { budgetId: encodeGlobalId('Budget', daily.id), amount: cents(amount), reason: 'prop' },
                  });
                  if (out.__typename === 'BudgetPayload' && amount > 0)
                    overshoot.set(daily.id, (overshoot.get(daily.id) ?? new Decimal(0)).plus(cents(amount)));
                } else if (s.kind === 'zone') await call(0, Zone, { input: { timeZone: s.zone } });
                else if (s.kind === 'status')
                  await (s.suspend
                    ? call(0, Suspend, { input: { agentId, reason: 'prop' } })
                    : call(0, Reactivate, { input: { agentId, reason: 'prop' } }));
                else if (s.kind === 'trial') {
                  // A task without a running trial starts one first; the end cancels it.
                  if (s.action === 'start' || (s.action === 'task' && !trialId)) {
                    const c = await call(s.server, CreateCustomer, {
                      input: {
                        name: 'Prop',
                        email: `prop-${++n}@example.com`,
                        externalRef: `prop-${n}-${Math.random()}`,
                      },
                    });
                    const customerId = (c.customer as { id: string } | undefined)?.id;
                    if (!customerId) return;
                    const started = await call(s.server, StartTrial, {
                      input: { agentId, customerId, budgetCap: cents(s.amount) },
                    });
                    trialId = (started.trial as { id: string } | undefined)?.id ?? trialId;
                  }
                  if (trialId && s.action === 'task') {
                    const out = await call(s.server, TrialTask, {
                      input: { trialId, goal: 'prop', estimatedCost: cents(Math.ceil(s.amount / 2)) },
                    });
                    outcomes.push(out.__typename);
                  } else if (trialId && s.action === 'end') {
                    const ended = trialId;
                    trialId = null;
                    await call(s.server, CancelTrial, { input: { trialId: ended, reason: 'prop' } });
                  }
                } else await new Promise((r) => setTimeout(r, 1100));
              }),
            );
            await checkInvariants(t, overshoot, overshootLow);
          }
        },
      ),
      // PROPERTY_SEED (and PROPERTY_PATH) replay a failure fast-check reported.
      {
        numRuns: RUNS,
        endOnFailure: true,
        ...(process.env.PROPERTY_SEED
          ? { seed: Number(process.env.PROPERTY_SEED), path: process.env.PROPERTY_PATH }
          : {}),
      },
    );
    const trials = await prisma.trial.count({ where: { organizationId: t.organization.id } });
    const trialTasks = await prisma.task.count({
      where: { organizationId: t.organization.id, trialId: { not: null } },
    });
    console.info(
      `property: ${RUNS} runs; ${trials} trials started, ${trialTasks} trial tasks reserved; answers ${[...new Set(outcomes)].join(', ')}`,
    );
  }, 300_000);
});
