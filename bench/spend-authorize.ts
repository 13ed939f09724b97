// B3 — authorizeSpend throughput and latency at 50 concurrent connections (autocannon, from
// this process) against a server in production mode, and the same atomic check as one SQL
// statement through `pg` (bench/baselines/spend-sql-server.ts), in alternating phases of each
// run on the same database. Afterwards the ledger must balance and nothing may be overspent.
//
//   npm run bench:spend          # warm-up + 3 runs of 10 s each, 50 connections
import autocannon from 'autocannon';
import { connectPrisma, Decimal, prisma } from '../src/db/client.js';
import { freePort } from '../src/db/embedded.js';
import { createBudget } from '../src/modules/budgets/budgets.service.js';
import { manifestSchema } from '../src/modules/versions/manifest.js';
import { createAgentVersion, publishAgentVersion } from '../src/modules/versions/versions.service.js';
import { seedDataset } from './dataset.js';
import {
  benchAgent,
  cpuDuring,
  machine,
  median,
  report,
  scratchDatabase,
  serverNodeFlags,
  startApi,
  startProcess,
  stopProcess,
} from './lib.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 10);
const RUNS = Number(process.env.RUNS ?? 3);
const LIMIT = '100000000';

// pg_stat_statements counts the one-statement calls: requests per statement.
const db = await scratchDatabase('bench_spend', { statements: true });
connectPrisma(db.url);
// On the seeded dataset (bench/dataset.ts), with an agent of its own.
const { caller, secret } = await seedDataset(db.url);
const agent = await benchAgent(caller, 'spender');
// Only ACTIVE agents spend: publish a version.
await publishAgentVersion(
  caller,
  (
    await createAgentVersion(caller, agent.id, {
      semver: '1.0.0',
      manifest: manifestSchema.parse({ name: 'spender', version: '1.0.0' }),
      changelog: 'bench',
    })
  ).id,
);
const ours = await createBudget(caller, {
  subject: { type: 'AGENT', agentId: agent.id },
  name: 'ours',
  window: 'TOTAL',
  limit: LIMIT,
  thresholds: [],
  highPriorityReserve: 0,
  currency: 'USD',
});
// The baseline's own budget and usage row, the same shape and limit.
const base = await createBudget(caller, {
  subject: { type: 'ORGANIZATION' },
  name: 'baseline',
  window: 'TOTAL',
  limit: LIMIT,
  thresholds: [],
  highPriorityReserve: 0,
  currency: 'USD',
});
await prisma.budget.update({ where: { id: base.id }, data: { archivedAt: new Date() } }); // not applied to our agent
await prisma.budgetUsage.create({ data: { budgetId: base.id, windowStart: new Date(0), thresholdsCrossed: [] } });

// The server with the Node flags `npm start` uses (SERVER_NODE_FLAGS='' runs it without them).
const nodeFlags = serverNodeFlags();
const { child: server, port: ourPort } = await startApi(db.url, {}, [
  ...(process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/agg-prof'] : []),
  ...nodeFlags,
]);
// The baseline with the same flags.
const basePort = await freePort();
const { child: baseline } = await startProcess(
  [...nodeFlags, '--import', 'tsx', 'bench/baselines/spend-sql-server.ts'],
  { DATABASE_URL: db.url, PORT: String(basePort), BUDGET_ID: base.id, WINDOW_START: new Date(0).toISOString() },
  /ready/,
);

const agentId = Buffer.from(`Agent:${agent.id}`).toString('base64url');
const query = `mutation($input: AuthorizeSpendInput!) { authorizeSpend(input: $input) { ... on SpendDecision { outcome } } }`;
let n = 0;

function load(kind: 'ours' | 'baseline' | 'floor', seconds: number): Promise<autocannon.Result> {
  // The floor: the same server, key and HTTP path answering a query that touches no table but
  // the API key's — what GraphQL over HTTP costs before any budget work.
  const floorRequest = {
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  };
  const ourRequest = {
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    setupRequest: (req: autocannon.Request) => ({
      ...req,
      body: JSON.stringify({
        query,
        variables: { input: { agentId, amount: '0.01', service: 'bench', requestKey: `b-${++n}` } },
      }),
    }),
  };
  const baseRequest = {
    method: 'POST' as const,
    path: '/',
    body: JSON.stringify({ amount: '0.01' }),
    headers: { 'content-type': 'application/json' },
  };
  return autocannon({
    url: `http://127.0.0.1:${kind === 'baseline' ? basePort : ourPort}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [kind === 'ours' ? ourRequest : kind === 'floor' ? floorRequest : baseRequest],
  });
}

type Figures = {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU ms per request: the server's process, and every PostgreSQL process. */
  serverCpu: number;
  postgresCpu: number;
};
/** One measured load, with the CPU the server and PostgreSQL spent on it. */
async function measure(kind: 'ours' | 'baseline' | 'floor', seconds: number): Promise<Figures> {
  const serverPid = (kind === 'baseline' ? baseline : server).pid as number;
  const { result: r, serverMs, postgresMs } = await cpuDuring(serverPid, () => load(kind, seconds));
  const total = Math.max(1, r.requests.total);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    serverCpu: serverMs / total,
    postgresCpu: postgresMs / total,
  };
}

// A warm-up of each, not counted.
// PROFILE=ours|floor: one load of that kind against a server writing a CPU profile to
// /tmp/agg-prof, and nothing reported.
if (process.env.PROFILE) {
  // The same warm-up and ANALYZE as the measured runs below, so the profile is of the steady state.
  await load('ours', 3);
  await prisma.$executeRawUnsafe('ANALYZE');
  await prisma.$queryRaw`SELECT pg_stat_statements_reset()`;
  const r = await load(process.env.PROFILE === 'floor' ? 'floor' : 'ours', SECONDS);
  console.log(`${process.env.PROFILE}: ${r.requests.average} req/s, p50 ${r.latency.p50} ms`);
  // And the statements that load sent, per request (top level, BEGIN and COMMIT included).
  // Per request: calls, and milliseconds of execution in PostgreSQL.
  const sent = await prisma.$queryRaw<{ calls: number; ms: number; query: string }[]>`
    SELECT calls::int, total_exec_time AS ms, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 110) AS query
      FROM pg_stat_statements
     WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 15`;
  for (const s of sent)
    console.log(
      (s.calls / r.requests.total).toFixed(3).padStart(7),
      `${(s.ms / r.requests.total).toFixed(3)} ms`.padStart(10),
      s.query,
    );
  await stopProcess(server);
  await stopProcess(baseline);
  await db.stop();
  process.exit(0);
}
await load('ours', 3);
await load('baseline', 3);
await load('floor', 3);
// What autovacuum does within its first minute on a live database: the tables the warm-up
// filled get statistics, and every connection's cached plans are made again for their size.
// Without it, PostgreSQL keeps the plans it cached while SpendReservation was nearly empty — a
// sequential scan for the foreign-key check of every ledger entry — and each run gets slower
// than the one before it as the table grows (README, Performance: "a fresh database").
await prisma.$executeRawUnsafe('ANALYZE');
const runs: { run: number; ours: Figures; baseline: Figures; floor: Figures }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const result = {
    run,
    ours: await measure('ours', SECONDS),
    baseline: await measure('baseline', SECONDS),
    floor: await measure('floor', SECONDS),
  };
  console.log(JSON.stringify(result));
  runs.push(result);
}

// Nothing overspent, and the ledger explains every cent.
const usage = await prisma.budgetUsage.findUniqueOrThrow({
  where: { budgetId_windowStart: { budgetId: ours.id, windowStart: new Date(0) } },
});
const entries = await prisma.spendEntry.aggregate({
  where: { budgetId: ours.id },
  _sum: { reservedDelta: true, spentDelta: true },
  _count: true,
});
const reservations = await prisma.spendReservation.count({ where: { agentId: agent.id, outcome: 'ALLOWED' } });
// Every batch locks its budgets once.
const [calls] = await prisma.$queryRaw<{ n: number }[]>`
  SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements
   WHERE query LIKE '%FROM "Budget" WHERE id = ANY%FOR UPDATE%'`;
const perStatement = reservations / Math.max(1, calls?.n ?? 0);
const balanced =
  new Decimal(entries._sum.reservedDelta ?? 0).eq(usage.reserved) && new Decimal(usage.reserved).lte(LIMIT);
await stopProcess(server);
await stopProcess(baseline);
await prisma.$disconnect();
await db.stop();

const med = (k: 'ours' | 'baseline' | 'floor', f: keyof Figures) => median(runs.map((r) => r[k][f]));
const medians = (k: 'ours' | 'baseline' | 'floor') => ({
  rps: med(k, 'rps'),
  p50: med(k, 'p50'),
  p99: med(k, 'p99'),
  serverCpu: med(k, 'serverCpu'),
  postgresCpu: med(k, 'postgresCpu'),
});
const summary = {
  benchmark: 'B3 authorizeSpend',
  machine: machine(),
  connections: CONNECTIONS,
  seconds: SECONDS,
  runs: RUNS,
  ours: medians('ours'),
  baseline: medians('baseline'),
  floor: medians('floor'),
  ledger: {
    allowedReservations: reservations,
    reserveEntries: entries._count,
    reserved: usage.reserved.toString(),
    balanced,
  },
  batchStatements: calls?.n ?? 0,
  requestsPerStatement: perStatement,
  perRun: runs,
};
function row(name: string, f: Omit<Figures, 'non2xx' | 'errors'>) {
  return `| ${name} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.serverCpu.toFixed(3)} | ${f.postgresCpu.toFixed(3)} |`;
}
await report(
  'spend-authorize',
  summary,
  [
    `### B3 authorizeSpend — ${new Date().toISOString()}`,
    '',
    `${CONNECTIONS} connections, ${SECONDS} s × ${RUNS} runs after a warm-up, medians; ${summary.machine}.`,
    '',
    '| | req/s | p50 ms | p99 ms | server CPU ms/request | PostgreSQL CPU ms/request |',
    '|---|---|---|---|---|---|',
    row(
      `this API (GraphQL \`authorizeSpend\`, ledger, events)${nodeFlags.length ? `, ${nodeFlags.join(' ')}` : ''}`,
      summary.ours,
    ),
    row('baseline: one SQL statement through pg', summary.baseline),
    row('floor: the same server answering `{ __typename }` with the same key', summary.floor),
    `| ratio (ours / baseline) | ${(summary.ours.rps / summary.baseline.rps).toFixed(2)}× (runs: ${runs.map((r) => (r.ours.rps / r.baseline.rps).toFixed(2)).join(', ')}) | | | | |`,
    '',
    `Ledger after the runs: ${reservations} allowed reservations, reserved ${summary.ledger.reserved} ≤ limit, entries balance: ${balanced}. ${summary.batchStatements} batch statements: ${perStatement.toFixed(1)} requests per statement on average. Target: at least 0.5× the baseline's throughput.`,
  ].join('\n'),
);
process.exit(0);
