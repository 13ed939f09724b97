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
import WebSocket from 'ws';
import { connectPrisma, prisma } from '../src/db/client.js';
import { freePort } from '../src/db/embedded.js';
import { updateAgent } from '../src/modules/agents/agents.service.js';
import { seedDataset } from './dataset.js';
import {
  benchAgent,
  cpuMs,
  heapAfterGc,
  machine,
  median,
  openSubscriber,
  percentile,
  report,
  scratchDatabase,
  startProcess,
  stopProcess,
} from './lib.js';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1000);
const EVENTS = Number(process.env.EVENTS ?? 40);
const RUNS = Number(process.env.RUNS ?? 3);
/** Between events: 20 a second by default (at 10,000 subscribers, 200,000 deliveries a second). */
const GAP_MS = Number(process.env.GAP_MS ?? 50);

const db = await scratchDatabase('bench_fanout');
connectPrisma(db.url);
// On the seeded dataset (bench/dataset.ts), with an agent of its own.
const { caller, secret } = await seedDataset(db.url);
const agent = await benchAgent(caller, 'bench-agent');

const ourPort = await freePort();
const basePort = await freePort();
const inspectorPort = await freePort();
const { child: ours } = await startProcess(
  [
    ...(process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/agg-prof'] : []),
    // For the memory figure only (heapAfterGc): no client is attached while latency is measured.
    `--inspect=127.0.0.1:${inspectorPort}`,
    '--import',
    'tsx',
    'src/server.ts',
  ],
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

// Both sides' clients are plain `ws` sockets that parse each message once: the bench measures
// the servers, not a client library (the clients share the machine's CPUs with the server, so a
// client's own work would count against it). Ours speaks graphql-transport-ws
// (openSubscriber, bench/lib.ts).
// Each phase connects from its own loopback address, so that the sockets of earlier phases
// (TIME_WAIT) never exhaust the ephemeral ports at 10,000 subscribers.
let phaseCount = 0;
const localAddress = () => `127.0.${Math.floor(phaseCount / 250)}.${(phaseCount % 250) + 2}`;

function record(arrivals: Arrivals, seq: number | undefined) {
  const now = performance.now();
  if (seq !== undefined) (arrivals.get(seq) ?? arrivals.set(seq, []).get(seq))?.push(now);
}

function connectOurs(arrivals: Arrivals) {
  const from = localAddress();
  return connectAll(() =>
    openSubscriber({
      port: ourPort,
      secret,
      from,
      query: 'subscription { activity(filter: { verbs: ["agent.updated"] }) { sequence } }',
      onData: (data) => record(arrivals, (data.activity as { sequence: number } | undefined)?.sequence),
    }),
  );
}

/** Opens SUBSCRIBERS sockets, 500 at a time (a burst of thousands of handshakes overflows the listen backlog). */
async function connectAll(open: () => Promise<WebSocket>) {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 500)
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(500, SUBSCRIBERS - i) }, open))));
  return async () => {
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise((resolve) =>
            s.readyState === WebSocket.CLOSED ? resolve(null) : s.once('close', resolve).close(),
          ),
      ),
    );
  };
}

function connectBaseline(arrivals: Arrivals) {
  const from = localAddress();
  return connectAll(
    () =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${basePort}`, { localAddress: from });
        socket.on('message', (data) => record(arrivals, Number(data.toString())));
        socket.on('open', () => resolve(socket));
        socket.on('error', reject);
      }),
  );
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

async function phase(
  connect: (a: Arrivals) => Promise<() => Promise<unknown>>,
  run: number,
  measureMemory: boolean,
  serverPid: number,
) {
  phaseCount++;
  const arrivals: Arrivals = new Map();
  const idle = measureMemory ? await heapAfterGc(inspectorPort, ours.pid as number) : null;
  const close = await connect(arrivals);
  await new Promise((r) => setTimeout(r, 1_500)); // every subscription registered, idle
  // Memory per idle subscription: the live heap after a full GC with every subscriber
  // connected, minus the same process idle just before (and RSS, the same way).
  const held = idle ? await heapAfterGc(inspectorPort, ours.pid as number) : null;
  const memory =
    idle && held
      ? { heap: (held.heap - idle.heap) / SUBSCRIBERS, rss: (held.rss - idle.rss) / SUBSCRIBERS }
      : { heap: Number.NaN, rss: Number.NaN };
  const commits = new Map<number, number>();
  const cpuBefore = { server: await cpuMs([serverPid]), bench: process.cpuUsage() };
  let head = (
    await prisma.activityChainHead.findFirstOrThrow({ where: { organizationId: caller.viewer.organizationId } })
  ).lastSequence;
  for (let i = 0; i < EVENTS; i++) {
    await updateAgent(caller, agent.id, { description: `run ${run} event ${i}` }, undefined);
    commits.set(++head, performance.now());
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  // Until every delivery arrived, or 10 s after the last event: what is missing then is lost.
  const expected = SUBSCRIBERS * commits.size;
  const received = () => [...commits.keys()].reduce((n, seq) => n + (arrivals.get(seq)?.length ?? 0), 0);
  for (let waited = 0; waited < 10_000 && received() < expected; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  // CPU per delivery, of the server and of this process (the clients).
  const bench = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    server: ((await cpuMs([serverPid])) - cpuBefore.server) / Math.max(1, received()),
    clients: (bench.user + bench.system) / 1000 / Math.max(1, received()),
  };
  await close();
  await new Promise((r) => setTimeout(r, 500));
  return { latency: { ...latencies(arrivals, commits), cpu }, memory };
}

// Each run measures this API and the baseline one after the other (never both at once: on a
// small machine they would slow each other down), on the same database and events.
// One uncounted warm-up of each, so that the runs measure the steady state, not the JIT.
await phase(connectOurs, 0, false, ours.pid as number);
await phase(connectBaseline, 0, false, baseline.pid as number);

const runs = [];
const memory: { heap: number; rss: number }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const o = await phase(connectOurs, run, true, ours.pid as number);
  const b = await phase(connectBaseline, run, false, baseline.pid as number);
  memory.push(o.memory);
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
    /** CPU µs per delivery: the server's, and the clients' (this process). */
    serverCpuUs: median(runs.map((r) => r.ours.cpu.server)) * 1000,
    clientCpuUs: median(runs.map((r) => r.ours.cpu.clients)) * 1000,
  },
  baseline: {
    p50: median(runs.map((r) => r.baseline.p50)),
    p99: median(runs.map((r) => r.baseline.p99)),
    missing: runs.reduce((n, r) => n + r.baseline.missing, 0),
    /** CPU µs per delivery: the server's, and the clients' (this process). */
    serverCpuUs: median(runs.map((r) => r.baseline.cpu.server)) * 1000,
    clientCpuUs: median(runs.map((r) => r.baseline.cpu.clients)) * 1000,
  },
  memoryPerIdleSubscriptionKiB: {
    heap: median(memory.map((m) => m.heap)) / 1024,
    rss: median(memory.map((m) => m.rss)) / 1024,
  },
  perRun: runs,
};
const f = (n: number) => n.toFixed(1);
await report(
  'subscription-fanout',
  summary,
  [
    `### B2 subscription fan-out — ${new Date().toISOString()}`,
    '',
    `${summary.subscribers} graphql-ws subscribers on one server process (NODE_ENV=production), ${EVENTS} events ${GAP_MS} ms apart × ${RUNS} runs, medians; ${summary.machine}. Undelivered: not received within 10 s of the last event.`,
    '',
    '| | p50 ms | p99 ms | undelivered | server CPU µs per delivery | clients CPU µs per delivery |',
    '|---|---|---|---|---|---|',
    `| this API (graphql-ws \`activity\`) | ${f(summary.ours.p50)} | ${f(summary.ours.p99)} | ${summary.ours.missing} | ${f(summary.ours.serverCpuUs)} | ${f(summary.ours.clientCpuUs)} |`,
    `| baseline: LISTEN → raw WebSocket broadcast | ${f(summary.baseline.p50)} | ${f(summary.baseline.p99)} | ${summary.baseline.missing} | ${f(summary.baseline.serverCpuUs)} | ${f(summary.baseline.clientCpuUs)} |`,
    `| ratio (ours / baseline) | ${f(summary.ours.p50 / summary.baseline.p50)}× | ${f(summary.ours.p99 / summary.baseline.p99)}× | | | |`,
    '',
    `Memory per idle subscription (one connection, one activity subscription), median of the runs: live heap after a full GC ${f(summary.memoryPerIdleSubscriptionKiB.heap)} KiB, RSS ${f(summary.memoryPerIdleSubscriptionKiB.rss)} KiB (with ${SUBSCRIBERS} subscribers, minus the same process idle just before). Targets: p99 ≤ 50 ms with nothing undelivered at 5,000; every event delivered with p99 ≤ 250 ms at 10,000; ≤ 30 KiB per idle subscription.`,
  ].join('\n'),
);
process.exit(0);
