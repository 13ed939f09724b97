import { actsFor } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import { Decimal, type Prisma } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { BudgetWindow } from '../../generated/prisma/enums.js';
import { ConflictError, NotFoundError } from '../../graphql/errors.js';

/** The most budgets (not archived) one organization, agent or context has; a trial has one. */
export const MAX_BUDGETS_PER_SUBJECT = 10;
/** So at most this many apply to one spend: the organization's, the agent's, the context's and the trial's. */
export const MAX_APPLICABLE_BUDGETS = 3 * MAX_BUDGETS_PER_SUBJECT + 1;

export interface NewBudget {
  subject:
    | { type: 'ORGANIZATION' }
    | { type: 'AGENT'; agentId: string | null }
    | { type: 'CONTEXT'; contextId: string | null }
    | { type: 'TRIAL'; trialId: string };
  name: string;
  window: BudgetWindow;
  limit: string;
  perCallLimit?: string | null;
  thresholds: number[];
  highPriorityReserve: number;
  currency: string;
}

const event = (verb: string, budget: { id: string; agentId: string | null }, payload: Prisma.InputJsonObject = {}) => ({
  verb,
  subjectType: 'Budget',
  subjectId: budget.id,
  agentId: budget.agentId,
  payload: { budgetIds: [budget.id], ...payload },
});

export function createBudget(caller: Caller, input: NewBudget) {
  return transact((tx) => createBudgetIn(tx, caller, input));
}

/** Creates a budget inside the caller's transaction (startTrial creates the trial's this way). */
export async function createBudgetIn(tx: Prisma.TransactionClient, caller: Caller, input: NewBudget) {
  const { organizationId } = caller.viewer;
  let subjectId = organizationId;
  let agentId: string | null = null;
  if (input.subject.type === 'AGENT') {
    const agent = input.subject.agentId
      ? await tx.agent.findFirst({ where: { id: input.subject.agentId, organizationId } })
      : null;
    if (!agent || !actsFor(caller.viewer, agent.id)) throw new NotFoundError('Agent');
    subjectId = agent.id;
    agentId = agent.id;
  } else if (input.subject.type === 'CONTEXT') {
    const context = input.subject.contextId
      ? await tx.agentContext.findFirst({ where: { id: input.subject.contextId, organizationId } })
      : null;
    if (!context) throw new NotFoundError('AgentContext');
    subjectId = context.id;
  } else if (input.subject.type === 'TRIAL') {
    subjectId = input.subject.trialId;
  }
  if (input.subject.type !== 'TRIAL') {
    // Counted under the subject's advisory lock (src/db/transaction.ts, step 2), so that two
    // concurrent creations cannot both see room for one more.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('budget-subject'), hashtext(${subjectId}))`;
    const held = await tx.budget.count({ where: { organizationId, subjectId, archivedAt: null } });
    if (held >= MAX_BUDGETS_PER_SUBJECT)
      throw new ConflictError(
        `A ${input.subject.type.toLowerCase()} has at most ${MAX_BUDGETS_PER_SUBJECT} budgets; archive one first.`,
      );
  }
  const budget = await tx.budget.create({
    data: {
      organizationId,
      subjectType: input.subject.type,
      subjectId,
      agentId,
      name: input.name,
      window: input.window,
      limit: new Decimal(input.limit),
      perCallLimit: input.perCallLimit ? new Decimal(input.perCallLimit) : null,
      thresholds: input.thresholds,
      highPriorityReserve: new Decimal(input.highPriorityReserve),
      currency: input.currency,
    },
  });
  appendEvents(tx, caller, [event('budget.created', budget, { window: budget.window, limit: input.limit })]);
  return budget;
}

/** The caller's budget, locked (a subject row), unless it is archived. */
async function findBudget(tx: Prisma.TransactionClient, caller: Caller, budgetId: string | null) {
  const id = await lockOwned(tx, 'Budget', budgetId, caller.viewer.organizationId);
  const budget = id ? await tx.budget.findUnique({ where: { id } }) : null;
  if (!budget || !actsFor(caller.viewer, budget.agentId)) throw new NotFoundError('Budget');
  if (budget.archivedAt) throw new ConflictError('The budget is archived.');
  return budget;
}

export function updateBudget(
  caller: Caller,
  budgetId: string | null,
  patch: {
    name?: string | null;
    limit?: string | null;
    perCallLimit?: string | null;
    thresholds?: number[] | null;
    highPriorityReserve?: number | null;
  },
) {
  return transact(async (tx) => {
    const budget = await findBudget(tx, caller, budgetId);
    const data = {
      ...(patch.name != null ? { name: patch.name } : {}),
      ...(patch.limit != null ? { limit: new Decimal(patch.limit) } : {}),
      ...(patch.perCallLimit != null ? { perCallLimit: new Decimal(patch.perCallLimit) } : {}),
      ...(patch.thresholds != null ? { thresholds: patch.thresholds } : {}),
      ...(patch.highPriorityReserve != null ? { highPriorityReserve: new Decimal(patch.highPriorityReserve) } : {}),
    };
    const updated = await tx.budget.update({ where: { id: budget.id }, data });
    appendEvents(tx, caller, [event('budget.updated', budget, { changed: Object.keys(data).sort() })]);
    return updated;
  });
}

export function archiveBudget(caller: Caller, budgetId: string | null) {
  return transact(async (tx) => {
    const budget = await findBudget(tx, caller, budgetId);
    const archived = await tx.budget.update({ where: { id: budget.id }, data: { archivedAt: new Date() } });
    appendEvents(tx, caller, [event('budget.archived', budget)]);
    return archived;
  });
}
