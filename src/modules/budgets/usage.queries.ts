// Usage from the ledger: what settled reservations spent and consumed, bucketed in UTC.
import { Decimal, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { codedError } from '../../graphql/errors.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { tenantOf } from '../../graphql/tenant.js';

export const UsageBucket = builder.enumType('UsageBucket', { values: ['HOUR', 'DAY'] as const });

interface Point {
  bucket: Date;
  spend: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

const UsagePoint = builder.objectRef<Point>('UsagePoint').implement({
  fields: (t) => ({
    bucket: t.expose('bucket', { type: 'DateTime', description: 'Start of the hour or day (UTC).' }),
    spend: t.exposeString('spend', { description: 'Settled amount (decimal).' }),
    calls: t.exposeInt('calls'),
    inputTokens: t.exposeInt('inputTokens'),
    outputTokens: t.exposeInt('outputTokens'),
  }),
});

function checkRange(from: Date, to: Date) {
  if (to <= from) throw codedError('BAD_USER_INPUT', '`to` must be after `from`.');
  if (to.getTime() - from.getTime() > 400 * 86_400_000)
    throw codedError('BAD_USER_INPUT', 'The range may span at most 400 days.');
}

builder.prismaObjectFields('Agent', (t) => ({
  usage: t.field({
    type: [UsagePoint],
    description:
      'Spend, calls and tokens of settled calls, per hour or day. One query per agent: ask for few agents at a time.',
    authScopes: { scope: 'budgets:read' },
    // One aggregate query per agent (src/graphql/cost.ts).
    complexity: 100,
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      bucket: t.arg({ type: UsageBucket, required: false, defaultValue: 'DAY' }),
    },
    select: { id: true, organizationId: true },
    resolve: async (agent, { from, to, bucket }) => {
      checkRange(from, to);
      const rows = await prisma.$queryRaw<
        { bucket: Date; spend: string; calls: number; input: bigint | null; output: bigint | null }[]
      >`
        SELECT date_trunc(${bucket === 'HOUR' ? 'hour' : 'day'}, "settledAt" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
               sum("actualAmount")::text AS spend, count(*)::int AS calls,
               sum(("usage"->>'inputTokens')::bigint) AS input, sum(("usage"->>'outputTokens')::bigint) AS output
          FROM "SpendReservation"
         WHERE "organizationId" = ${agent.organizationId}::uuid AND "agentId" = ${agent.id}::uuid
           AND status = 'SETTLED' AND "settledAt" >= ${from} AND "settledAt" < ${to}
         GROUP BY 1 ORDER BY 1`;
      return rows.map((r) => ({
        bucket: r.bucket,
        spend: new Decimal(r.spend).toString(),
        calls: r.calls,
        inputTokens: Number(r.input ?? 0),
        outputTokens: Number(r.output ?? 0),
      }));
    },
  }),
}));

interface Slice {
  key: string;
  spend: string;
  calls: number;
}
const SpendSlice = builder.objectRef<Slice>('SpendSlice').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The agent (global ID) or the service.' }),
    spend: t.exposeString('spend'),
    calls: t.exposeInt('calls'),
  }),
});
const SpendSummary = builder.simpleObject('SpendSummary', {
  fields: (t) => ({
    total: t.string({ description: 'Settled amount in the range (decimal).' }),
    calls: t.int(),
    byAgent: t.field({ type: [SpendSlice] }),
    byService: t.field({ type: [SpendSlice] }),
  }),
});

builder.queryField('spendSummary', (t) =>
  t.field({
    type: SpendSummary,
    description: "Your organization's settled spend in [from, to), by agent and by service.",
    authScopes: { scope: 'budgets:read' },
    complexity: 100,
    args: { from: t.arg({ type: 'DateTime', required: true }), to: t.arg({ type: 'DateTime', required: true }) },
    resolve: async (_root, { from, to }, ctx) => {
      checkRange(from, to);
      const where = { organizationId: tenantOf(ctx), status: 'SETTLED' as const, settledAt: { gte: from, lt: to } };
      const [byAgent, byService] = await Promise.all([
        prisma.spendReservation.groupBy({
          by: ['agentId'],
          where,
          _sum: { actualAmount: true },
          _count: true,
          orderBy: { agentId: 'asc' },
        }),
        prisma.spendReservation.groupBy({
          by: ['service'],
          where,
          _sum: { actualAmount: true },
          _count: true,
          orderBy: { service: 'asc' },
        }),
      ]);
      const slice = (key: string, sum: Decimal | null, count: number) => ({
        key,
        spend: new Decimal(sum ?? 0).toString(),
        calls: count,
      });
      const total = byAgent.reduce((s, r) => s.plus(r._sum.actualAmount ?? 0), new Decimal(0));
      return {
        total: total.toString(),
        calls: byAgent.reduce((n, r) => n + r._count, 0),
        byAgent: byAgent.map((r) => slice(encodeGlobalId('Agent', r.agentId), r._sum.actualAmount, r._count)),
        byService: byService.map((r) => slice(r.service, r._sum.actualAmount, r._count)),
      };
    },
  }),
);
