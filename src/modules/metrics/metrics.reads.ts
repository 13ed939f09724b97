// Reads of agent metrics. Every read over time comes from the rollups (one row per agent,
// version, name and day — or hour at a range's edges and for hourly buckets: rollupRows), except
// a series filtered by tags, which reads raw points (kept
// AGENT_METRICS_RAW_RETENTION_DAYS). Percentiles come from the metric sketch (the SQL functions
// metric_sketch_key and metric_sketch_value of migration agent_metrics: within 1 % of the true
// value, clamped to the exact min and max) by one ranking, `quantilesSql`, used by every read.
import { Decimal, Prisma, prisma } from '../../db/client.js';

/** HOUR and DAY (UTC) are the API's buckets; RANGE is one bucket for the whole range (KPIs). */
export type Bucket = 'HOUR' | 'DAY' | 'RANGE';
/** Start of a bucket (UTC) of a timestamptz expression. */
const bucketOf = (column: Prisma.Sql, b: Bucket) =>
  b === 'RANGE'
    ? Prisma.sql`'epoch'::timestamptz`
    : Prisma.sql`date_trunc(${b === 'HOUR' ? 'hour' : 'day'}, ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * The rollup rows that cover [from, to) — columns organizationId, agentId, versionId, name, at,
 * count, sum, min, max, sketch — for rows matching `where`: whole UTC days from the daily
 * rollups (unless the buckets are hours), the hours at the edges from the hourly ones. `from`
 * is taken back to its hour.
 */
function rollupRows(where: Prisma.Sql, from: Date, to: Date, bucket: Bucket): Prisma.Sql {
  const fromHour = new Date(Math.floor(from.getTime() / HOUR) * HOUR);
  const dayStart = new Date(Math.ceil(fromHour.getTime() / DAY) * DAY);
  const dayEnd = new Date(Math.floor(to.getTime() / DAY) * DAY);
  const columns = Prisma.sql`"organizationId", "agentId", "versionId", name, count, sum, min, max, sketch`;
  if (bucket === 'HOUR' || dayStart >= dayEnd)
    return Prisma.sql`SELECT ${columns}, hour AS at FROM "AgentMetricRollup" WHERE ${where} AND hour >= ${fromHour} AND hour < ${to}`;
  return Prisma.sql`
    SELECT ${columns}, hour AS at FROM "AgentMetricRollup"
     WHERE ${where} AND ((hour >= ${fromHour} AND hour < ${dayStart}) OR (hour >= ${dayEnd} AND hour < ${to}))
    UNION ALL
    SELECT ${columns}, day AS at FROM "AgentMetricDailyRollup"
     WHERE ${where} AND day >= ${dayStart} AND day < ${dayEnd}`;
}

/**
 * From `codes(subject, bucket, code, n)` (sketch codes and their counts), the p50, p90 and p99
 * of each subject and bucket: the first code whose running count reaches ⌈q · total⌉.
 */
const quantilesSql = Prisma.sql`
  ranked AS (
    SELECT subject, bucket, code, sum(n) OVER (PARTITION BY subject, bucket ORDER BY code) AS cum,
           sum(n) OVER (PARTITION BY subject, bucket) AS total
      FROM codes),
  quantiles AS (
    SELECT subject, bucket,
           metric_sketch_value(min(code) FILTER (WHERE cum >= ceil(0.5 * total))) AS p50,
           metric_sketch_value(min(code) FILTER (WHERE cum >= ceil(0.9 * total))) AS p90,
           metric_sketch_value(min(code) FILTER (WHERE cum >= ceil(0.99 * total))) AS p99
      FROM ranked GROUP BY 1, 2)`;

const clamp = (v: number | null, lo: number | null, hi: number | null) =>
  v === null || lo === null || hi === null ? v : Math.min(Math.max(v, lo), hi);

export interface PerformanceBucket {
  bucket: Date;
  runs: number;
  succeeded: number;
  successRate: number | null;
  p50DurationMs: number | null;
  p90DurationMs: number | null;
  p99DurationMs: number | null;
  qualityScores: number;
  meanQuality: number | null;
  cost: string;
}

interface PerfRow {
  subject: string;
  bucket: Date;
  runs: number | null;
  succeeded: number | null;
  qn: number | null;
  qs: number | null;
  lo: number | null;
  hi: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  cost: string | null;
}

/**
 * Performance per bucket of agents (by agent id) or versions (by version id), in two statements
 * whatever their number: runs and success (run.succeeded), duration percentiles
 * (run.duration_ms), mean quality (quality.score) from the rollups, and settled spend.
 */
export async function performanceOf(
  of: 'agent' | 'version' | 'organization',
  organizationId: string,
  ids: readonly string[],
  from: Date,
  to: Date,
  bucket: Bucket,
): Promise<Map<string, PerformanceBucket[]>> {
  const subject = Prisma.raw({ agent: '"agentId"', version: '"versionId"', organization: '"organizationId"' }[of]);
  const rows = await prisma.$queryRaw<PerfRow[]>`
    WITH r AS (
      SELECT ${subject}::text AS subject, ${bucketOf(Prisma.sql`at`, bucket)} AS bucket, name, count, sum, min, max, sketch
        FROM (${rollupRows(
          Prisma.sql`"organizationId" = ${organizationId}::uuid AND ${subject} = ANY(${ids}::uuid[])
                 AND name IN ('run.duration_ms', 'run.succeeded', 'quality.score')`,
          from,
          to,
          bucket,
        )}) AS rows),
    totals AS (
      SELECT subject, bucket,
             sum(count) FILTER (WHERE name = 'run.succeeded')::float8 AS runs,
             sum(sum) FILTER (WHERE name = 'run.succeeded') AS succeeded,
             sum(count) FILTER (WHERE name = 'quality.score')::float8 AS qn,
             sum(sum) FILTER (WHERE name = 'quality.score') AS qs,
             min(min) FILTER (WHERE name = 'run.duration_ms') AS lo,
             max(max) FILTER (WHERE name = 'run.duration_ms') AS hi
        FROM r GROUP BY 1, 2),
    codes AS (
      SELECT subject, bucket, e.key::int AS code, sum(e.value::bigint) AS n
        FROM r, jsonb_each_text(r.sketch) AS e WHERE r.name = 'run.duration_ms' GROUP BY 1, 2, 3),
    ${quantilesSql},
    spend AS (
      SELECT ${subject}::text AS subject, ${bucketOf(Prisma.sql`"settledAt"`, bucket)} AS bucket, sum("actualAmount")::text AS cost
        FROM "SpendReservation"
       WHERE "organizationId" = ${organizationId}::uuid AND ${subject} = ANY(${ids}::uuid[])
         AND status = 'SETTLED' AND "settledAt" >= ${from} AND "settledAt" < ${to}
       GROUP BY 1, 2)
    SELECT subject, bucket, t.runs, t.succeeded, t.qn, t.qs, t.lo, t.hi, q.p50, q.p90, q.p99, s.cost
      FROM totals t FULL JOIN spend s USING (subject, bucket) LEFT JOIN quantiles q USING (subject, bucket)
     ORDER BY subject, bucket`;
  const bySubject = new Map<string, PerformanceBucket[]>(ids.map((id) => [id, []]));
  for (const r of rows) {
    const runs = Number(r.runs ?? 0);
    const succeeded = Number(r.succeeded ?? 0);
    const qn = Number(r.qn ?? 0);
    bySubject.get(r.subject)?.push({
      bucket: r.bucket,
      runs,
      succeeded,
      successRate: runs ? succeeded / runs : null,
      p50DurationMs: clamp(r.p50, r.lo, r.hi),
      p90DurationMs: clamp(r.p90, r.lo, r.hi),
      p99DurationMs: clamp(r.p99, r.lo, r.hi),
      qualityScores: qn,
      meanQuality: qn ? Number(r.qs) / qn : null,
      cost: new Decimal(r.cost ?? 0).toString(),
    });
  }
  return bySubject;
}

export type Aggregate = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'P50' | 'P90' | 'P99';

export interface SeriesPoint {
  bucket: Date;
  count: number;
  value: number | null;
}

/**
 * A custom (or built-in) metric per bucket: from the rollups, or from raw points when filtered
 * by tags (only those within AGENT_METRICS_RAW_RETENTION_DAYS exist).
 */
export async function seriesOf(
  organizationId: string,
  filter: { agentId: string | null; name: string; tags: Record<string, string> | null },
  from: Date,
  to: Date,
  bucket: Bucket,
  aggregate: Aggregate,
): Promise<SeriesPoint[]> {
  const agent = filter.agentId ? Prisma.sql`AND "agentId" = ${filter.agentId}::uuid` : Prisma.empty;
  const source = filter.tags
    ? Prisma.sql`
      src AS (
        SELECT ${bucketOf(Prisma.sql`time`, bucket)} AS bucket, 1::bigint AS count, value AS sum, value AS min, value AS max,
               jsonb_build_object(metric_sketch_key(value)::text, 1) AS sketch
          FROM "AgentMetricPoint"
         WHERE "organizationId" = ${organizationId}::uuid ${agent} AND name = ${filter.name}
           AND time >= ${from} AND time < ${to} AND tags @> ${JSON.stringify(filter.tags)}::jsonb)`
    : Prisma.sql`
      src AS (
        SELECT ${bucketOf(Prisma.sql`at`, bucket)} AS bucket, count, sum, min, max, sketch
          FROM (${rollupRows(
            Prisma.sql`"organizationId" = ${organizationId}::uuid ${agent} AND name = ${filter.name}`,
            from,
            to,
            bucket,
          )}) AS rows)`;
  const quantile = aggregate === 'P50' || aggregate === 'P90' || aggregate === 'P99';
  const rows = await prisma.$queryRaw<
    {
      bucket: Date;
      count: number;
      sum: number;
      lo: number;
      hi: number;
      p50: number | null;
      p90: number | null;
      p99: number | null;
    }[]
  >`
    WITH ${source},
    totals AS (SELECT ''::text AS subject, bucket, sum(count)::float8 AS count, sum(sum) AS sum, min(min) AS lo, max(max) AS hi
                 FROM src GROUP BY 2),
    codes AS (SELECT ''::text AS subject, bucket, e.key::int AS code, sum(e.value::bigint) AS n
                FROM src, jsonb_each_text(src.sketch) AS e WHERE ${quantile} GROUP BY 2, 3),
    ${quantilesSql}
    SELECT t.bucket, t.count, t.sum, t.lo, t.hi, q.p50, q.p90, q.p99
      FROM totals t LEFT JOIN quantiles q USING (subject, bucket) ORDER BY t.bucket`;
  return rows.map((r) => {
    const count = Number(r.count);
    const value = {
      COUNT: count,
      SUM: r.sum,
      AVG: count ? r.sum / count : null,
      MIN: r.lo,
      MAX: r.hi,
      P50: clamp(r.p50, r.lo, r.hi),
      P90: clamp(r.p90, r.lo, r.hi),
      P99: clamp(r.p99, r.lo, r.hi),
    }[aggregate];
    return { bucket: r.bucket, count, value };
  });
}

const STATUS_VERBS = {
  'agent.created': 'DRAFT',
  'agent.activated': 'ACTIVE',
  'agent.reactivated': 'ACTIVE',
  'agent.suspended': 'SUSPENDED',
  'agent.retired': 'RETIRED',
} as const;
const HALT_VERBS = { 'agent.halted': true, 'agent.resumed': false } as const;
const ORG_VERBS = { 'organization.halted': true, 'organization.resumed': false } as const;

/**
 * The organization's agent availability in [from, min(to, now)): of the time agents were in
 * service (ACTIVE or SUSPENDED: activated and not retired), the share they were ACTIVE and not
 * halted (neither the agent nor the organization). From the status and halt events of the log:
 * the last of each kind before `from`, then every one in the range (one statement).
 */
export async function availabilityOf(organizationId: string, from: Date, to: Date, now: Date) {
  const end = new Date(Math.min(to.getTime(), now.getTime()));
  if (end <= from) return { inService: 0, available: 0, availability: null };
  const events = await prisma.$queryRaw<{ agentId: string | null; verb: string; occurredAt: Date }[]>`
    WITH ev AS (
      SELECT "agentId", verb, "occurredAt", sequence,
             CASE WHEN verb LIKE 'organization.%' THEN 'org' WHEN verb IN ('agent.halted', 'agent.resumed') THEN 'halt'
                  ELSE 'status' END AS kind
        FROM "ActivityEvent"
       WHERE "organizationId" = ${organizationId}::uuid AND "occurredAt" < ${end}
         -- The predicate of the partial index ActivityEvent_availability_idx, word for word.
         AND verb IN ('agent.created', 'agent.activated', 'agent.reactivated', 'agent.suspended', 'agent.retired',
                      'agent.halted', 'agent.resumed', 'organization.halted', 'organization.resumed'))
    SELECT "agentId", verb, "occurredAt" FROM (
      SELECT * FROM (SELECT DISTINCT ON (coalesce("agentId"::text, ''), kind) * FROM ev WHERE "occurredAt" < ${from}
                      ORDER BY coalesce("agentId"::text, ''), kind, sequence DESC) AS before
      UNION ALL SELECT * FROM ev WHERE "occurredAt" >= ${from}) AS e
     ORDER BY "occurredAt", sequence`;
  const agents = new Map<string, { status: string; halted: boolean }>();
  let orgHalted = false;
  let inService = 0;
  let available = 0;
  let at = from.getTime();
  const advance = (until: number) => {
    const dt = until - at;
    if (dt <= 0) return;
    for (const a of agents.values()) {
      if (a.status !== 'ACTIVE' && a.status !== 'SUSPENDED') continue;
      inService += dt;
      if (a.status === 'ACTIVE' && !a.halted && !orgHalted) available += dt;
    }
    at = until;
  };
  for (const e of events) {
    advance(Math.max(e.occurredAt.getTime(), from.getTime()));
    if (e.verb in ORG_VERBS) orgHalted = ORG_VERBS[e.verb as keyof typeof ORG_VERBS];
    else if (e.agentId) {
      const a = agents.get(e.agentId) ?? { status: 'DRAFT', halted: false };
      if (e.verb in HALT_VERBS) a.halted = HALT_VERBS[e.verb as keyof typeof HALT_VERBS];
      else a.status = STATUS_VERBS[e.verb as keyof typeof STATUS_VERBS];
      agents.set(e.agentId, a);
    }
  }
  advance(end.getTime());
  return { inService, available, availability: inService ? available / inService : null };
}
