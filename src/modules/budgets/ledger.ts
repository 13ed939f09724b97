// Moving a budget's money: every change is a ledger entry and the same change to the window's
// running totals, in the caller's transaction; thresholds crossed are announced once per window.
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { Decimal, type Money, type Tx } from '../../db/client.js';
import { appendEvents } from '../../events/append.js';
import type { Budget, BudgetUsage } from '../../generated/prisma/client.js';
import type { SpendKind } from '../../generated/prisma/enums.js';
import { windowOf } from './windows.js';

const D = (x: Money) => new Decimal(x);

/** Locks the budgets (in id order, so that no two transactions deadlock) and returns them. */
export async function lockBudgets(tx: Tx, ids: string[]): Promise<Budget[]> {
  if (ids.length === 0) return [];
  await tx.$queryRaw`SELECT id FROM "Budget" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  return tx.budget.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
}

/** The usage row of a window, created on first use; a new window records a RESET entry. */
export async function usageOf(tx: Tx, caller: Caller, budget: Budget, windowStart: Date): Promise<BudgetUsage> {
  const existing = await tx.budgetUsage.findUnique({
    where: { budgetId_windowStart: { budgetId: budget.id, windowStart } },
  });
  if (existing) return existing;
  const created = await tx.budgetUsage.create({ data: { budgetId: budget.id, windowStart, thresholdsCrossed: [] } });
  const earlier = await tx.budgetUsage.findFirst({
    where: { budgetId: budget.id, windowStart: { lt: windowStart } },
    select: { windowStart: true },
  });
  if (earlier) {
    await tx.spendEntry.create({
      data: {
        organizationId: budget.organizationId,
        budgetId: budget.id,
        kind: 'RESET',
        spentDelta: 0,
        reservedDelta: 0,
        windowStart,
        actorType: 'SYSTEM',
        actorId: null,
        reason: `new ${budget.window.toLowerCase()} window`,
      },
    });
    await appendEvents(tx, systemCaller(budget.organizationId, caller.requestId), [
      {
        verb: 'budget.reset',
        subjectType: 'Budget',
        subjectId: budget.id,
        agentId: budget.agentId,
        payload: { budgetIds: [budget.id], windowStart: windowStart.toISOString() },
      },
    ]);
  }
  return created;
}

export function currentWindowStart(budget: Budget, timeZone: string, now: Date): Date {
  return windowOf(budget.window, timeZone, now).start;
}

/** Records one ledger entry and applies it to the window's totals; announces thresholds. */
export async function post(
  tx: Tx,
  caller: Caller,
  budget: Budget,
  usage: BudgetUsage,
  entry: { kind: SpendKind; spentDelta: Money; reservedDelta: Money; reservationId?: string | null; reason: string },
): Promise<BudgetUsage> {
  await tx.spendEntry.create({
    data: {
      organizationId: budget.organizationId,
      budgetId: budget.id,
      reservationId: entry.reservationId ?? null,
      kind: entry.kind,
      spentDelta: D(entry.spentDelta),
      reservedDelta: D(entry.reservedDelta),
      windowStart: usage.windowStart,
      actorType: caller.viewer.actorType,
      actorId: caller.viewer.actorId,
      reason: entry.reason,
    },
  });
  const spent = D(usage.spent).plus(D(entry.spentDelta));
  const reserved = D(usage.reserved).plus(D(entry.reservedDelta));
  const limit = D(budget.limit);
  const utilization = limit.isZero() ? 1 : spent.plus(reserved).div(limit).toNumber();
  const crossed = budget.thresholds.filter((t) => utilization >= t && !usage.thresholdsCrossed.includes(t));
  const updated = await tx.budgetUsage.update({
    where: { budgetId_windowStart: { budgetId: budget.id, windowStart: usage.windowStart } },
    data: { spent, reserved, thresholdsCrossed: [...usage.thresholdsCrossed, ...crossed] },
  });
  if (crossed.length) {
    await appendEvents(
      tx,
      systemCaller(budget.organizationId, caller.requestId),
      crossed.map((threshold) => ({
        verb: 'budget.threshold_crossed',
        subjectType: 'Budget',
        subjectId: budget.id,
        agentId: budget.agentId,
        payload: { budgetIds: [budget.id], threshold, utilization, windowStart: usage.windowStart.toISOString() },
      })),
    );
  }
  return updated;
}
