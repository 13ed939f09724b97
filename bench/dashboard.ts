// B1 — the dashboard query: agents(first: 50) with name, status, current version, trust score,
// open violation count and the first 3 versions, at 32 connections, on the seeded dataset
// (bench/dataset.ts). Compared in the same run, on the same database, with
//   (a) PostGraphile 5 (amber preset) on Node 22, installed by this script into bench/.peers/
//       from the npm registry (postgraphile and node@22; not dependencies of the project), and
//   (b) the limit: one hand-written SQL statement with JSON aggregation behind a minimal
//       `pg` HTTP handler (bench/baselines/dashboard-sql-server.ts).
// This API runs twice cold: on the Node of this machine (20) and on the Node 22 PostGraphile
// runs on (the target compares the two on one Node version). All must return the same page
// before anything is measured.
//
//   npm run bench:dashboard        # warm-up + 3 runs of 10 s each per server, medians
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
  serverNodeFlags,
  startApi,
  startProcess,
  statementsPer,
  stopProcess,
} from './lib.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const SECONDS = Number(process.env.SECONDS ?? 10);
const RUNS = Number(process.env.RUNS ?? 3);
const PEER_DIR = path.resolve('bench/.peers/postgraphile');
const PEER_PACKAGES = ['postgraphile@5.1.5', 'node@22'];

/** PostGraphile and Node 22 in a scratch folder (installed once, reused by later runs). */
function installPostGraphile(): string {
  const node = path.join(PEER_DIR, 'node_modules/.bin/node');
  if (!existsSync(path.join(PEER_DIR, 'node_modules/postgraphile/package.json')) || !existsSync(node)) {
    mkdirSync(PEER_DIR, { recursive: true });
    writeFileSync(path.join(PEER_DIR, 'package.json'), '{ "name": "bench-peer-postgraphile", "private": true }\n');
    console.log(`installing ${PEER_PACKAGES.join(' ')} into ${PEER_DIR}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', ...PEER_PACKAGES], { cwd: PEER_DIR, stdio: 'inherit' });
  }
  const version = execFileSync(node, ['--version']).toString().trim();
  if (!version.startsWith('v22.')) throw new Error(`PostGraphile needs Node 22; ${node} is ${version}`);
  copyFileSync('bench/peers/postgraphile-server.mjs', path.join(PEER_DIR, 'server.mjs'));
  return node;
}

const OURS = `query Dashboard($first: Int!) {
  agents(first: $first) { edges { node {
    name status currentVersion { semver } trustScore { overall } openViolationCount
    versions(first: 3) { edges { node { semver } } }
  } } }
}`;
// The same page in PostGraphile's schema: OPEN and ACKNOWLEDGED counted by two conditions.
const THEIRS = `query Dashboard($first: Int!) {
  allAgents(first: $first, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { nodes {
    name status
    agentVersionByCurrentVersionId { semver }
    trustScoreByCurrentTrustScoreId { overall }
    open: violationsByAgentId(condition: { status: OPEN }) { totalCount }
    acknowledged: violationsByAgentId(condition: { status: ACKNOWLEDGED }) { totalCount }
    agentVersionsByAgentId(first: 3, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) { nodes { semver } }
  } }
}`;

type Target = 'ours' | 'ours22' | 'warm' | 'postgraphile' | 'sql';
const TARGETS = ['ours', 'ours22', 'warm', 'postgraphile', 'sql'] as const;
/** This API's own servers (they take its query and an API key). */
const isOurs = (target: Target) => target === 'ours' || target === 'ours22' || target === 'warm';
interface Row {
  name: string;
  status: string;
  version: string | null;
  trust: number | null;
  open: number;
  versions: string[];
}
interface TheirNode {
  name: string;
  status: string;
  agentVersionByCurrentVersionId: { semver: string } | null;
  trustScoreByCurrentTrustScoreId: { overall: number } | null;
  open: { totalCount: number };
  acknowledged: { totalCount: number };
  agentVersionsByAgentId: { nodes: { semver: string }[] };
}
interface OurNode {
  name: string;
  status: string;
  currentVersion: { semver: string } | null;
  trustScore: { overall: number } | null;
  openViolationCount: number;
  versions: { edges: { node: { semver: string } }[] };
}

const db = await scratchDatabase('bench_dashboard', { statements: true });
connectPrisma(db.url);
const seeded = await seedDataset(db.url);
console.log(`seeded ${DATASET.agents} agents in ${seeded.seconds} s`);
const peerNode = installPostGraphile();

// Node flags for this API's cold servers: by default those `npm start` uses (package.json);
// SERVER_NODE_FLAGS='' runs without them, to compare. PROFILE=1 profiles the Node 20 one.
const nodeFlags = serverNodeFlags();
const profileFlags = process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/agg-prof'] : [];
// This API's servers (src/server.ts in production mode; the limits stay on, counted and checked,
// with a budget a benchmark cannot exhaust): cold on this Node, cold on PostGraphile's Node 22
// (the target compares both on one Node version), and warm: the response cache on
// (src/graphql/response-cache.ts).
const ours = await startApi(db.url, {}, [...profileFlags, ...nodeFlags]);
const ours22 = await startApi(db.url, {}, nodeFlags, peerNode);
const warm = await startApi(db.url, { RESPONSE_CACHE: 'on' });
const ports = { postgraphile: await freePort(), sql: await freePort() };
// PostGraphile runs with the same Node flags as this API's servers, so that the comparison is of
// the two servers and not of their runtime settings (the larger young generation of `npm start`
// takes a third off PostGraphile's CPU per request too); PEER_NODE_FLAGS='' runs it as it starts
// by default.
const peerFlags = (process.env.PEER_NODE_FLAGS ?? nodeFlags.join(' ')).split(' ').filter(Boolean);
const postgraphile = await startProcess(
  [...peerFlags, path.join(PEER_DIR, 'server.mjs')],
  { NODE_ENV: 'production', DATABASE_URL: db.url, PORT: String(ports.postgraphile) },
  /ready/,
  60_000,
  peerNode,
);
const sql = await startProcess(
  ['--import', 'tsx', 'bench/baselines/dashboard-sql-server.ts'],
  { DATABASE_URL: db.url, PORT: String(ports.sql), ORGANIZATION_ID: seeded.organizationId },
  /ready/,
);
const servers = { ours, ours22, warm, postgraphile, sql };
const portOf: Record<Target, number> = {
  ours: ours.port,
  ours22: ours22.port,
  warm: warm.port,
  postgraphile: ports.postgraphile,
  sql: ports.sql,
};

function request(target: Target, first: number): autocannon.Request & { url: string } {
  const url = `http://127.0.0.1:${portOf[target]}`;
  if (target === 'sql') return { url, method: 'GET', path: `/?first=${first}` };
  return {
    url,
    method: 'POST',
    path: '/graphql',
    headers: {
      'content-type': 'application/json',
      ...(isOurs(target) ? { authorization: `Bearer ${seeded.secret}` } : {}),
    },
    body: JSON.stringify({ query: isOurs(target) ? OURS : THEIRS, variables: { first } }),
  };
}

async function fetchPage(target: Target, first = 50): Promise<Row[]> {
  const r = request(target, first);
  const res = await fetch(`${r.url}${r.path}`, {
    method: r.method,
    headers: r.headers as Record<string, string>,
    body: r.body as string | undefined,
  });
  const body = (await res.json()) as {
    data?: { allAgents?: { nodes: TheirNode[] }; agents?: { edges: { node: OurNode }[] } };
    errors?: unknown;
  };
  if (!body.data) throw new Error(`${target}: ${JSON.stringify(body.errors ?? body)}`);
  if (body.data.allAgents) {
    return body.data.allAgents.nodes.map((n) => ({
      name: n.name,
      status: n.status,
      version: n.agentVersionByCurrentVersionId?.semver ?? null,
      trust: n.trustScoreByCurrentTrustScoreId?.overall ?? null,
      open: n.open.totalCount + n.acknowledged.totalCount,
      versions: n.agentVersionsByAgentId.nodes.map((v) => v.semver),
    }));
  }
  return (body.data.agents?.edges ?? []).map(({ node: n }) => ({
    name: n.name,
    status: n.status,
    version: n.currentVersion?.semver ?? null,
    trust: n.trustScore?.overall ?? null,
    open: Number(n.openViolationCount),
    versions: n.versions.edges.map((e) => e.node.semver),
  }));
}

// The same page from every server, or nothing is measured.
const pages = {
  ours: await fetchPage('ours'),
  ours22: await fetchPage('ours22'),
  warm: await fetchPage('warm'),
  postgraphile: await fetchPage('postgraphile'),
  sql: await fetchPage('sql'),
};
for (const target of ['ours22', 'warm', 'postgraphile', 'sql'] as const) {
  if (JSON.stringify(pages[target]) !== JSON.stringify(pages.ours)) {
    throw new Error(
      `${target} returned a different page:\n${JSON.stringify(pages[target][0])}\nvs ours\n${JSON.stringify(pages.ours[0])}`,
    );
  }
}
if (pages.ours.length !== 50 || pages.ours.some((r) => r.versions.length !== 3 || r.version === null))
  throw new Error('the page is not the full dashboard page');

const statements: Record<string, number> = {};
for (const target of TARGETS) {
  for (const first of [10, 50])
    statements[`${target}@${first}`] = await statementsPer(db.url, () => fetchPage(target, first));
}

const load = (target: Target, seconds: number) => {
  const { url, ...req } = request(target, 50);
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: [req] });
};
const serverPid = (target: Target) => servers[target].child.pid as number;
/** One load, with the CPU the target's server process and PostgreSQL spent per request (ms). */
async function measure(target: Target, seconds: number) {
  const { result: r, serverMs, postgresMs } = await cpuDuring(serverPid(target), () => load(target, seconds));
  const requests = Math.max(1, r.requests.total);
  return { r, serverCpuMs: serverMs / requests, postgresCpuMs: postgresMs / requests };
}
// PROFILE=1: one load of ours against a server writing a CPU profile to /tmp/agg-prof; no report.
if (process.env.PROFILE) {
  const { r, serverCpuMs, postgresCpuMs } = await measure('ours', SECONDS);
  console.log(
    `ours: ${r.requests.average} req/s, p50 ${r.latency.p50} ms, CPU per request: server ${serverCpuMs.toFixed(2)} ms, PostgreSQL ${postgresCpuMs.toFixed(2)} ms`,
    statements,
  );
  for (const s of Object.values(servers)) await stopProcess(s.child);
  await db.stop();
  process.exit(0);
}
for (const target of TARGETS) await load(target, 3); // warm-up, not counted
type Figures = {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  serverCpuMs: number;
  postgresCpuMs: number;
};
const runs: Record<Target, Figures>[] = [];
for (let run = 1; run <= RUNS; run++) {
  const result = {} as Record<Target, Figures>;
  for (const target of TARGETS) {
    const { r, serverCpuMs, postgresCpuMs } = await measure(target, SECONDS);
    result[target] = {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      serverCpuMs,
      postgresCpuMs,
    };
  }
  console.log(JSON.stringify({ run, ...result }));
  runs.push(result);
}
for (const s of Object.values(servers)) await stopProcess(s.child);
await prisma.$disconnect();
await db.stop();

const med = (t: Target) => ({
  rps: median(runs.map((r) => r[t].rps)),
  p50: median(runs.map((r) => r[t].p50)),
  p99: median(runs.map((r) => r[t].p99)),
  failed: runs.reduce((n, r) => n + r[t].non2xx + r[t].errors, 0),
  serverCpuMs: median(runs.map((r) => r[t].serverCpuMs)),
  postgresCpuMs: median(runs.map((r) => r[t].postgresCpuMs)),
});
const summary = {
  benchmark: 'B1 dashboard query',
  machine: machine(),
  dataset: DATASET,
  connections: CONNECTIONS,
  seconds: SECONDS,
  runs: RUNS,
  ours: med('ours'),
  ours22: med('ours22'),
  warm: med('warm'),
  postgraphile: med('postgraphile'),
  sql: med('sql'),
  statementsPerRequest: statements,
  perRun: runs,
};
const line = (label: string, t: Target) =>
  `| ${label} | ${summary[t].rps.toFixed(0)} | ${summary[t].p50} | ${summary[t].p99} | ${summary[t].serverCpuMs.toFixed(2)} + ${summary[t].postgresCpuMs.toFixed(2)} | ${statements[`${t}@10`]} / ${statements[`${t}@50`]} | ${(summary.ours.rps / summary[t].rps).toFixed(2)}× |`;
await report(
  'dashboard',
  summary,
  [
    `### B1 dashboard query — ${new Date().toISOString()}`,
    '',
    `agents(first: 50) with current version, trust score, open violation count and 3 versions; ${DATASET.agents} agents × ${DATASET.versionsPerAgent} versions × ${DATASET.violationsPerAgent} violations. ${CONNECTIONS} connections, ${SECONDS} s × ${RUNS} runs after a warm-up, medians; ${summary.machine}.`,
    '',
    '| | req/s | p50 ms | p99 ms | CPU ms per request: server + PostgreSQL | SQL statements per request (first: 10 / 50) | ours ÷ this |',
    '|---|---|---|---|---|---|---|',
    line(
      `this API (GraphQL, API key, production mode), every request executed (cold), Node 20${nodeFlags.length ? ` (${nodeFlags.join(' ')})` : ''}`,
      'ours',
    ),
    line('the same, cold, on the Node 22 PostGraphile runs on', 'ours22'),
    line('this API with RESPONSE_CACHE=on, the same query repeated (warm)', 'warm'),
    line(
      `PostGraphile 5.1.5, amber preset, Node 22${peerFlags.length ? ` (${peerFlags.join(' ')})` : ''}`,
      'postgraphile',
    ),
    line('limit: one SQL statement with JSON aggregation, `pg` handler', 'sql'),
    '',
    `Warm: ${(summary.warm.rps / summary.sql.rps).toFixed(2)}× the SQL handler, ${(summary.warm.rps / summary.postgraphile.rps).toFixed(2)}× PostGraphile (per run: ${runs.map((r) => (r.warm.rps / r.sql.rps).toFixed(2)).join(', ')} × SQL). Cold on Node 20: ${(summary.ours.rps / summary.postgraphile.rps).toFixed(2)}× PostGraphile, ${(summary.ours.rps / summary.sql.rps).toFixed(2)}× SQL. Cold on Node 22, PostGraphile's: ${(summary.ours22.rps / summary.postgraphile.rps).toFixed(2)}× PostGraphile (per run: ${runs.map((r) => (r.ours22.rps / r.postgraphile.rps).toFixed(2)).join(', ')}), ${(summary.ours22.rps / summary.sql.rps).toFixed(2)}× SQL.`,
    '',
    `Failed requests: ours ${summary.ours.failed}, ours on Node 22 ${summary.ours22.failed}, warm ${summary.warm.failed}, PostGraphile ${summary.postgraphile.failed}, SQL ${summary.sql.failed}. Targets: cold ≥ 1.2× PostGraphile and ≥ 0.5× the SQL handler; warm ≥ 1.0× the SQL handler; statements constant in the page size.`,
  ].join('\n'),
);
process.exit(0);
