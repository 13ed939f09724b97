// B6 — agent metrics (issue 19 §1). Two figures, each beside a baseline measured in the same run:
//
// 1. Ingest through the API: CLIENTS concurrent clients post recordAgentMetrics batches of BATCH
//    points (variables) for SECONDS to a server in production mode; points recorded per second.
//    Baseline: the same batches inserted by one plain INSERT … jsonb_to_recordset statement
//    through `pg` (no validation, no rollups, no events), from the same number of clients.
// 2. A 30-day p90 over POINTS points (default 10 million): the raw points are generated in SQL,
//    spread over AGENTS agents and 30 days, and rolled up by the same SQL as the ingest
//    (rollupSql). Timed through the API: one agent's agent.performance(30 days, DAY), the
//    organization's metricSeries(run.duration_ms, P90) and organizationKpis. Baseline: the exact
//    percentile_cont(0.9) over the raw points of the same range.
//
//   npm run bench:metrics            # POINTS=1000000 for a quicker run; BATCH=1000 for smaller calls
import pg from 'pg';
import { connectPrisma, Prisma, prisma } from '../src/db/client.js';
import { encodeGlobalId } from '../src/graphql/global-id.js';
import { rollupSql } from '../src/modules/metrics/metrics.ingest.js';
import {
  benchAgent,
  benchTenant,
  cpuDuring,
  machine,
  median,
  percentile,
  report,
  scratchDatabase,
  startApi,
  stopProcess,
} from './lib.js';

const CLIENTS = Number(process.env.CLIENTS ?? 8);
const BATCH = Number(process.env.BATCH ?? 5000);
const SECONDS = Number(process.env.SECONDS ?? 10);
const POINTS = Number(process.env.POINTS ?? 10_000_000);
const AGENTS = Number(process.env.AGENTS ?? 10);
const QUERIES = Number(process.env.QUERIES ?? 15);

const db = await scratchDatabase('bench_metrics');
connectPrisma(db.url);
const { caller, secret, agent } = await benchTenant('metrics-0');
const org = caller.viewer.organizationId;
const agents = [
  agent,
  ...(await Promise.all(Array.from({ length: AGENTS - 1 }, (_, i) => benchAgent(caller, `metrics-${i + 1}`)))),
];

const { child: server, port } = await startApi(
  db.url,
  {},
  process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/agg-prof'] : [],
);
const url = `http://127.0.0.1:${port}/graphql`;
const gql = async (query: string, variables: unknown) => {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data;
};

// 1. Ingest.
const Record_ = `mutation($input: RecordAgentMetricsInput!) { recordAgentMetrics(input: $input) {
  __typename ... on RecordAgentMetricsPayload { recorded } ... on Error { message } } }`;
const batchOf = (client: number, n: number) =>
  Array.from({ length: BATCH }, (_, i) => ({
    agentId: encodeGlobalId('Agent', agents[(client + n) % agents.length]!.id),
    name: i % 3 === 0 ? 'run.duration_ms' : i % 3 === 1 ? 'run.succeeded' : 'tokens.cached',
    value: i % 3 === 1 ? (i % 7 ? 1 : 0) : Math.round(50 + Math.random() * 5000),
    tags: { model: i % 2 ? 'small' : 'large' },
  }));

async function ingestApi(seconds: number) {
  const until = Date.now() + seconds * 1000;
  let points = 0;
  let batches = 0;
  const latencies: number[] = [];
  const { serverMs, postgresMs } = await cpuDuring(server.pid as number, () =>
    Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let n = 0; Date.now() < until; n++) {
          const began = performance.now();
          const data = await gql(Record_, { input: { points: batchOf(client, n) } });
          const r = data?.recordAgentMetrics as { __typename: string; recorded?: number; message?: string };
          if (r.__typename !== 'RecordAgentMetricsPayload') throw new Error(JSON.stringify(r));
          points += r.recorded ?? 0;
          batches++;
          latencies.push(performance.now() - began);
        }
      }),
    ),
  );
  latencies.sort((a, b) => a - b);
  return {
    pointsPerSecond: points / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCpuPerBatch: serverMs / batches,
    postgresCpuPerBatch: postgresMs / batches,
  };
}

async function ingestSql(seconds: number) {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      return c;
    }),
  );
  const until = Date.now() + seconds * 1000;
  let points = 0;
  await Promise.all(
    clients.map(async (c, client) => {
      for (let n = 0; Date.now() < until; n++) {
        const rows = batchOf(client, n).map((p) => ({
          organizationId: org,
          agentId: agents[(client + n) % agents.length]!.id,
          name: p.name,
          value: p.value,
          time: new Date().toISOString(),
          tags: p.tags,
        }));
        const r = await c.query(
          `INSERT INTO "AgentMetricPoint" ("organizationId", "agentId", name, value, time, tags)
           SELECT "organizationId", "agentId", name, value, time, tags
             FROM jsonb_to_recordset($1::jsonb) AS x("organizationId" uuid, "agentId" uuid, name text, value float8, time timestamptz, tags jsonb)`,
          [JSON.stringify(rows)],
        );
        points += r.rowCount ?? 0;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  return { pointsPerSecond: points / seconds };
}

// PROFILE=1: one ingest load against a server writing a CPU profile to /tmp/agg-prof; nothing reported.
if (process.env.PROFILE) {
  console.log(JSON.stringify(await ingestApi(SECONDS)));
  await stopProcess(server);
  await db.stop();
  process.exit(0);
}
await ingestApi(3);
await ingestSql(3);
const ingestRuns: { api: Awaited<ReturnType<typeof ingestApi>>; sql: Awaited<ReturnType<typeof ingestSql>> }[] = [];
for (let run = 0; run < 3; run++) {
  const result = { api: await ingestApi(SECONDS), sql: await ingestSql(SECONDS) };
  console.log(JSON.stringify(result));
  ingestRuns.push(result);
}
const ingest = {
  api: median(ingestRuns.map((r) => r.api.pointsPerSecond)),
  apiP50: median(ingestRuns.map((r) => r.api.p50)),
  apiP99: median(ingestRuns.map((r) => r.api.p99)),
  serverCpuPerBatch: median(ingestRuns.map((r) => r.api.serverCpuPerBatch)),
  postgresCpuPerBatch: median(ingestRuns.map((r) => r.api.postgresCpuPerBatch)),
  sql: median(ingestRuns.map((r) => r.sql.pointsPerSecond)),
};

// 2. The 30-day dataset, generated in SQL and rolled up by the ingest's own rollup SQL.
// Built through pg without the server's statement timeout: a chunk is a million points.
const builder = new pg.Client({ connectionString: db.url });
await builder.connect();
await builder.query('TRUNCATE "AgentMetricPoint", "AgentMetricRollup"');
const now = new Date();
const from = new Date(now.getTime() - 30 * 86_400_000 + 600_000);
const began = Date.now();
const CHUNK = 1_000_000;
for (let start = 0; start < POINTS; start += CHUNK) {
  const n = Math.min(CHUNK, POINTS - start);
  // Durations log-normal around 400 ms; one in three points per name as in the ingest batches.
  const chunk = Prisma.sql`
    WITH g AS (
      SELECT i, ${agents.map((a) => a.id)}::uuid[] AS ids FROM generate_series(${start}::bigint, ${start + n - 1}::bigint) AS i),
    src AS (
      SELECT ${org}::uuid AS "organizationId", ids[1 + (i % ${AGENTS})] AS "agentId",
             CASE WHEN i % 2 = 0 THEN 'run.duration_ms' ELSE 'run.succeeded' END AS name,
             CASE WHEN i % 2 = 0 THEN exp(6 + random() * 1.5 + random() * 1.5)
                  ELSE CASE WHEN random() < 0.97 THEN 1 ELSE 0 END END AS value,
             ${from}::timestamptz + ((i::float8 / ${POINTS}) * interval '30 days') AS time
        FROM g),
    ins AS (
      INSERT INTO "AgentMetricPoint" ("organizationId", "agentId", name, value, time)
      SELECT "organizationId", "agentId", name, value, time FROM src
      RETURNING "organizationId", "agentId", ${'00000000-0000-0000-0000-000000000000'}::uuid AS "versionId", name, value,
                date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour),
    ${rollupSql(Prisma.sql`ins`)}
    SELECT 1`;
  await builder.query(chunk.text, chunk.values as unknown[]);
  process.stdout.write(`\r${start + n} points`);
}
await builder.query('VACUUM ANALYZE "AgentMetricPoint"');
await builder.query('VACUUM ANALYZE "AgentMetricRollup"');
await builder.end();
const buildSeconds = (Date.now() - began) / 1000;
const [{ points, rollups } = { points: 0n, rollups: 0n }] = await prisma.$queryRaw<
  { points: bigint; rollups: bigint }[]
>`
  SELECT (SELECT count(*) FROM "AgentMetricPoint") AS points, (SELECT count(*) FROM "AgentMetricRollup") AS rollups`;
console.log(`\n${points} points, ${rollups} rollups in ${buildSeconds.toFixed(0)} s`);

const range = { from: from.toISOString(), to: now.toISOString() };
const one = encodeGlobalId('Agent', agents[0]!.id);
const queries = {
  agentPerformance: () =>
    gql(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { node(id: $id) { ... on Agent { performance(from: $from, to: $to, bucket: DAY) { runs p90DurationMs } } } }`,
      {
        id: one,
        ...range,
      },
    ),
  agentP90Series: () =>
    gql(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) { metricSeries(filter: { agentId: $id, name: "run.duration_ms" }, from: $from, to: $to, bucket: DAY, aggregate: P90) { value } }`,
      {
        id: one,
        ...range,
      },
    ),
  organizationKpis: () =>
    gql(
      `query($from: DateTime!, $to: DateTime!) { organizationKpis(from: $from, to: $to) { runs p90RunLatencyMs successRate } }`,
      range,
    ),
};
const raw = new pg.Client({ connectionString: db.url });
await raw.connect();
const baselines = {
  agentExact: () =>
    raw.query(
      `SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY value) FROM "AgentMetricPoint" WHERE "agentId" = $1 AND name = 'run.duration_ms' AND time >= $2 AND time < $3`,
      [agents[0]!.id, from, now],
    ),
  organizationExact: () =>
    raw.query(
      `SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY value) FROM "AgentMetricPoint" WHERE "organizationId" = $1 AND name = 'run.duration_ms' AND time >= $2 AND time < $3`,
      [org, from, now],
    ),
};
async function time(fn: () => Promise<unknown>, times = QUERIES) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
const timings = {
  agentPerformance: await time(queries.agentPerformance),
  agentP90Series: await time(queries.agentP90Series),
  organizationKpis: await time(queries.organizationKpis),
  agentExact: await time(baselines.agentExact, 3),
  organizationExact: await time(baselines.organizationExact, 3),
};
// How close the sketch is: the API's p90 against the exact one.
const exact = Number((await baselines.organizationExact()).rows[0]?.percentile_cont);
const kpis = (await queries.organizationKpis())?.organizationKpis as { p90RunLatencyMs: number };
const error = Math.abs(kpis.p90RunLatencyMs - exact) / exact;
await raw.end();
await stopProcess(server);
await prisma.$disconnect();
await db.stop();

const summary = {
  benchmark: 'B6 agent metrics',
  machine: machine(),
  CLIENTS,
  BATCH,
  SECONDS,
  POINTS,
  AGENTS,
  ingest,
  ingestRuns,
  buildSeconds,
  rollups: Number(rollups),
  timings,
  p90: { api: kpis.p90RunLatencyMs, exact, relativeError: error },
};
await report(
  'agent-metrics',
  summary,
  [
    `### B6 agent metrics — ${new Date().toISOString()}`,
    '',
    `${summary.machine}. Ingest: ${CLIENTS} clients, batches of ${BATCH} points, ${SECONDS} s × 3 runs after a warm-up, medians.`,
    '',
    '| | points/s | p50 ms per batch | p99 ms per batch |',
    '|---|---|---|---|',
    `| this API (\`recordAgentMetrics\`: validation, tenancy, raw insert, rollups, events) | ${ingest.api.toFixed(0)} | ${ingest.apiP50.toFixed(0)} | ${ingest.apiP99.toFixed(0)} |`,
    `| CPU per batch of ${BATCH}: server ${ingest.serverCpuPerBatch.toFixed(1)} ms, PostgreSQL ${ingest.postgresCpuPerBatch.toFixed(1)} ms | | | |`,
    `| baseline: the same batches, one plain INSERT through pg | ${ingest.sql.toFixed(0)} | | |`,
    `| ratio | ${(ingest.api / ingest.sql).toFixed(2)}× (target: ≥ 20,000 points/s through the API: ${ingest.api >= 20_000 ? 'met' : 'missed'}) | | |`,
    '',
    `30 days, ${Number(points).toLocaleString('en')} points over ${AGENTS} agents (${Number(rollups).toLocaleString('en')} hourly rollups; built in ${buildSeconds.toFixed(0)} s). Median of ${QUERIES} requests through the API; baselines: the exact percentile over raw points.`,
    '',
    '| query | ms |',
    '|---|---|',
    `| one agent's \`performance(30 days, DAY)\` (${(POINTS / AGENTS).toLocaleString('en')} points) | ${timings.agentPerformance.toFixed(1)} |`,
    `| one agent's \`metricSeries(P90, DAY)\` | ${timings.agentP90Series.toFixed(1)} |`,
    `| \`organizationKpis\` (p90 over all ${Number(points).toLocaleString('en')} points, success rate, availability) | ${timings.organizationKpis.toFixed(1)} |`,
    `| baseline: exact p90 of one agent, raw points (SQL) | ${timings.agentExact.toFixed(1)} |`,
    `| baseline: exact p90 of the organization, raw points (SQL) | ${timings.organizationExact.toFixed(1)} |`,
    `| target: 30-day p90 over 10 million points < 200 ms | ${timings.organizationKpis < 200 ? 'met' : 'missed'} (organization-wide), sketch error ${(error * 100).toFixed(2)} % |`,
  ].join('\n'),
);
process.exit(0);
