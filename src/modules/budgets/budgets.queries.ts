import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { BudgetSubjectEnum, BudgetType } from './budget.type.js';

const BudgetsFilter = builder.inputType('BudgetsFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false, description: "The agent's own budgets." }),
    subjectType: t.field({ type: BudgetSubjectEnum, required: false }),
    includeArchived: t.boolean({ required: false, defaultValue: false }),
  }),
});

builder.queryField('budgets', (t) =>
  t.prismaConnection({
    type: BudgetType,
    cursor: 'id',
    description: 'Budgets of your organization.',
    authScopes: { scope: 'budgets:read' },
    args: { filter: t.arg({ type: BudgetsFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const where: Prisma.BudgetWhereInput = {
        organizationId: tenantOf(ctx),
        ...(filter?.agentId ? { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } : {}),
        ...(filter?.subjectType ? { subjectType: filter.subjectType } : {}),
        ...(filter?.includeArchived ? {} : { archivedAt: null }),
      };
      return prisma.budget.findMany({ ...query, where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },
  }),
);

builder.queryField('budget', (t) =>
  t.prismaField({
    type: BudgetType,
    nullable: true,
    description: 'A budget by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'budgets:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.budget.findFirst({
        ...query,
        where: { id: idFor('Budget', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);
