import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { BudgetType } from './budget.type.js';

const BUDGET_VERBS = [
  'spend.authorized',
  'spend.downgraded',
  'spend.rejected',
  'spend.settled',
  'spend.released',
  'spend.expired',
  'budget.adjusted',
  'budget.reset',
  'budget.threshold_crossed',
  'budget.updated',
];

const BudgetStreamFilter = builder.inputType('BudgetStreamFilter', {
  fields: (t) => ({ agentId: t.globalID({ required: false }), budgetId: t.globalID({ required: false }) }),
});

const budgetIdsOf = (event: ActivityEvent) => ((event.payload as { budgetIds?: string[] }).budgetIds ?? []) as string[];

builder.subscriptionField('budgetChanged', (t) =>
  t.prismaField({
    type: BudgetType,
    description:
      'A budget (spent, reserved, remaining, utilization, …) after each change to it: spend decisions, settlements, ' +
      'releases, expiries, adjustments, resets and thresholds. With budgetId, that budget; otherwise the first one the change touched.',
    authScopes: { scope: 'budgets:read' },
    args: { filter: t.arg({ type: BudgetStreamFilter, required: false }) },
    subscribe: (_root, { filter }, ctx) => {
      const budgetId = filter?.budgetId ? (idFor('Budget', filter.budgetId) ?? NIL_UUID) : null;
      return activityStream(viewerOf(ctx).organizationId, {
        filter: {
          agentId: filter?.agentId ? (idFor('Agent', filter.agentId) ?? NIL_UUID) : undefined,
          verbs: BUDGET_VERBS,
          where: (e) => budgetIdsOf(e).length > 0 && (!budgetId || budgetIdsOf(e).includes(budgetId)),
        },
      });
    },
    resolve: (query, event, { filter }) => {
      const ids = budgetIdsOf(event as unknown as ActivityEvent);
      const wanted = filter?.budgetId ? idFor('Budget', filter.budgetId) : ids[0];
      return prisma.budget.findUniqueOrThrow({ ...query, where: { id: wanted ?? NIL_UUID } });
    },
  }),
);
