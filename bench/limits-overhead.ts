// What the operation limits cost (issue 16): B1's dashboard query (agents(first: 50) with
// nested fields, 32 connections) against two server processes on the same database, one with
// OPERATION_LIMITS=on (cost check, GraphQL Armor shape limits, the shared rate-limit counter:
// one statement per request) and one with OPERATION_LIMITS=off, alternating runs. The rate-limit
// budget is set high enough never to refuse.
//
//   npm run bench:limits          # warm-up + 3 alternating runs of 10 s each, medians
//   QUERY="{ … }" npm run bench:limits   # another operation (variables: { first: 50 })
import autocannon from 'autocannon';
import { connectPrisma, prisma } from '../src/db/client.js';
import { freePort } from '../src/db/embedded.js';
import { DATASET, seedDataset } from './dataset.js';
import { machine, median, report, scratchDatabase, startProcess, stopProcess } from './lib.js';

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
type Mode = 'on' | 'off';
const ports: Record<Mode, number> = { on: await freePort(), off: await freePort() };
const servers = await Promise.all(
  (['on', 'off'] as const).map((mode) =>
    startProcess(
      ['--import', 'tsx', 'src/server.ts'],
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        PORT: String(ports[mode]),
        HOST: '127.0.0.1',
        OPERATION_LIMITS: mode,
        RATE_LIMIT_POINTS: String(1e12),
      },
      new URL(`http://127.0.0.1:${ports[mode]}/readyz`),
    ),
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

for (const mode of ['on', 'off'] as const) await load(mode, 3);
const runs: Record<Mode, { rps: number; p50: number; p99: number; failed: number }>[] = [];
for (let run = 1; run <= RUNS; run++) {
  const result = {} as (typeof runs)[number];
  for (const mode of (run % 2 ? ['on', 'off'] : ['off', 'on']) as Mode[]) {
    const r = await load(mode, SECONDS);
    result[mode] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failed: r.non2xx + r.errors };
  }
  console.log(JSON.stringify({ run, ...result }));
  runs.push(result);
}
for (const s of servers) await stopProcess(s.child);
await prisma.$disconnect();
await db.stop();

const med = (mode: Mode) => ({
  rps: median(runs.map((r) => r[mode].rps)),
  p50: median(runs.map((r) => r[mode].p50)),
  p99: median(runs.map((r) => r[mode].p99)),
  failed: runs.reduce((n, r) => n + r[mode].failed, 0),
});
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
  perRun: runs.map((r) => +(r.on.rps / r.off.rps).toFixed(2)),
};
const ratio = summary.on.rps / summary.off.rps;
await report(
  'limits-overhead',
  summary,
  [
    `### Limits overhead on B1 (${machine()}, ${CONNECTIONS} connections, ${RUNS} × ${SECONDS} s, medians)`,
    '',
    '| OPERATION_LIMITS | req/s | p50 ms | p99 ms |',
    '|---|---|---|---|',
    `| on | ${summary.on.rps.toFixed(0)} | ${summary.on.p50} | ${summary.on.p99} |`,
    `| off | ${summary.off.rps.toFixed(0)} | ${summary.off.p50} | ${summary.off.p99} |`,
    '',
    `on ÷ off: **${ratio.toFixed(2)}×** (runs ${summary.perRun.join(', ')}); query cost ${summary.cost}; failed requests: on ${summary.on.failed}, off ${summary.off.failed}.`,
  ].join('\n'),
);
process.exit(0);
