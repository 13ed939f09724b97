// What the operation limits cost (issue 16): B1's dashboard query (agents(first: 50) with
// nested fields, 32 connections) against two server processes on the same database, one with
// OPERATION_LIMITS=on (cost check, GraphQL Armor shape limits, the shared rate-limit counter:
// one statement per request) and one with OPERATION_LIMITS=off, alternating runs. The rate-limit
// budget is set high enough never to refuse.
//
// A third server, `traced`, has the limits on and tracing on too (OTEL_EXPORTER_OTLP_ENDPOINT
// pointed at a sink in this process that accepts every export): what tracing adds.
//
//   npm run bench:limits          # warm-up + 3 alternating runs of 10 s each, medians
//   QUERY="{ … }" npm run bench:limits   # another operation (variables: { first: 50 })
import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { connectPrisma, prisma } from '../src/db/client.js';
import { freePort } from '../src/db/embedded.js';
import { DATASET, seedDataset } from './dataset.js';
import {
  cpuDuring,
  machine,
  median,
  report,
  scratchDatabase,
  serverEntry,
  serverRunner,
  startProcess,
  stopProcess,
} from './lib.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const SECONDS = Number(process.env.SECONDS ?? 10);
const RUNS = Number(process.env.RUNS ?? 3);

const QUERY =
  process.env.QUERY ??
  `query Dashboard($first: Int!) {
  agents(first: $first) { edges { node {
    name status currentVersion { semver } trustScore { overall } openViolationCount
    versions(first: 3) { edges { node { semver } } }
  } } }
}`;

const db = await scratchDatabase('bench_limits');
connectPrisma(db.url);
const seeded = await seedDataset(db.url);
type Mode = 'on' | 'off' | 'traced';
const MODES: Mode[] = ['on', 'off', 'traced'];
const ports: Record<Mode, number> = { on: await freePort(), off: await freePort(), traced: await freePort() };
// The OTLP sink: reads and accepts every export (spans counted, so the report can show they came).
let exports = 0;
const sinkPort = await freePort();
const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    exports++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
// One after another: the first start builds the bundle the others start from.
const servers: Awaited<ReturnType<typeof startProcess>>[] = [];
for (const mode of MODES)
  servers.push(
    await startProcess(
      serverEntry(serverRunner()),
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        PORT: String(ports[mode]),
        HOST: '127.0.0.1',
        OPERATION_LIMITS: mode === 'off' ? 'off' : 'on',
        RATE_LIMIT_POINTS: String(1e12),
        ...(mode === 'traced' ? { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}` } : {}),
      },
      new URL(`http://127.0.0.1:${ports[mode]}/readyz`),
    ),
  );

const load = (mode: Mode, seconds: number) =>
  autocannon({
    url: `http://127.0.0.1:${ports[mode]}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.secret}` },
        body: JSON.stringify({ query: QUERY, variables: { first: 50 } }),
      },
    ],
  });

const probe = await fetch(`http://127.0.0.1:${ports.on}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.secret}` },
  body: JSON.stringify({ query: QUERY, variables: { first: 50 } }),
}).then((r) => r.json() as Promise<{ errors?: unknown; extensions?: { cost?: { cost: number } } }>);
if (probe.errors) throw new Error(JSON.stringify(probe.errors));
console.log(`cost of the query: ${probe.extensions?.cost?.cost}`);

for (const mode of MODES) await load(mode, 3);
// CPU per request of the server under load and of PostgreSQL (ms): steadier than throughput on
// a machine where the load generator, the servers and PostgreSQL share the CPUs.
const pidOf = (mode: Mode) => servers[MODES.indexOf(mode)]?.child.pid as number;
const runs: Record<
  Mode,
  { rps: number; p50: number; p99: number; failed: number; serverCpu: number; pgCpu: number }
>[] = [];
for (let run = 1; run <= RUNS; run++) {
  const result = {} as (typeof runs)[number];
  for (const mode of run % 2 ? MODES : [...MODES].reverse()) {
    const { result: r, serverMs, postgresMs } = await cpuDuring(pidOf(mode), () => load(mode, SECONDS));
    result[mode] = {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      failed: r.non2xx + r.errors,
      serverCpu: serverMs / r.requests.total,
      pgCpu: postgresMs / r.requests.total,
    };
  }
  console.log(JSON.stringify({ run, ...result }));
  runs.push(result);
}
for (const s of servers) await stopProcess(s.child);
sink.close();
await prisma.$disconnect();
await db.stop();

const med = (mode: Mode) => ({
  rps: median(runs.map((r) => r[mode].rps)),
  p50: median(runs.map((r) => r[mode].p50)),
  p99: median(runs.map((r) => r[mode].p99)),
  failed: runs.reduce((n, r) => n + r[mode].failed, 0),
  serverCpu: median(runs.map((r) => r[mode].serverCpu)),
  pgCpu: median(runs.map((r) => r[mode].pgCpu)),
});
const cpuOf = (m: { serverCpu: number; pgCpu: number }) => m.serverCpu + m.pgCpu;
const summary = {
  benchmark: 'Limits overhead on B1',
  machine: machine(),
  dataset: DATASET,
  connections: CONNECTIONS,
  seconds: SECONDS,
  runs: RUNS,
  cost: probe.extensions?.cost?.cost,
  on: med('on'),
  off: med('off'),
  traced: med('traced'),
  perRun: runs.map((r) => +(r.on.rps / r.off.rps).toFixed(2)),
  tracedPerRun: runs.map((r) => +(r.traced.rps / r.off.rps).toFixed(2)),
  exports,
};
const ratio = summary.on.rps / summary.off.rps;
await report(
  'limits-overhead',
  summary,
  [
    `### Limits overhead on B1 (${machine()}, ${CONNECTIONS} connections, ${RUNS} × ${SECONDS} s, medians)`,
    '',
    '| server | req/s | p50 ms | p99 ms | server CPU ms/request | PostgreSQL CPU ms/request |',
    '|---|---|---|---|---|---|',
    ...MODES.map((mode) => {
      const m = summary[mode];
      const name = {
        on: 'OPERATION_LIMITS=on',
        off: 'OPERATION_LIMITS=off',
        traced: 'limits on and tracing on (OTLP exports to a local sink)',
      }[mode];
      return `| ${name} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.serverCpu.toFixed(3)} | ${m.pgCpu.toFixed(3)} |`;
    }),
    '',
    `CPU per request (server + PostgreSQL), off ÷ on: **${(cpuOf(summary.off) / cpuOf(summary.on)).toFixed(2)}×** with limits, **${(cpuOf(summary.off) / cpuOf(summary.traced)).toFixed(2)}×** with limits and tracing (1.00× would be free).`,
    '',
    `on ÷ off: **${ratio.toFixed(2)}×** (runs ${summary.perRun.join(', ')}); limits and tracing ÷ off: **${(summary.traced.rps / summary.off.rps).toFixed(2)}×** (runs ${summary.tracedPerRun.join(', ')}); ${exports} OTLP exports received; query cost ${summary.cost}; failed requests: on ${summary.on.failed}, off ${summary.off.failed}, traced ${summary.traced.failed}.`,
  ].join('\n'),
);
process.exit(0);
