// organizationStats(from, to): one query answers the governance dashboard; each part is one
// grouped statement (statistics.service.ts), loaded only when selected.

import { z } from 'zod';
import { Prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { tenantOf } from '../../graphql/tenant.js';
import { parseInput } from '../../graphql/validation.js';
import { type Count, type Range, statistics, tally } from './statistics.service.js';

const CountType = builder.objectRef<Count>('CountByKey').implement({
  description: 'How many things have this key (a status, an outcome, a tier; NONE when it has none).',
  fields: (t) => ({ key: t.exposeString('key'), count: t.exposeInt('count') }),
});

type SpendRow = Awaited<ReturnType<typeof statistics.spend>>[number];
const SpendRowType = builder.objectRef<SpendRow>('SpendStat').implement({
  description: 'Settled spend of one agent on one service on one day (in the organization’s time zone).',
  fields: (t) => ({
    agentId: t.id({ resolve: (r) => encodeGlobalId('Agent', r.agentId) }),
    service: t.exposeString('service'),
    day: t.exposeString('day', { description: 'YYYY-MM-DD.' }),
    amount: t.field({ type: 'Decimal', resolve: (r) => r.amount }),
    count: t.exposeInt('count', { description: 'Settled reservations.' }),
  }),
});

interface SpendTotal {
  key: string;
  amount: string;
  count: number;
}
export const SpendTotalType = builder.objectRef<SpendTotal>('SpendTotal').implement({
  description: 'Settled spend summed by one key (an agent’s global ID, a service, a day).',
  fields: (t) => ({
    key: t.exposeString('key'),
    amount: t.field({ type: 'Decimal', resolve: (r) => r.amount }),
    count: t.exposeInt('count', { description: 'Settled reservations.' }),
  }),
});

export function totals(rows: SpendRow[], by: 'agentId' | 'service' | 'day', key = (k: string) => k): SpendTotal[] {
  const sums = new Map<string, { amount: Prisma.Decimal; count: number }>();
  for (const r of rows) {
    const s = sums.get(r[by]) ?? { amount: new Prisma.Decimal(0), count: 0 };
    sums.set(r[by], { amount: s.amount.plus(r.amount), count: s.count + r.count });
  }
  return [...sums]
    .map(([k, s]) => ({ key: key(k), amount: s.amount.toString(), count: s.count }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const TrialStatsType = builder.simpleObject('TrialConversionStats', {
  fields: (t) => ({
    started: t.int(),
    converted: t.int(),
    conversionRate: t.float({ description: 'converted / started (0 when none started).' }),
  }),
});

/** Memoized per request: a part selected twice (or feeding two fields) is one statement. */
const memo = new WeakMap<object, Map<string, Promise<unknown>>>();
export function part<K extends keyof typeof statistics>(range: Range, name: K): ReturnType<(typeof statistics)[K]> {
  let parts = memo.get(range);
  if (!parts) {
    parts = new Map();
    memo.set(range, parts);
  }
  if (!parts.has(name)) parts.set(name, statistics[name](range));
  return parts.get(name) as ReturnType<(typeof statistics)[K]>;
}

const OrganizationStatsType = builder.objectRef<Range>('OrganizationStats').implement({
  description: 'What happened in your organization between from and to (agents: as they are now).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (r) => r.from }),
    to: t.field({ type: 'DateTime', resolve: (r) => r.to }),
    agentsByStatus: t.field({ type: [CountType], resolve: (r) => part(r, 'agentsByStatus') }),
    agentsByTrustTier: t.field({ type: [CountType], resolve: (r) => part(r, 'agentsByTrustTier') }),
    decisionsByOutcome: t.field({
      type: [CountType],
      description: 'Policy decisions: ALLOW, DOWNGRADE, REQUIRES_APPROVAL, DENY.',
      resolve: (r) => part(r, 'decisions'),
    }),
    spendDecisionsByOutcome: t.field({
      type: [CountType],
      description: 'Spend authorizations: ALLOWED, DOWNGRADED, REJECTED.',
      resolve: (r) => part(r, 'spendDecisions'),
    }),
    spend: t.field({ type: [SpendRowType], resolve: (r) => part(r, 'spend') }),
    spendByAgent: t.field({
      type: [SpendTotalType],
      description: 'Settled spend per agent (key: the agent’s global ID).',
      resolve: async (r) => totals(await part(r, 'spend'), 'agentId', (id) => encodeGlobalId('Agent', id)),
    }),
    spendByService: t.field({
      type: [SpendTotalType],
      resolve: async (r) => totals(await part(r, 'spend'), 'service'),
    }),
    spendByDay: t.field({
      type: [SpendTotalType],
      description: 'Settled spend per day (YYYY-MM-DD in the organization’s time zone).',
      resolve: async (r) => totals(await part(r, 'spend'), 'day'),
    }),
    violationsBySeverity: t.field({
      type: [CountType],
      resolve: async (r) => tally(await part(r, 'violations'), 'severity'),
    }),
    violationsByCategory: t.field({
      type: [CountType],
      resolve: async (r) => tally(await part(r, 'violations'), 'category'),
    }),
    violationsByStatus: t.field({
      type: [CountType],
      resolve: async (r) => tally(await part(r, 'violations'), 'status'),
    }),
    tasksByStatus: t.field({ type: [CountType], resolve: (r) => part(r, 'tasksByStatus') }),
    trials: t.field({ type: TrialStatsType, resolve: (r) => part(r, 'trials') }),
  }),
});

export const rangeInput = z
  .object({ from: z.date(), to: z.date() })
  .refine((r) => r.from < r.to, { message: 'from must be before to', path: ['to'] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= 366 * 86_400_000, {
    message: 'the range is at most 366 days',
    path: ['to'],
  });

builder.queryField('organizationStats', (t) =>
  t.field({
    type: OrganizationStatsType,
    description: 'Statistics of your organization for [from, to): a dashboard in one query, one statement per part.',
    authScopes: { scope: 'org:read' },
    args: { from: t.arg({ type: 'DateTime', required: true }), to: t.arg({ type: 'DateTime', required: true }) },
    resolve: (_root, args, ctx) => ({ organizationId: tenantOf(ctx), ...parseInput(rangeInput, args) }),
  }),
);
