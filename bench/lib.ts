// Shared by the benchmarks: a scratch database, child processes, percentiles, the report.

import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import { ALL_SCOPES } from '../src/auth/scopes.js';
import { databaseUrl, startScratchPostgres } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrations.js';
import { createAgent } from '../src/modules/agents/agents.service.js';
import { createApiKey } from '../src/modules/api-keys/api-keys.service.js';
import { createOrganization } from '../src/modules/organizations/organizations.service.js';

export async function scratchDatabase(name: string) {
  const server = await startScratchPostgres();
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = databaseUrl(server.serverUrl, name);
  await applyMigrations(url);
  return { url, stop: server.stop };
}

export { startProcess, stopProcess } from '../test/process.js';

/** Resident memory of a process, in bytes (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
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
  const agent = await createAgent(
    caller,
    {
      slug: agentSlug,
      name: agentSlug,
      description: '',
      category: 'UTILITY',
      capabilities: [],
      policyScopes: [],
      tags: [],
    },
    undefined,
  );
  return { caller, secret, agent };
}
