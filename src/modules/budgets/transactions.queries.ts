// The treasury's transactions: every ledger entry of the organization, across all its budgets,
// newest first, filterable by agent, service, kind, budget and time.
import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { SpendKindEnum } from './budget.type.js';

const TransactionsFilter = builder.inputType('TransactionsFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false, description: 'Entries of this agent’s reservations.' }),
    service: t.string({ required: false, description: 'Entries of reservations for this service key.' }),
    kinds: t.field({ type: [SpendKindEnum], required: false }),
    budgetId: t.globalID({ required: false }),
    from: t.field({ type: 'DateTime', required: false, description: 'Entries at or after.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Entries before.' }),
  }),
});

builder.queryField('transactions', (t) =>
  t.prismaConnection({
    type: 'SpendEntry',
    cursor: 'id',
    description:
      'The ledger of every budget of your organization, newest first: one entry per budget a reservation, settlement, release, expiry or adjustment touched.',
    authScopes: { scope: 'budgets:read' },
    args: { filter: t.arg({ type: TransactionsFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const reservation: Prisma.SpendReservationWhereInput = {
        ...(filter?.agentId ? { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } : {}),
        ...(filter?.service ? { service: filter.service } : {}),
      };
      const where: Prisma.SpendEntryWhereInput = {
        organizationId: tenantOf(ctx),
        ...(Object.keys(reservation).length ? { reservation } : {}),
        ...(filter?.kinds?.length ? { kind: { in: filter.kinds } } : {}),
        ...(filter?.budgetId ? { budgetId: idFor('Budget', filter.budgetId) ?? NIL_UUID } : {}),
        ...(filter?.from || filter?.to
          ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
          : {}),
      };
      return prisma.spendEntry.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },
  }),
);
