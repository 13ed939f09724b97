// Reads of agent metrics: agent.performance and agentVersion.performance (batched: two
// statements for every agent or version of a response), metricSeries, organizationKpis.
import { clock } from '../../clock.js';
import { builder } from '../../graphql/builder.js';
import type { RequestContext } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { requestLoader } from '../../graphql/loaders.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { parseInput } from '../../graphql/validation.js';
import { UsageBucket } from '../budgets/usage.queries.js';
import { rangeInput } from '../statistics/statistics.queries.js';
import {
  type Aggregate,
  availabilityOf,
  type Bucket,
  type PerformanceBucket,
  performanceOf,
  seriesOf,
} from './metrics.reads.js';
import { metricPoint } from './metrics.validation.js';

const PerformanceType = builder.objectRef<PerformanceBucket>('PerformanceBucket').implement({
  description: 'One hour or day (UTC) of runs: task runs and run.* points, quality.score points, settled spend.',
  fields: (t) => ({
    bucket: t.field({ type: 'DateTime', description: 'Start of the hour or day (UTC).', resolve: (b) => b.bucket }),
    runs: t.exposeInt('runs', { description: 'run.succeeded points: one per run.' }),
    succeeded: t.exposeInt('succeeded'),
    successRate: t.exposeFloat('successRate', { nullable: true, description: 'succeeded / runs.' }),
    p50DurationMs: t.exposeFloat('p50DurationMs', { nullable: true, description: 'From run.duration_ms, within 1 %.' }),
    p90DurationMs: t.exposeFloat('p90DurationMs', { nullable: true }),
    p99DurationMs: t.exposeFloat('p99DurationMs', { nullable: true }),
    qualityScores: t.exposeInt('qualityScores', { description: 'quality.score points.' }),
    meanQuality: t.exposeFloat('meanQuality', { nullable: true }),
    cost: t.field({ type: 'Decimal', description: 'Settled spend in the bucket.', resolve: (b) => b.cost }),
  }),
});

type Range = { from: Date; to: Date; bucket: Bucket };
const range = (args: { from: Date; to: Date; bucket?: string | null }): Range => ({
  ...parseInput(rangeInput, { from: args.from, to: args.to }, []),
  bucket: (args.bucket ?? 'DAY') as Bucket,
});

/** One loader per request and range: every agent (or version) it shows in one batch. */
const performance = (ctx: RequestContext, of: 'agent' | 'version', r: Range) =>
  requestLoader<PerformanceBucket[]>(
    ctx,
    `performance:${of}:${r.from.toISOString()}:${r.to.toISOString()}:${r.bucket}`,
    async (ids) => {
      const found = await performanceOf(of, tenantOf(ctx), ids, r.from, r.to, r.bucket);
      return ids.map((id) => found.get(id) ?? []);
    },
  );

const performanceArgs = (t: { arg: Parameters<Parameters<typeof builder.prismaObjectFields>[1]>[0]['arg'] }) => ({
  from: t.arg({ type: 'DateTime', required: true }),
  to: t.arg({ type: 'DateTime', required: true }),
  bucket: t.arg({ type: UsageBucket, required: false, defaultValue: 'DAY' }),
});

builder.prismaObjectFields('Agent', (t) => ({
  performance: t.field({
    type: [PerformanceType],
    description:
      'Runs, success rate, duration percentiles, mean quality and cost per hour or day (UTC) in [from, to) (at most 366 days; hourly rollups, so from is taken to its hour).',
    authScopes: { scope: 'agents:read' },
    args: performanceArgs(t),
    select: { id: true },
    resolve: (agent, args, ctx) => performance(ctx, 'agent', range(args)).load(agent.id),
  }),
}));

builder.prismaObjectFields('AgentVersion', (t) => ({
  performance: t.field({
    type: [PerformanceType],
    description: 'As agent.performance, for the runs and spend while this version was current.',
    authScopes: { scope: 'agents:read' },
    args: performanceArgs(t),
    select: { id: true },
    resolve: (version, args, ctx) => performance(ctx, 'version', range(args)).load(version.id),
  }),
}));

const tagsFilter = metricPoint.shape.tags;

const MetricAggregate = builder.enumType('MetricAggregate', {
  values: ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'P50', 'P90', 'P99'] as const,
});
const SeriesPointType = builder.simpleObject('MetricSeriesPoint', {
  fields: (t) => ({
    bucket: t.field({ type: 'DateTime' }),
    count: t.int({ description: 'Points in the bucket.' }),
    value: t.float({ nullable: true, description: 'The aggregate (percentiles within 1 %).' }),
  }),
});
const MetricSeriesFilter = builder.inputType('MetricSeriesFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false, description: 'One agent; every agent of your organization unless given.' }),
    name: t.string({ required: true }),
    tags: t.field({
      type: 'JSON',
      required: false,
      description: 'Points carrying all these tags (read from raw points: the last AGENT_METRICS_RAW_RETENTION_DAYS).',
    }),
  }),
});

builder.queryField('metricSeries', (t) =>
  t.field({
    type: [SeriesPointType],
    description: 'A metric of your agents per hour or day (UTC) in [from, to), aggregated as asked. One statement.',
    authScopes: { scope: 'agents:read' },
    args: {
      filter: t.arg({ type: MetricSeriesFilter, required: true }),
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      bucket: t.arg({ type: UsageBucket, required: false, defaultValue: 'DAY' }),
      aggregate: t.arg({ type: MetricAggregate, required: false, defaultValue: 'AVG' }),
    },
    resolve: (_root, args, ctx) => {
      const r = range(args);
      const tags = parseInput(tagsFilter, args.filter.tags ?? null, ['filter', 'tags']) ?? null;
      return seriesOf(
        tenantOf(ctx),
        {
          agentId: args.filter.agentId ? (idFor('Agent', args.filter.agentId) ?? NIL_UUID) : null,
          name: args.filter.name,
          tags,
        },
        r.from,
        r.to,
        r.bucket,
        (args.aggregate ?? 'AVG') as Aggregate,
      );
    },
  }),
);

const KpisType = builder.simpleObject('OrganizationKpis', {
  description: 'The CapeControl blueprint’s KPIs for [from, to).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
    runs: t.int(),
    successRate: t.float({ nullable: true, description: 'Succeeded runs / runs.' }),
    p90RunLatencyMs: t.float({ nullable: true, description: 'P90 of run.duration_ms, within 1 %.' }),
    availability: t.float({
      nullable: true,
      description:
        'Of the time agents were in service (ACTIVE or SUSPENDED), the share they were ACTIVE and not halted (agent or organization). Up to now when to is later.',
    }),
    inServiceHours: t.float({ description: 'Agent-hours in service in the range (the availability’s denominator).' }),
  }),
});

builder.queryField('organizationKpis', (t) =>
  t.field({
    type: KpisType,
    description:
      'P90 run latency, success rate and agent availability of your organization for [from, to): two statements.',
    authScopes: { scope: 'org:read' },
    args: { from: t.arg({ type: 'DateTime', required: true }), to: t.arg({ type: 'DateTime', required: true }) },
    resolve: async (_root, args, ctx) => {
      const { from, to } = parseInput(rangeInput, args, []);
      const organizationId = tenantOf(ctx);
      const [runs, availability] = await Promise.all([
        performanceOf('organization', organizationId, [organizationId], from, to, 'RANGE'),
        availabilityOf(organizationId, from, to, clock.now()),
      ]);
      const [all] = runs.get(organizationId) ?? [];
      return {
        from,
        to,
        runs: all?.runs ?? 0,
        successRate: all?.successRate ?? null,
        p90RunLatencyMs: all?.p90DurationMs ?? null,
        availability: availability.availability,
        inServiceHours: availability.inService / 3_600_000,
      };
    },
  }),
);
