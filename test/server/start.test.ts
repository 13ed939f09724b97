// The first command of the README, as a user runs it: the server on the embedded PostgreSQL in
// a fresh data folder seeds the demo, prints its key, serves GraphiQL with the key pre-filled,
// stops cleanly on SIGTERM, and on restart keeps its data without seeding twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'agg-start-'));
await chmod(dataDir, 0o755);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function start(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => {
    output += d;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const began = Date.now();
  while (!/Demo API key: agk_\S+\n/.test(output)) {
    if (child.exitCode !== null || Date.now() - began > 60_000) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, ms: Date.now() - began };
}

async function stop(child: ChildProcess) {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const began = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  return { code, ms: Date.now() - began };
}

const query = (port: number, key: string, q: string) =>
  fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: q }),
  }).then((r) => r.json() as Promise<{ data: Record<string, unknown> }>);

describe('npm start on the embedded PostgreSQL', () => {
  it('seeds once, prints a working demo key, pre-fills GraphiQL, stops on SIGTERM, and keeps data across restarts', async () => {
    const port = await freePort();
    const first = await start(port);
    const key = /Demo API key: (agk_\S+)/.exec(first.output())?.[1] as string;
    expect(key).toBeTruthy();
    const seeded = await query(port, key, '{ agents(first: 10) { totalCount } viewer { organization { members(first: 10) { totalCount } } } }');
    expect(seeded.data).toEqual({ agents: { totalCount: 4 }, viewer: { organization: { members: { totalCount: 5 } } } });
    const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(page).toContain(key);
    await query(port, key, 'mutation { createAgent(input: { slug: "kept", name: "Kept", category: UTILITY }) { __typename } }');
    const stopped = await stop(first.child);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);

    const second = await start(port);
    try {
      expect(second.output()).toContain(key);
      const after = await query(port, key, '{ agents(first: 10) { totalCount } agentBySlug(slug: "kept") { name } }');
      expect(after.data).toEqual({ agents: { totalCount: 5 }, agentBySlug: { name: 'Kept' } });
    } finally {
      await stop(second.child);
    }
  }, 120_000);
});
