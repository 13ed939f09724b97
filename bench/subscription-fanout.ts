// B2 — subscription fan-out: commit-to-delivery latency for N concurrent graphql-ws subscribers
// on one server process (production mode), and memory per idle subscription. Baseline, run at
// in the same run on the same database: a minimal LISTEN → WebSocket broadcaster
// (bench/baselines/notify-ws-server.ts) serving the same number of clients.
//
//   npm run bench:fanout                     # 1,000 subscribers, warm-up + 3 runs of 40 events
//   SUBSCRIBERS=5000 npm run bench:fanout
//
// Latency of one delivery = time a subscriber receives the event − time the committing
// transaction returned to the writer (this process). Figures are medians of the runs.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { connectPrisma, prisma } from '../src/db/client.js';
import { freePort } from '../src/db/embedded.js';
import { updateAgent } from '../src/modules/agents/agents.service.js';
import { seedDataset } from './dataset.js';
import {
  benchAgent,
  machine,
  median,
  percentile,
  report,
  rssOf,
  scratchDatabase,
  startProcess,
  stopProcess,
} from './lib.js';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1000);
const EVENTS = Number(process.env.EVENTS ?? 40);
const RUNS = Number(process.env.RUNS ?? 3);
const GAP_MS = 50;

const db = await scratchDatabase('bench_fanout');
connectPrisma(db.url);
// On the seeded dataset (bench/dataset.ts), with an agent of its own.
const { caller, secret } = await seedDataset(db.url);
const agent = await benchAgent(caller, 'bench-agent');

const ourPort = await freePort();
const basePort = await freePort();
const { child: ours } = await startProcess(
  [...(process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/agg-prof'] : []), '--import', 'tsx', 'src/server.ts'],
  {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    PORT: String(ourPort),
    HOST: '127.0.0.1',
    // Every subscriber here uses one key: the per-caller cap (1,000 by default) must admit them.
    SUBSCRIPTIONS_MAX_PER_CALLER: String(SUBSCRIBERS + 100),
  },
  new URL(`http://127.0.0.1:${ourPort}/readyz`),
);
const { child: baseline } = await startProcess(
  ['--import', 'tsx', 'bench/baselines/notify-ws-server.ts'],
  { DATABASE_URL: db.url, PORT: String(basePort) },
  /ready/,
);

type Arrivals = Map<number, number[]>; // sequence → receive times

async function connectOurs(arrivals: Arrivals) {
  const clients = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, async () => {
      const client = createClient({
        url: `ws://127.0.0.1:${ourPort}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${secret}` },
        retryAttempts: 0,
        lazy: false,
      });
      await new Promise<void>((resolve, reject) => {
        client.on('connected', () => resolve());
        client.on('error', reject);
      });
      client.subscribe(
        { query: 'subscription { activity(filter: { verbs: ["agent.updated"] }) { sequence } }' },
        {
          next: (r) => {
            const now = performance.now();
            const seq = (r.data as { activity: { sequence: number } } | undefined)?.activity.sequence;
            if (seq !== undefined) (arrivals.get(seq) ?? arrivals.set(seq, []).get(seq))?.push(now);
          },
          error: (e) => console.error('subscription error', e),
          complete: () => {},
        },
      );
      return client;
    }),
  );
  return async () => Promise.all(clients.map((c) => c.dispose()));
}

async function connectBaseline(arrivals: Arrivals) {
  const sockets = await Promise.all(
    Array.from(
      { length: SUBSCRIBERS },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`ws://127.0.0.1:${basePort}`);
          socket.on('message', (data) => {
            const now = performance.now();
            const seq = Number(data.toString());
            (arrivals.get(seq) ?? arrivals.set(seq, []).get(seq))?.push(now);
          });
          socket.on('open', () => resolve(socket));
          socket.on('error', reject);
        }),
    ),
  );
  return async () => {
    for (const s of sockets) s.close();
  };
}

function latencies(arrivals: Arrivals, commits: Map<number, number>) {
  const all: number[] = [];
  let missing = 0;
  for (const [seq, committedAt] of commits) {
    const got = arrivals.get(seq) ?? [];
    missing += SUBSCRIBERS - got.length;
    for (const t of got) all.push(t - committedAt);
  }
  all.sort((a, b) => a - b);
  return {
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    max: all.at(-1) ?? Number.NaN,
    deliveries: all.length,
    missing,
  };
}

async function phase(connect: (a: Arrivals) => Promise<() => Promise<unknown>>, run: number, measureMemory: boolean) {
  const arrivals: Arrivals = new Map();
  const rssBefore = await rssOf(ours.pid as number);
  const close = await connect(arrivals);
  await new Promise((r) => setTimeout(r, 1_500)); // every subscription registered, idle
  const memory = measureMemory ? ((await rssOf(ours.pid as number)) - rssBefore) / SUBSCRIBERS : Number.NaN;
  const commits = new Map<number, number>();
  let head = (
    await prisma.activityChainHead.findFirstOrThrow({ where: { organizationId: caller.viewer.organizationId } })
  ).lastSequence;
  for (let i = 0; i < EVENTS; i++) {
    await updateAgent(caller, agent.id, { description: `run ${run} event ${i}` }, undefined);
    commits.set(++head, performance.now());
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  await new Promise((r) => setTimeout(r, 2_000));
  await close();
  await new Promise((r) => setTimeout(r, 500));
  return { latency: latencies(arrivals, commits), memory };
}

// Each run measures this API and the baseline one after the other (never both at once: on a
// small machine they would slow each other down), on the same database and events.
// One uncounted warm-up of each, so that the runs measure the steady state, not the JIT.
await phase(connectOurs, 0, false);
await phase(connectBaseline, 0, false);

const runs = [];
let memoryPerSubscription = Number.NaN;
for (let run = 1; run <= RUNS; run++) {
  const o = await phase(connectOurs, run, run === 1);
  const b = await phase(connectBaseline, run, false);
  if (run === 1) memoryPerSubscription = o.memory;
  const result = { run, ours: o.latency, baseline: b.latency };
  console.log(JSON.stringify(result));
  runs.push(result);
}

await stopProcess(ours);
await stopProcess(baseline);
await prisma.$disconnect();
await db.stop();

const summary = {
  benchmark: 'B2 subscription fan-out',
  machine: machine(),
  subscribers: SUBSCRIBERS,
  eventsPerRun: EVENTS,
  runs: RUNS,
  ours: {
    p50: median(runs.map((r) => r.ours.p50)),
    p99: median(runs.map((r) => r.ours.p99)),
    missing: runs.reduce((n, r) => n + r.ours.missing, 0),
  },
  baseline: {
    p50: median(runs.map((r) => r.baseline.p50)),
    p99: median(runs.map((r) => r.baseline.p99)),
    missing: runs.reduce((n, r) => n + r.baseline.missing, 0),
  },
  memoryPerIdleSubscriptionKiB: memoryPerSubscription / 1024,
  perRun: runs,
};
const f = (n: number) => n.toFixed(1);
await report(
  'subscription-fanout',
  summary,
  [
    `### B2 subscription fan-out — ${new Date().toISOString()}`,
    '',
    `${summary.subscribers} graphql-ws subscribers on one server process (NODE_ENV=production), ${EVENTS} events × ${RUNS} runs, medians; ${summary.machine}.`,
    '',
    '| | p50 ms | p99 ms | undelivered |',
    '|---|---|---|---|',
    `| this API (graphql-ws \`activity\`) | ${f(summary.ours.p50)} | ${f(summary.ours.p99)} | ${summary.ours.missing} |`,
    `| baseline: LISTEN → raw WebSocket broadcast | ${f(summary.baseline.p50)} | ${f(summary.baseline.p99)} | ${summary.baseline.missing} |`,
    `| ratio (ours / baseline) | ${f(summary.ours.p50 / summary.baseline.p50)}× | ${f(summary.ours.p99 / summary.baseline.p99)}× | |`,
    '',
    `Memory per idle subscription (server RSS growth / subscribers): ${f(summary.memoryPerIdleSubscriptionKiB)} KiB. Target: p99 ≤ 50 ms at 1,000 subscribers.`,
  ].join('\n'),
);
process.exit(0);
