// Authorizing spend is one atomic step: every budget that applies to the agent is locked (in id
// order), due reservations are expired, and the request is checked against each budget's
// per-call limit and what remains in its current window — LOW and NORMAL priority may not dip
// into the share reserved for HIGH. Concurrent callers therefore never overspend. A retry with
// the same requestKey gets the stored decision and reserves nothing more.

import { randomUUID } from 'node:crypto';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { Decimal, type Money, type Prisma, prisma, type Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Budget, BudgetUsage, SpendReservation } from '../../generated/prisma/client.js';
import type { SpendPriority } from '../../generated/prisma/enums.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../graphql/errors.js';
import { recordViolation } from '../violations/violations.service.js';
import { currentWindowStart, lockBudgets, post, usageOf } from './ledger.js';
import { authorizeInOneStatement } from './spend-fast-path.js';

export type SpendOutcome = 'ALLOWED' | 'REJECTED' | 'DOWNGRADED';

export interface SpendRequest {
  agentId: string | null;
  amount: string;
  priority: SpendPriority;
  service: string;
  requestKey: string;
  fallback?: { amount: string; description: string } | null;
  contextId?: string | null;
  /** A trial's task: the trial's budget applies too. */
  trialId?: string | null;
  /** How long the reservation holds; SPEND_RESERVATION_TTL_SECONDS unless given. */
  ttlSeconds?: number;
}

export interface SpendDecision {
  outcome: SpendOutcome;
  reservationId: string | null;
  reservedAmount: string | null;
  expiresAt: string | null;
  bindingBudgetId: string | null;
  remaining: { budgetId: string; remaining: string }[];
  reasons: string[];
}

const D = (x: Money) => new Decimal(x);
export const fmt = (x: Money) =>
  D(x)
    .toFixed(6)
    .replace(/\.?0+$/, '') || '0';

/** The budgets a spend counts against: the organization's, the agent's and the context's. */
async function applicableBudgetIds(
  tx: Tx,
  organizationId: string,
  agentId: string,
  contextId: string | null = null,
  trialId: string | null = null,
): Promise<string[]> {
  const rows = await tx.budget.findMany({
    where: {
      organizationId,
      archivedAt: null,
      OR: [
        { subjectType: 'ORGANIZATION' },
        { subjectType: 'AGENT', subjectId: agentId },
        ...(contextId ? [{ subjectType: 'CONTEXT' as const, subjectId: contextId }] : []),
        ...(trialId ? [{ subjectType: 'TRIAL' as const, subjectId: trialId }] : []),
      ],
    },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Expires PENDING reservations past their expiry that hold money in `budgetIds` (or anywhere). */
export async function expireDue(tx: Tx, organizationId: string | null, now: Date, budgetIds?: string[]) {
  const due = await tx.spendReservation.findMany({
    where: { ...(organizationId ? { organizationId } : {}), status: 'PENDING', expiresAt: { lte: now } },
    take: 500,
  });
  const relevant = budgetIds
    ? due.filter((r) => (r.budgets as { budgetId: string }[]).some((b) => budgetIds.includes(b.budgetId)))
    : due;
  for (const reservation of relevant)
    await endReservation(tx, systemCaller(reservation.organizationId, 'spend-expiry'), reservation, 'EXPIRED');
  return relevant.length;
}

async function endReservation(
  tx: Tx,
  caller: Caller,
  reservation: SpendReservation,
  to: 'RELEASED' | 'EXPIRED' | 'SETTLED',
  actual?: { amount: string; usage: Prisma.InputJsonObject },
) {
  const holds = reservation.budgets as { budgetId: string; windowStart: string }[];
  const budgets = await lockBudgets(
    tx,
    holds.map((h) => h.budgetId),
  );
  const overLimit: string[] = [];
  for (const budget of budgets) {
    const hold = holds.find((h) => h.budgetId === budget.id);
    if (!hold) continue;
    const usage = await usageOf(tx, caller, budget, new Date(hold.windowStart));
    const after = await post(tx, caller, budget, usage, {
      kind: to === 'SETTLED' ? 'SETTLE' : to === 'RELEASED' ? 'RELEASE' : 'EXPIRE',
      reservationId: reservation.id,
      spentDelta: actual ? actual.amount : 0,
      reservedDelta: D(reservation.amount).neg(),
      reason:
        to === 'SETTLED'
          ? `settled ${actual?.amount}`
          : to === 'RELEASED'
            ? 'released by the caller'
            : 'reservation expired',
    });
    if (D(after.spent).gt(budget.limit)) overLimit.push(budget.id);
  }
  const updated = await tx.spendReservation.update({
    where: { id: reservation.id },
    data: {
      status: to,
      ...(actual ? { actualAmount: D(actual.amount), usage: actual.usage, settledAt: new Date() } : {}),
    },
  });
  const verb = to === 'SETTLED' ? 'spend.settled' : to === 'RELEASED' ? 'spend.released' : 'spend.expired';
  await appendEvents(tx, caller, [
    {
      verb,
      subjectType: 'SpendReservation',
      subjectId: reservation.id,
      agentId: reservation.agentId,
      payload: {
        budgetIds: holds.map((h) => h.budgetId),
        reserved: fmt(reservation.amount),
        ...(actual ? { actual: fmt(actual.amount) } : {}),
      },
    },
  ]);
  return { reservation: updated, overLimit };
}

/** A contextId given with spend must name a context of the organization. */
async function contextOf(tx: Tx, organizationId: string, contextId: string | null | undefined) {
  if (contextId === undefined || contextId === null) return null;
  const context = await tx.agentContext.findFirst({ where: { id: contextId, organizationId }, select: { id: true } });
  if (!context) throw new NotFoundError('AgentContext');
  return context.id;
}

/**
 * Spend known only after the fact (a task's cost): recorded as a settled reservation and a
 * SETTLE entry in every applicable budget, in the caller's transaction. It is never refused —
 * the money is spent — but beyond a budget's limit it raises a BUDGET violation.
 */
export async function chargeSpend(
  tx: Tx,
  caller: Caller,
  charge: {
    agentId: string;
    versionId: string | null;
    contextId: string | null;
    trialId?: string | null;
    amount: string;
    usage: Prisma.InputJsonObject;
    service: string;
    requestKey: string;
  },
) {
  const { organizationId } = caller.viewer;
  const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timeZone: true } });
  const budgets = await lockBudgets(
    tx,
    await applicableBudgetIds(tx, organizationId, charge.agentId, charge.contextId, charge.trialId ?? null),
  );
  const now = clock.now();
  // Nothing was reserved: a reservation of 0, settled at once through the same path as settleSpend.
  const reservation = await tx.spendReservation.create({
    data: {
      organizationId,
      agentId: charge.agentId,
      requestKey: charge.requestKey,
      outcome: 'ALLOWED',
      amount: D(0),
      priority: 'NORMAL',
      service: charge.service,
      contextId: charge.contextId,
      status: 'PENDING',
      budgets: budgets.map((b) => ({
        budgetId: b.id,
        windowStart: currentWindowStart(b, org.timeZone, now).toISOString(),
      })),
      decision: { outcome: 'ALLOWED', reasons: ['spent before it was recorded'], requested: fmt(charge.amount) },
      expiresAt: now,
    },
  });
  const { reservation: settled, overLimit } = await endReservation(tx, caller, reservation, 'SETTLED', {
    amount: charge.amount,
    usage: charge.usage,
  });
  if (overLimit.length) {
    await recordViolation(tx, systemCaller(organizationId, caller.requestId), {
      agentId: charge.agentId,
      versionId: charge.versionId,
      policyId: null,
      severity: 'HIGH',
      category: 'BUDGET',
      description: `Spent ${fmt(charge.amount)} (${charge.service}) beyond a budget limit.`,
      evidence: { reservationId: reservation.id, actual: fmt(charge.amount), overLimitBudgetIds: overLimit },
    });
  }
  return settled;
}

export async function authorizeSpend(caller: Caller, request: SpendRequest): Promise<SpendDecision> {
  const { organizationId } = caller.viewer;
  const decided = await authorizeInOneStatement(caller, request);
  if (decided) return decided;
  try {
    return await transact((tx) => authorizeIn(tx, caller, request));
  } catch (error) {
    // Two first attempts with one requestKey and no budget to serialize them: the loser reads
    // the winner's decision.
    if ((error as { code?: string }).code === 'P2002') {
      const existing = await prisma.spendReservation.findUnique({
        where: { organizationId_requestKey: { organizationId, requestKey: request.requestKey } },
      });
      if (existing) return existing.decision as unknown as SpendDecision;
    }
    throw error;
  }
}

export async function authorizeIn(tx: Tx, caller: Caller, request: SpendRequest): Promise<SpendDecision> {
  const { organizationId } = caller.viewer;
  const agent = request.agentId
    ? await tx.agent.findFirst({
        where: { id: request.agentId, organizationId },
        include: { organization: { select: { timeZone: true } } },
      })
    : null;
  if (!agent || (caller.viewer.agentId && caller.viewer.agentId !== agent.id)) throw new NotFoundError('Agent');
  const contextId = await contextOf(tx, organizationId, request.contextId);
  const budgets = await lockBudgets(
    tx,
    await applicableBudgetIds(tx, organizationId, agent.id, contextId, request.trialId ?? null),
  );

  // Retries serialize on the same locks, so the first attempt's decision is visible here.
  const existing = await tx.spendReservation.findUnique({
    where: { organizationId_requestKey: { organizationId, requestKey: request.requestKey } },
  });
  if (existing) {
    const previous = existing.decision as unknown as SpendDecision & { requested: string };
    if (existing.agentId !== agent.id || previous.requested !== fmt(request.amount)) {
      throw new ConflictError(`requestKey "${request.requestKey}" was already used for a different request.`);
    }
    return previous;
  }

  const now = clock.now();
  await expireDue(
    tx,
    organizationId,
    now,
    budgets.map((b) => b.id),
  );
  const states: { budget: Budget; usage: BudgetUsage }[] = [];
  // lockBudgets read the rows after taking their locks: they are current.
  for (const budget of budgets) {
    states.push({
      budget,
      usage: await usageOf(tx, caller, budget, currentWindowStart(budget, agent.organization.timeZone, now)),
    });
  }

  const available = (s: (typeof states)[number]) => {
    const hold = request.priority === 'HIGH' ? D(0) : D(s.budget.limit).mul(s.budget.highPriorityReserve);
    return D(s.budget.limit).minus(s.usage.spent).minus(s.usage.reserved).minus(hold);
  };
  const blocking = (amount: string): { budget: Budget; reason: string } | null => {
    for (const s of states) {
      if (s.budget.perCallLimit && D(amount).gt(s.budget.perCallLimit)) {
        return {
          budget: s.budget,
          reason: `${fmt(amount)} exceeds the per-call limit ${fmt(s.budget.perCallLimit)} of "${s.budget.name}"`,
        };
      }
      if (D(amount).gt(available(s))) {
        return {
          budget: s.budget,
          reason: `${fmt(amount)} exceeds the ${fmt(Decimal.max(available(s), 0))} available to ${request.priority} priority in "${s.budget.name}"`,
        };
      }
    }
    return null;
  };

  const full = blocking(request.amount);
  const fallback = full && request.fallback ? blocking(request.fallback.amount) : full;
  const outcome: SpendOutcome = !full ? 'ALLOWED' : request.fallback && !fallback ? 'DOWNGRADED' : 'REJECTED';
  const amount =
    outcome === 'ALLOWED' ? request.amount : outcome === 'DOWNGRADED' ? (request.fallback?.amount as string) : '0';
  const reasons =
    outcome === 'ALLOWED'
      ? ['fits every applicable budget']
      : [
          full?.reason as string,
          ...(outcome === 'DOWNGRADED'
            ? [`downgraded to the fallback: ${request.fallback?.description}`]
            : fallback && request.fallback
              ? [`fallback: ${fallback.reason}`]
              : []),
        ];
  const binding = outcome === 'ALLOWED' ? null : (full?.budget.id ?? null);
  const expiresAt = new Date(now.getTime() + (request.ttlSeconds ?? config().SPEND_RESERVATION_TTL_SECONDS) * 1000);

  // The decision is computed first, so that the reservation is one insert.
  const reservationId = randomUUID();
  const held = outcome === 'REJECTED' ? D(0) : D(amount);
  const decision: SpendDecision & { requested: string } = {
    outcome,
    reservationId: outcome === 'REJECTED' ? null : reservationId,
    reservedAmount: outcome === 'REJECTED' ? null : fmt(amount),
    expiresAt: outcome === 'REJECTED' ? null : expiresAt.toISOString(),
    bindingBudgetId: binding,
    remaining: states.map((st) => ({
      budgetId: st.budget.id,
      remaining: fmt(D(st.budget.limit).minus(st.usage.spent).minus(st.usage.reserved).minus(held)),
    })),
    reasons,
    requested: fmt(request.amount),
  };
  await tx.spendReservation.create({
    data: {
      id: reservationId,
      organizationId,
      agentId: agent.id,
      requestKey: request.requestKey,
      outcome,
      amount: D(amount),
      priority: request.priority,
      service: request.service,
      contextId,
      status: outcome === 'REJECTED' ? 'RELEASED' : 'PENDING',
      budgets: states.map((st) => ({ budgetId: st.budget.id, windowStart: st.usage.windowStart.toISOString() })),
      decision: decision as unknown as Prisma.InputJsonObject,
      expiresAt,
    },
  });
  if (outcome !== 'REJECTED') {
    for (const st of states) {
      await post(tx, caller, st.budget, st.usage, {
        kind: 'RESERVE',
        reservationId,
        spentDelta: 0,
        reservedDelta: amount,
        reason: `${request.service}: reserved ${fmt(amount)}`,
      });
    }
  }
  const verb =
    outcome === 'ALLOWED' ? 'spend.authorized' : outcome === 'DOWNGRADED' ? 'spend.downgraded' : 'spend.rejected';
  await appendEvents(tx, caller, [
    {
      verb,
      subjectType: 'SpendReservation',
      subjectId: reservationId,
      agentId: agent.id,
      payload: {
        budgetIds: states.map((s) => s.budget.id),
        requested: fmt(request.amount),
        reserved: fmt(amount),
        bindingBudgetId: binding,
        service: request.service,
        priority: request.priority,
        requestKey: request.requestKey,
      },
    },
  ]);
  if (outcome === 'REJECTED') {
    await recordViolation(tx, systemCaller(organizationId, caller.requestId), {
      agentId: agent.id,
      versionId: agent.currentVersionId,
      policyId: null,
      severity: 'MEDIUM',
      category: 'BUDGET',
      description: `Spend rejected: ${reasons[0]}`,
      evidence: {
        requestKey: request.requestKey,
        requested: fmt(request.amount),
        service: request.service,
        bindingBudgetId: binding,
      },
    });
  }
  return decision;
}

async function lockReservation(tx: Tx, caller: Caller, reservationId: string | null) {
  const id = await lockOwned(tx, 'SpendReservation', reservationId, caller.viewer.organizationId);
  const reservation = id ? await tx.spendReservation.findUniqueOrThrow({ where: { id } }) : null;
  if (!reservation || (caller.viewer.agentId && caller.viewer.agentId !== reservation.agentId))
    throw new NotFoundError('SpendReservation');
  if (reservation.status === 'PENDING' && reservation.expiresAt <= clock.now()) {
    throw new InvalidTransitionError(
      'SpendReservation',
      'EXPIRED',
      'SETTLED',
      'The reservation has expired and released its amount.',
    );
  }
  return reservation;
}

/**
 * Ends a task's reservation inside the caller's transaction: settles it with `actual` (the
 * amount reserved when no actual is known), or releases it. Nothing to do when it already ended.
 */
export async function endTaskReservation(
  tx: Tx,
  caller: Caller,
  reservationId: string,
  actual: { amount: string | null; usage: Prisma.InputJsonObject } | null,
) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "SpendReservation" WHERE id = ${reservationId}::uuid AND status = 'PENDING' FOR UPDATE`;
  if (!row) return false;
  const reservation = await tx.spendReservation.findUniqueOrThrow({ where: { id: row.id } });
  const system = systemCaller(reservation.organizationId, caller.requestId);
  if (actual) {
    await endReservation(tx, system, reservation, 'SETTLED', {
      amount: actual.amount ?? reservation.amount.toString(),
      usage: actual.usage,
    });
  } else {
    await endReservation(tx, system, reservation, 'RELEASED');
  }
  return true;
}

export function settleSpend(
  caller: Caller,
  reservationId: string | null,
  actualAmount: string,
  usage: Prisma.InputJsonObject,
) {
  return transact(async (tx) => {
    const reservation = await lockReservation(tx, caller, reservationId);
    if (reservation.status !== 'PENDING')
      throw new InvalidTransitionError('SpendReservation', reservation.status, 'SETTLED');
    const { reservation: settled, overLimit } = await endReservation(tx, caller, reservation, 'SETTLED', {
      amount: actualAmount,
      usage,
    });
    // Spending more than was reserved, or beyond a budget's limit, is recorded — and a violation.
    if (D(actualAmount).gt(reservation.amount) || overLimit.length) {
      const agent = await tx.agent.findUniqueOrThrow({ where: { id: reservation.agentId } });
      await recordViolation(tx, systemCaller(reservation.organizationId, caller.requestId), {
        agentId: reservation.agentId,
        versionId: agent.currentVersionId,
        policyId: null,
        severity: 'HIGH',
        category: 'BUDGET',
        description: `Settled ${fmt(actualAmount)} against a reservation of ${fmt(reservation.amount)}${overLimit.length ? ', beyond a budget limit' : ''}.`,
        evidence: {
          reservationId: reservation.id,
          reserved: fmt(reservation.amount),
          actual: fmt(actualAmount),
          overLimitBudgetIds: overLimit,
        },
      });
    }
    return settled;
  });
}

export function releaseSpend(caller: Caller, reservationId: string | null) {
  return transact(async (tx) => {
    const reservation = await lockReservation(tx, caller, reservationId);
    if (reservation.status !== 'PENDING')
      throw new InvalidTransitionError('SpendReservation', reservation.status, 'RELEASED');
    return (await endReservation(tx, caller, reservation, 'RELEASED')).reservation;
  });
}

export function adjustBudget(caller: Caller, budgetId: string | null, amount: string, reason: string) {
  return transact(async (tx) => {
    const found = budgetId
      ? await tx.budget.findFirst({
          where: { id: budgetId, organizationId: caller.viewer.organizationId },
          include: { organization: { select: { timeZone: true } } },
        })
      : null;
    if (!found) throw new NotFoundError('Budget');
    const [budget] = await lockBudgets(tx, [found.id]);
    if (!budget) throw new NotFoundError('Budget');
    const usage = await usageOf(
      tx,
      caller,
      budget,
      currentWindowStart(budget, found.organization.timeZone, clock.now()),
    );
    await post(tx, caller, budget, usage, { kind: 'ADJUST', spentDelta: amount, reservedDelta: 0, reason });
    await appendEvents(tx, caller, [
      {
        verb: 'budget.adjusted',
        subjectType: 'Budget',
        subjectId: budget.id,
        agentId: budget.agentId,
        payload: { budgetIds: [budget.id], amount: fmt(amount), reason },
      },
    ]);
    return budget;
  });
}

/** The background sweep: expirations (correctness never waits for it; see expireDue). */
export async function sweepReservations() {
  let expired = 0;
  for (;;) {
    const n = await transact((tx) => expireDue(tx, null, clock.now()));
    expired += n;
    if (n < 500) return expired;
  }
}
