// treasury(from, to): the policy backend's treasury view — money settled and adjusted in the
// range, what open reservations hold now, revenue per service and spend per agent. The sums by
// service and agent are organizationStats' spend part (one statement, shared when both are asked).
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { tenantOf } from '../../graphql/tenant.js';
import { parseInput } from '../../graphql/validation.js';
import { part, rangeInput, SpendTotalType, totals } from './statistics.queries.js';
import type { Range } from './statistics.service.js';

const TreasuryType = builder.objectRef<Range>('Treasury').implement({
  description:
    'Your organization’s money between from and to (the ledger itself: transactions). Amounts are in the budgets’ currency.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (r) => r.from }),
    to: t.field({ type: 'DateTime', resolve: (r) => r.to }),
    settled: t.field({
      type: 'Decimal',
      description: 'Spend settled in the range.',
      resolve: async (r) => (await part(r, 'treasury')).settled,
    }),
    settlements: t.int({
      description: 'Reservations settled in the range.',
      resolve: async (r) => (await part(r, 'treasury')).settlements,
    }),
    adjusted: t.field({
      type: 'Decimal',
      description: 'Manual debits (positive) and credits (negative) in the range.',
      resolve: async (r) => (await part(r, 'treasury')).adjusted,
    }),
    reservedNow: t.field({
      type: 'Decimal',
      description: 'Held now by open (pending, unexpired) reservations.',
      resolve: async (r) => (await part(r, 'treasury')).reserved,
    }),
    revenueByService: t.field({
      type: [SpendTotalType],
      description: 'Settled spend per service key.',
      resolve: async (r) => totals(await part(r, 'spend'), 'service'),
    }),
    spendByAgent: t.field({
      type: [SpendTotalType],
      description: 'Settled spend per agent (key: the agent’s global ID).',
      resolve: async (r) => totals(await part(r, 'spend'), 'agentId', (id) => encodeGlobalId('Agent', id)),
    }),
  }),
});

builder.queryField('treasury', (t) =>
  t.field({
    type: TreasuryType,
    description: 'The treasury view for [from, to): at most two statements, whatever the organization’s size.',
    authScopes: { scope: 'budgets:read' },
    args: { from: t.arg({ type: 'DateTime', required: true }), to: t.arg({ type: 'DateTime', required: true }) },
    resolve: (_root, args, ctx) => ({ organizationId: tenantOf(ctx), ...parseInput(rangeInput, args) }),
  }),
);
