// The spend rules, as one pure function of the loaded state and a request: which budgets bind,
// the per-call limit, the HIGH reserve, fallbacks, that only an ACTIVE agent may spend and only on
// a service the catalog does not refuse. The
// engine (spend-engine.ts) loads the state under locks, calls this for each request in order,
// and persists what it says; nothing else decides spend.
import { Decimal, type Money } from '../../db/client.js';
import type { Budget } from '../../generated/prisma/client.js';
import type { AgentStatus, SpendPriority } from '../../generated/prisma/enums.js';
import type { WindowUsage } from './ledger.js';

export type SpendOutcome = 'ALLOWED' | 'REJECTED' | 'DOWNGRADED';

const D = (x: Money) => new Decimal(x);
export const fmt = (x: Money) =>
  D(x)
    .toFixed(6)
    .replace(/\.?0+$/, '') || '0';

export interface BudgetWindowState {
  budget: Budget;
  usage: WindowUsage;
}

export interface SpendAsk {
  amount: string;
  priority: SpendPriority;
  fallback?: { amount: string; description: string } | null;
  /** Why the service may not be used (inactive or archived in the catalog), if so. */
  unavailable?: string | null;
}

export interface SpendVerdict {
  outcome: SpendOutcome;
  /** What is reserved: the amount, the fallback's, or 0. */
  amount: string;
  reasons: string[];
  bindingBudgetId: string | null;
}

/** What `priority` may still take from a window: limit − spent − reserved − the HIGH reserve. */
export function available(state: BudgetWindowState, priority: SpendPriority): Decimal {
  const { budget, usage } = state;
  const hold = priority === 'HIGH' ? D(0) : D(budget.limit).mul(budget.highPriorityReserve);
  return D(budget.limit).minus(usage.spent).minus(usage.reserved).minus(hold);
}

function blocking(states: BudgetWindowState[], amount: string, priority: SpendPriority) {
  for (const s of states) {
    if (s.budget.perCallLimit && D(amount).gt(s.budget.perCallLimit))
      return {
        budget: s.budget,
        reason: `${fmt(amount)} exceeds the per-call limit ${fmt(s.budget.perCallLimit)} of "${s.budget.name}"`,
      };
    const left = available(s, priority);
    if (D(amount).gt(left))
      return {
        budget: s.budget,
        reason: `${fmt(amount)} exceeds the ${fmt(Decimal.max(left, 0))} available to ${priority} priority in "${s.budget.name}"`,
      };
  }
  return null;
}

export function decideSpend(
  agent: { status: AgentStatus; halt: string | null; install: string | null },
  states: BudgetWindowState[],
  ask: SpendAsk,
): SpendVerdict {
  const refused = (reason: string): SpendVerdict => ({
    outcome: 'REJECTED',
    amount: '0',
    reasons: [reason],
    bindingBudgetId: null,
  });
  if (agent.status !== 'ACTIVE') return refused(`the agent is ${agent.status}; only ACTIVE agents may spend`);
  if (agent.halt) return refused(agent.halt);
  if (agent.install) return refused(agent.install);
  if (ask.unavailable) return refused(ask.unavailable);
  const full = blocking(states, ask.amount, ask.priority);
  if (!full)
    return { outcome: 'ALLOWED', amount: ask.amount, reasons: ['fits every applicable budget'], bindingBudgetId: null };
  const fallback = ask.fallback ? blocking(states, ask.fallback.amount, ask.priority) : full;
  if (ask.fallback && !fallback)
    return {
      outcome: 'DOWNGRADED',
      amount: ask.fallback.amount,
      reasons: [full.reason, `downgraded to the fallback: ${ask.fallback.description}`],
      bindingBudgetId: full.budget.id,
    };
  return {
    outcome: 'REJECTED',
    amount: '0',
    reasons: [full.reason, ...(ask.fallback && fallback ? [`fallback: ${fallback.reason}`] : [])],
    bindingBudgetId: full.budget.id,
  };
}

/** What remains in each window once `held` is reserved (shown with every decision). */
export function remainingAfter(states: BudgetWindowState[], held: Money) {
  return states.map((s) => ({
    budgetId: s.budget.id,
    remaining: fmt(D(s.budget.limit).minus(s.usage.spent).minus(s.usage.reserved).minus(D(held))),
  }));
}

/** A PENDING reservation past its expiry holds nothing: the inline check and the sweep both ask this. */
export function isDue(reservation: { status: string; expiresAt: Date }, now: Date): boolean {
  return reservation.status === 'PENDING' && reservation.expiresAt <= now;
}
