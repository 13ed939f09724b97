// The spend mutations: authorize (through the lanes and the engine), settle, release, adjust,
// charge after the fact, and the expiry sweep. The rules live in spend-decide.ts and the
// engine (spend-engine.ts); this file opens the transactions and checks who may do what.

import { actsFor } from '../../auth/agent-binding.js';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { Decimal, type Prisma, type Tx } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../graphql/errors.js';
import { spendDecisions } from '../../observability/metrics.js';
import { settlementAmount } from '../services/pricing.js';
import { Ledger } from './ledger.js';
import { fmt, isDue } from './spend-decide.js';
import {
  applicableBudgetIds,
  endReservations,
  expireDue,
  lockReservation,
  type SpendDecision,
  type SpendRequest,
} from './spend-engine.js';
import { authorizeInLane } from './spend-lanes.js';

export type { SpendOutcome } from './spend-decide.js';
export type { SpendDecision, SpendRequest } from './spend-engine.js';
export { fmt };

export async function authorizeSpend(caller: Caller, request: SpendRequest): Promise<SpendDecision> {
  const decision = await authorizeInLane(caller, request);
  spendDecisions.inc({ outcome: decision.outcome });
  return decision;
}

/**
 * Spend known only after the fact (a task's cost): recorded as a settled reservation and a
 * SETTLE entry in every applicable budget, in the caller's transaction. It is never refused —
 * the money is spent — but beyond a budget's limit it raises a BUDGET violation. (A total past
 * what the ledger holds, MAX_AMOUNT, is refused: a ValidationError on input.cost.)
 */
export async function chargeSpend(
  tx: Tx,
  caller: Caller,
  charge: {
    agentId: string;
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
  const agent = await tx.agent.findUniqueOrThrow({ where: { id: charge.agentId }, select: { currentVersionId: true } });
  const ids = await applicableBudgetIds(tx, organizationId, charge.agentId, charge.contextId, charge.trialId ?? null);
  const ledger = new Ledger(tx, caller);
  const budgets = await ledger.lock(ids);
  const now = clock.now();
  const windows = await ledger.currentWindows(budgets, org.timeZone, now);
  // Nothing was reserved: a reservation of 0, settled at once through the one path that ends reservations.
  const reservation = await tx.spendReservation.create({
    data: {
      organizationId,
      agentId: charge.agentId,
      requestKey: charge.requestKey,
      outcome: 'ALLOWED',
      amount: new Decimal(0),
      priority: 'NORMAL',
      service: charge.service,
      versionId: agent.currentVersionId,
      contextId: charge.contextId,
      status: 'PENDING',
      budgets: windows.map((w) => ({ budgetId: w.budgetId, windowStart: w.windowStart.toISOString() })),
      decision: { outcome: 'ALLOWED', reasons: ['spent before it was recorded'], requested: fmt(charge.amount) },
      expiresAt: now,
    },
  });
  const [ended] = await endReservations(tx, ledger, caller, [reservation], 'SETTLED', {
    amount: charge.amount,
    usage: charge.usage,
    reservedBeforehand: false,
    inputPath: ['input', 'cost'],
  });
  return ended;
}

/** A PENDING reservation of the caller's, locked with its budgets; expired or ended ones refuse. */
async function pending(tx: Tx, caller: Caller, reservationId: string | null, to: 'SETTLED' | 'RELEASED') {
  const { reservation, ledger } = await lockReservation(tx, caller, reservationId);
  if (reservation.status !== 'PENDING') throw new InvalidTransitionError('SpendReservation', reservation.status, to);
  if (isDue(reservation, clock.now()))
    throw new InvalidTransitionError(
      'SpendReservation',
      'EXPIRED',
      to,
      'The reservation has expired and released its amount.',
    );
  return { reservation, ledger };
}

/** Settles with the actual amount, or the actual quantity at the price the reservation was authorized at. */
export function settleSpend(
  caller: Caller,
  reservationId: string | null,
  actual: { amount?: string | null; quantity?: string | null },
  usage: Prisma.InputJsonObject,
) {
  return transact(async (tx) => {
    const { reservation, ledger } = await pending(tx, caller, reservationId, 'SETTLED');
    await endReservations(tx, ledger, caller, [reservation], 'SETTLED', {
      amount: actual.amount ?? settlementAmount(reservation, actual.quantity ?? '0'),
      usage,
      reservedBeforehand: true,
      inputPath: ['input', actual.amount != null ? 'actualAmount' : 'actualQuantity'],
    });
    return tx.spendReservation.findUniqueOrThrow({ where: { id: reservation.id } });
  });
}

export function releaseSpend(caller: Caller, reservationId: string | null) {
  return transact(async (tx) => {
    const { reservation, ledger } = await pending(tx, caller, reservationId, 'RELEASED');
    await endReservations(tx, ledger, caller, [reservation], 'RELEASED');
    return tx.spendReservation.findUniqueOrThrow({ where: { id: reservation.id } });
  });
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
  const system = systemCaller(caller.viewer.organizationId, caller.requestId);
  const { reservation, ledger } = await lockReservation(tx, system, reservationId);
  if (reservation.status !== 'PENDING') return false;
  if (actual)
    await endReservations(tx, ledger, system, [reservation], 'SETTLED', {
      amount: actual.amount ?? reservation.amount.toString(),
      usage: actual.usage,
      reservedBeforehand: true,
      inputPath: ['input', 'cost'],
    });
  else await endReservations(tx, ledger, system, [reservation], 'RELEASED');
  return true;
}

export function adjustBudget(caller: Caller, budgetId: string | null, amount: string, reason: string) {
  return transact(async (tx) => {
    const found = budgetId
      ? await tx.budget.findFirst({
          where: { id: budgetId, organizationId: caller.viewer.organizationId },
          include: { organization: { select: { timeZone: true } } },
        })
      : null;
    if (!found || !actsFor(caller.viewer, found.agentId)) throw new NotFoundError('Budget');
    const ledger = new Ledger(tx, caller);
    const [budget] = await ledger.lock([found.id]);
    if (!budget) throw new NotFoundError('Budget');
    const [usage] = await ledger.currentWindows([budget], found.organization.timeZone, clock.now());
    if (!usage) throw new NotFoundError('Budget');
    // Totals never go negative (the database refuses it too): a credit returns at most what was spent.
    if (usage.spent.plus(amount).isNegative())
      throw ValidationError.of(
        ['input', 'amount'],
        `a credit may return at most the ${fmt(usage.spent)} spent in the current window`,
      );
    ledger.post(budget, usage.windowStart, {
      kind: 'ADJUST',
      spentDelta: amount,
      reservedDelta: 0,
      reason,
      inputPath: ['input', 'amount'],
    });
    ledger.announce(caller, {
      verb: 'budget.adjusted',
      subjectType: 'Budget',
      subjectId: budget.id,
      agentId: budget.agentId,
      payload: { budgetIds: [budget.id], amount: fmt(amount), reason },
    });
    await ledger.flush();
    return budget;
  });
}

/** The background sweep: expirations (correctness never waits for it; the engine expires inline too). */
export async function sweepReservations(now = clock.now()) {
  let expired = 0;
  for (;;) {
    const batch = await transact((tx) => expireDue(tx, null, now, 100, 'spend-sweep'));
    expired += batch.expired;
    if (batch.seen < 100 || batch.expired === 0) return expired;
  }
}
