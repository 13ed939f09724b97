// Shared by the benchmarks: a scratch database, child processes, percentiles, the report.

import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import WebSocket from 'ws';
import { ALL_SCOPES } from '../src/auth/scopes.js';
import type { Caller } from '../src/auth/viewer.js';
import { databaseUrl, freePort, startScratchPostgres } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrations.js';
import { createAgent } from '../src/modules/agents/agents.service.js';
import { createApiKey } from '../src/modules/api-keys/api-keys.service.js';
import { createOrganization } from '../src/modules/organizations/organizations.service.js';
import { startProcess } from '../test/process.js';

/** A new database on a throwaway cluster, migrated; `statements` loads pg_stat_statements. */
export async function scratchDatabase(name: string, options: { statements?: boolean } = {}) {
  const server = await startScratchPostgres(
    options.statements
      ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all']
      : [],
  );
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = databaseUrl(server.serverUrl, name);
  await applyMigrations(url);
  if (options.statements) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.end();
  }
  return { url, stop: server.stop };
}

export { startProcess, stopProcess } from '../test/process.js';

/**
 * This API's server (src/server.ts) in production mode on `databaseUrl`, logs at warn, with a
 * rate-limit budget no benchmark can exhaust (the limits stay on: counted and checked); `env`
 * adds or overrides settings, `nodeArgs` go before the entry, `node` is the Node binary (this
 * process's by default). Resolves once /readyz answers.
 */
export async function startApi(
  databaseUrl: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  node = process.execPath,
  runner = serverRunner(),
) {
  const port = await freePort();
  const { child } = await startProcess(
    [...nodeArgs, ...serverEntry(runner)],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_POINTS: String(1e12),
      ...env,
    },
    new URL(`http://127.0.0.1:${port}/readyz`),
    60_000,
    node,
  );
  return { child, port };
}

/**
 * The Node flags for this API's servers in a benchmark: those `npm start` runs the server with
 * (read from package.json's start script, their one owner); SERVER_NODE_FLAGS overrides them
 * ('' for none, to compare).
 */
export function serverNodeFlags(): string[] {
  const given = process.env.SERVER_NODE_FLAGS;
  if (given !== undefined) return given.split(' ').filter(Boolean);
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(' ').filter((token) => token.startsWith('--'));
}

/**
 * How this API's server is started: as `npm start` starts it (`bundle`: scripts/start.mjs, the
 * esbuild bundle of src/ and its packages, built first when stale) or compiled on load by `tsx`
 * (`tsx`: src/server.ts, as the benchmarks ran it before 2026-12-02). SERVER_RUNNER chooses;
 * `bundle` by default.
 */
export type ServerRunner = 'bundle' | 'tsx';
export function serverRunner(): ServerRunner {
  const given = process.env.SERVER_RUNNER ?? 'bundle';
  if (given !== 'bundle' && given !== 'tsx') throw new Error(`SERVER_RUNNER is bundle or tsx, not ${given}`);
  return given;
}
/** The arguments after Node's own flags that start this API's server with `runner`. */
export function serverEntry(runner: ServerRunner): string[] {
  return runner === 'bundle' ? ['scripts/start.mjs'] : ['--import', 'tsx', 'src/server.ts'];
}

/** Resident memory of a process, in bytes (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/**
 * CPU time (user + system, in ms) used so far by processes and by their children that have
 * ended (Linux, 100 ticks a second). `pids` is called at each reading, so that processes that
 * started meanwhile count and those that ended count through their parent.
 */
export async function cpuMs(pids: number[] | (() => Promise<number[]>)): Promise<number> {
  let ticks = 0;
  for (const pid of typeof pids === 'function' ? await pids() : pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    // The fields after the command name (which may hold spaces): utime, stime, cutime, cstime.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  }
  return ticks * 10;
}

/** The pids of every PostgreSQL process on this machine (the benchmark's cluster does the work). */
export async function postgresPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'postgres') pids.push(Number(entry));
  }
  return pids;
}

/** Runs `work`, and returns what it returned with the CPU (ms) `serverPid` and PostgreSQL spent meanwhile. */
export async function cpuDuring<T>(
  serverPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; serverMs: number; postgresMs: number }> {
  const [server0, pg0] = [await cpuMs([serverPid]), await cpuMs(postgresPids)];
  const result = await work();
  const [server1, pg1] = [await cpuMs([serverPid]), await cpuMs(postgresPids)];
  return { result, serverMs: server1 - server0, postgresMs: pg1 - pg0 };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export const machine = () => `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), Node ${process.version}`;

/** Writes bench/results/<name>.json and appends a Markdown section to bench/REPORT.md. */
export async function report(name: string, result: object, markdown: string) {
  await mkdir('bench/results', { recursive: true });
  await writeFile(`bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  if (!existsSync('bench/REPORT.md')) await writeFile('bench/REPORT.md', '# Benchmark report\n');
  await appendFile('bench/REPORT.md', `\n${markdown}\n`);
  console.log(markdown);
}

/** An organization with an API key of every scope and one agent, built through the services. */
export async function benchTenant(agentSlug: string) {
  const { caller } = await createOrganization(
    { name: 'Bench', slug: 'bench', owner: { email: 'bench@example.com', name: 'Bench' } },
    'bench',
  );
  const { secret } = await createApiKey(caller, { name: 'bench', scopes: ALL_SCOPES });
  return { caller, secret, agent: await benchAgent(caller, agentSlug) };
}

/** One more agent of the organization, built through the services. */
export function benchAgent(caller: Caller, slug: string) {
  return createAgent(
    caller,
    { slug, name: slug, description: '', category: 'UTILITY', capabilities: [], policyScopes: [], tags: [] },
    undefined,
  );
}

/**
 * SQL statements the database ran per call of `fn` (pg_stat_statements, every statement of the
 * database, BEGIN and COMMIT included), over `times` calls one after another.
 */
export async function statementsPer(url: string, fn: () => Promise<unknown>, times = 10): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SELECT pg_stat_statements_reset()');
  for (let i = 0; i < times; i++) await fn();
  const { rows } = await client.query(
    `SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT ILIKE '%pg_stat_statements%'`,
  );
  await client.end();
  return (rows[0] as { n: number }).n / times;
}

/**
 * The live heap of a process started with `--inspect=127.0.0.1:<port>`, after a full garbage
 * collection (Chrome DevTools protocol: HeapProfiler.collectGarbage, then Runtime.getHeapUsage),
 * with its RSS at that moment. Nothing in the server is changed for it.
 */
export async function heapAfterGc(inspectorPort: number, pid: number): Promise<{ heap: number; rss: number }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('heapAfterGc: no inspector target');
  const { default: WebSocket } = await import('ws');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const mine = ++id;
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: Record<string, number> };
        if (message.id !== mine) return;
        socket.off('message', onMessage);
        resolve(message.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method }));
    });
  // Twice: the first pass may leave objects that only its finalizers freed.
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  const { usedSize = 0 } = await call('Runtime.getHeapUsage');
  socket.close();
  return { heap: usedSize, rss: await rssOf(pid) };
}

/**
 * One graphql-transport-ws subscriber on a plain `ws` socket (no client library: the benches
 * measure the server, and a client's own CPU would count against it on a shared machine): init
 * with `secret`, subscribe to `query` once acknowledged, and hand each result's data to `onData`.
 * `from` is the local address (each phase its own, so TIME_WAIT sockets never exhaust the ports).
 * Resolves once the subscribe message is sent.
 */
export function openSubscriber(options: {
  port: number;
  secret: string;
  query: string;
  from: string;
  onData: (data: Record<string, unknown>) => void;
}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${options.port}/graphql`, 'graphql-transport-ws', {
      localAddress: options.from,
    });
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${options.secret}` } })),
    );
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: { data?: Record<string, unknown> } };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: options.query } }));
        resolve(socket);
      } else if (message.type === 'next') {
        if (message.payload?.data) options.onData(message.payload.data);
      } else if (message.type === 'error') console.error('subscription error', JSON.stringify(message.payload));
    });
    socket.on('error', reject);
  });
}
