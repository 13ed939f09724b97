// B5 — scale-out: PROCESSES server processes (production mode) behind one PostgreSQL, one
// organization written through each process, subscribers of every organization on every process,
// so that every event crosses processes through PostgreSQL's LISTEN/NOTIFY.
//
//   1. The signal path at its limit: one subscriber per organization on each process; writers
//      (autocannon, `updateAgent` over HTTP, a fixed overall rate split over the processes) at
//      rising rates (RATES, events/s in all). For each rate: the events that committed per second,
//      and commit → delivery latency on every process (delivery time − the event's occurredAt,
//      one clock), and what was not delivered.
//   2. Fan-out: SUBSCRIBERS per process (subscriber j of a process subscribes to organization
//      j mod PROCESSES), writers on every process at FANOUT_RATE events/s in all: every event must
//      reach every subscriber of its organization, on every process.
//
//   npm run bench:scale                                 # 4 processes, 1,000 subscribers each
//   PROCESSES=4 SUBSCRIBERS=5000 npx tsx bench/scale-out.ts      # 20,000 subscribers
//
// The fan-out subscribers of each server process live in a client process of their own
// (bench/scale-out-client.ts), so 4 × 5,000 sockets need not fit one process's file limit.
import { fork } from 'node:child_process';
import autocannon from 'autocannon';
import { ALL_SCOPES } from '../src/auth/scopes.js';
import { connectPrisma, prisma } from '../src/db/client.js';
import { encodeGlobalId } from '../src/graphql/global-id.js';
import { createApiKey } from '../src/modules/api-keys/api-keys.service.js';
import { createOrganization } from '../src/modules/organizations/organizations.service.js';
import { benchAgent, machine, percentile, report, scratchDatabase, startApi, stopProcess } from './lib.js';
import { type Arrivals, keyOf, subscribeMany } from './scale-out-client.js';

const PROCESSES = Number(process.env.PROCESSES ?? 4);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1000);
const RATES = (process.env.RATES ?? '50,100,200,400,800').split(',').map(Number);
const FANOUT_RATE = Number(process.env.FANOUT_RATE ?? 4);
const SECONDS = Number(process.env.SECONDS ?? 5);
const AGENTS = 20;
/** Connections per writer: each organization's writes queue on its chain head, and that wait counts in the latency. */
const WRITER_CONNECTIONS = Number(process.env.WRITER_CONNECTIONS ?? 2);

const db = await scratchDatabase('bench_scale');
connectPrisma(db.url);
const tenants: { organizationId: string; secret: string; agents: string[] }[] = [];
for (let i = 0; i < PROCESSES; i++) {
  const { caller } = await createOrganization(
    { name: `Scale ${i}`, slug: `scale-${i}`, owner: { email: `scale-${i}@example.com`, name: 'Scale' } },
    'bench',
  );
  const { secret } = await createApiKey(caller, { name: 'bench', scopes: ALL_SCOPES });
  const agents = [];
  for (let a = 0; a < AGENTS; a++) agents.push(encodeGlobalId('Agent', (await benchAgent(caller, `agent-${a}`)).id));
  tenants.push({ organizationId: caller.viewer.organizationId, secret, agents });
}

const servers: { child: import('node:child_process').ChildProcess; port: number }[] = [];
for (let p = 0; p < PROCESSES; p++)
  servers.push(await startApi(db.url, { SUBSCRIPTIONS_MAX_PER_CALLER: String(SUBSCRIBERS + 100) }));

const secrets = tenants.map((t) => t.secret);

/** One subscriber per organization on each process, in this process (the signal path). */
async function connect(arrivals: Arrivals, phase: number) {
  const sockets: Awaited<ReturnType<typeof subscribeMany>> = [];
  for (const [p, server] of servers.entries())
    sockets.push(...(await subscribeMany(server.port, secrets, PROCESSES, arrivals, `127.0.${phase}.${p + 2}`)));
  await new Promise((r) => setTimeout(r, 1_500)); // every subscription registered
  return () => Promise.all(sockets.map((s) => new Promise((resolve) => s.once('close', resolve).close())));
}

/** `perProcess` subscribers on each server process, each server's in a client process of its own. */
async function connectClients(perProcess: number, phase: number) {
  const clients = servers.map((server, p) =>
    fork('bench/scale-out-client.ts', {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        SCALE_CLIENT: JSON.stringify({
          port: server.port,
          secrets,
          count: perProcess,
          from: `127.0.${phase}.${p + 2}`,
        }),
      },
    }),
  );
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          c.once('message', () => resolve());
          c.once('exit', (code) => reject(new Error(`a client process exited with ${code}`)));
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 1_500)); // every subscription registered
  const collect = async (): Promise<Arrivals> => {
    const all: Arrivals = new Map();
    const parts = await Promise.all(
      clients.map(
        (c) =>
          new Promise<[string, number[]][]>((resolve) => {
            c.once('message', (m: { arrivals: [string, number[]][] }) => resolve(m.arrivals));
            c.send({ type: 'collect' });
          }),
      ),
    );
    for (const part of parts)
      for (const [key, latencies] of part) all.set(key, [...(all.get(key) ?? []), ...latencies]);
    return all;
  };
  const close = () =>
    Promise.all(
      clients.map((c) => {
        const exited = new Promise((resolve) => c.once('exit', resolve));
        c.send({ type: 'close' });
        return exited;
      }),
    );
  return { collect, close };
}

const heads = async () =>
  Promise.all(
    tenants.map(
      async (t) =>
        (await prisma.activityChainHead.findUniqueOrThrow({ where: { organizationId: t.organizationId } }))
          .lastSequence,
    ),
  );

/** Writers on every process at `rate` events/s in all, for `seconds`. */
async function write(rate: number, seconds: number) {
  let n = 0;
  const results = await Promise.all(
    servers.map((server, p) => {
      const tenant = tenants[p] as (typeof tenants)[number];
      return autocannon({
        url: `http://127.0.0.1:${server.port}`,
        connections: WRITER_CONNECTIONS,
        duration: seconds,
        overallRate: Math.max(1, rate / PROCESSES),
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.secret}` },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                query: 'mutation($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }',
                variables: { input: { agentId: tenant.agents[n % AGENTS], name: `n${++n}` } },
              }),
            }),
          },
        ],
      });
    }),
  );
  return results.reduce((failed, r) => failed + r.non2xx + r.errors, 0);
}

/** Latency and losses of the events between `before` and `after` heads, `expected` deliveries each. */
function measure(arrivals: Arrivals, before: number[], after: number[], expected: (organization: number) => number) {
  const all: number[] = [];
  let missing = 0;
  let events = 0;
  for (let o = 0; o < PROCESSES; o++)
    for (let s = (before[o] as number) + 1; s <= (after[o] as number); s++) {
      events++;
      const got = arrivals.get(keyOf(o, s)) ?? [];
      missing += Math.max(0, expected(o) - got.length);
      all.push(...got);
    }
  all.sort((a, b) => a - b);
  return { events, p50: percentile(all, 50), p99: percentile(all, 99), missing };
}

/** What arrived once every delivery did, or 10 s passed. */
async function settle(
  read: () => Promise<Arrivals>,
  before: number[],
  after: number[],
  expected: (o: number) => number,
) {
  let arrivals = await read();
  for (let waited = 0; waited < 10_000 && measure(arrivals, before, after, expected).missing > 0; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    arrivals = await read();
  }
  return arrivals;
}

// 1. The signal path: one subscriber per organization on each process.
const signalRows: ({ rate: number; committedPerSecond: number; failed: number } & ReturnType<typeof measure>)[] = [];
{
  const arrivals: Arrivals = new Map();
  const close = await connect(arrivals, 10);
  await write(20, 2); // warm-up
  for (const rate of RATES) {
    const before = await heads();
    const failed = await write(rate, SECONDS);
    const after = await heads();
    await settle(
      async () => arrivals,
      before,
      after,
      () => PROCESSES,
    );
    const m = measure(arrivals, before, after, () => PROCESSES);
    signalRows.push({ rate, committedPerSecond: m.events / SECONDS, failed, ...m });
    console.log(JSON.stringify(signalRows.at(-1)));
  }
  await close();
}

// 2. Fan-out: SUBSCRIBERS on each process, writers on every process.
const clients = await connectClients(SUBSCRIBERS, 20);
const before = await heads();
const failed = await write(FANOUT_RATE, SECONDS * 2);
const after = await heads();
// Each organization's subscribers: a share of every process's SUBSCRIBERS.
const subscribersOf = (o: number) => {
  let n = 0;
  for (let j = 0; j < SUBSCRIBERS; j++) if (j % PROCESSES === o) n++;
  return n * PROCESSES;
};
const fanout = {
  ...measure(await settle(clients.collect, before, after, subscribersOf), before, after, subscribersOf),
  failed,
};
console.log(JSON.stringify({ fanout }));
await clients.close();

for (const s of servers) await stopProcess(s.child);
await prisma.$disconnect();
await db.stop();

const f = (n: number) => n.toFixed(1);
await report(
  'scale-out',
  { benchmark: 'B5 scale-out', machine: machine(), processes: PROCESSES, subscribers: SUBSCRIBERS, signalRows, fanout },
  [
    `### B5 scale-out — ${new Date().toISOString()}`,
    '',
    `${PROCESSES} server processes (NODE_ENV=production) on one PostgreSQL, one organization written through each; ${machine()}. Latency: delivery − the event's occurredAt (one clock; it includes the rest of the writing transaction and its wait for the organization's chain head). Writers: ${WRITER_CONNECTIONS} connections per process. Undelivered: not received within 10 s of the last write.`,
    '',
    `Signal path: one subscriber per organization on each process (every event crosses to ${PROCESSES} processes); writers for ${SECONDS} s at each rate.`,
    '',
    '| asked events/s | committed events/s | p50 ms | p99 ms | undelivered | failed writes |',
    '|---|---|---|---|---|---|',
    ...signalRows.map(
      (r) => `| ${r.rate} | ${f(r.committedPerSecond)} | ${f(r.p50)} | ${f(r.p99)} | ${r.missing} | ${r.failed} |`,
    ),
    '',
    `Fan-out: ${SUBSCRIBERS} subscribers on each process (${SUBSCRIBERS * PROCESSES} in all), writers on every process at ${FANOUT_RATE} events/s in all for ${SECONDS * 2} s: ${fanout.events} events, p50 ${f(fanout.p50)} ms, p99 ${f(fanout.p99)} ms, ${fanout.missing} deliveries missing, ${fanout.failed} failed writes.`,
  ].join('\n'),
);
process.exit(0);
