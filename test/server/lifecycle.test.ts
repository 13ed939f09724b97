// Issue 16 §6: starting after a crash, starting twice, a port in use, stopping with requests in
// flight and live clients, and losing the database while running.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, freePort, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { startProcess, stopProcess } from '../process.js';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'agg-life-'));
await chmod(dataDir, 0o755);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const env = (port: number, extra: Record<string, string> = {}) => ({
  NODE_ENV: 'development',
  DATABASE_URL: '',
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  ...extra,
});
const serve = (port: number, extra: Record<string, string> = {}) =>
  startProcess(
    ['--import', 'tsx', 'src/server.ts'],
    env(port, extra),
    new URL(`http://127.0.0.1:${port}/readyz`),
    90_000,
  );

/** Runs the server to its exit; returns the code and what it printed. */
async function runToExit(port: number): Promise<{ code: number | null; output: string }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, ...env(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('starting', () => {
  it('after a kill -9, the next start stops the PostgreSQL it left running and serves', async () => {
    const port = await freePort();
    const first = await serve(port);
    const postgresPid = Number(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(alive(postgresPid)).toBe(true); // the orphan

    const second = await serve(port);
    try {
      expect(second.output()).toMatch(/left running/);
      expect(alive(postgresPid)).toBe(false);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

      // A second start on the same data folder, while this one runs: one clear line, exit 1.
      const twice = await runToExit(await freePort());
      expect(twice.code).toBe(1);
      expect(twice.output.trim()).toMatch(/^Another server \(pid \d+\) is running on .*: stop it first/);
      expect(twice.output.trim().split('\n')).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      await stopProcess(second.child);
    }
  }, 180_000);

  it('on a port already in use: one clear line, exit 1, and no PostgreSQL left behind', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const run = await runToExit(port);
      expect(run.code).toBe(1);
      expect(run.output.trim().split('\n').pop()).toBe(
        `Port ${port} on 127.0.0.1 is already in use: stop what uses it, or set PORT.`,
      );
      const pidFile = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '');
      expect(pidFile).toBe('');
    } finally {
      blocker.close();
    }
  }, 120_000);
});

describe('stopping', () => {
  it('SIGTERM lets a request in flight finish, tells live clients, stops PostgreSQL last and exits 0', async () => {
    const port = await freePort();
    const server = await serve(port);
    const key = /Demo API key: (agk_\S+)/.exec(server.output())?.[1] as string;
    const postgresPid = Number(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );

    // A live SSE subscription.
    const sse = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: 'subscription { activity { verb } }' }),
    });
    const streamed = sse.text();

    // A request in flight: its body arrives after the signal.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const body = JSON.stringify({ query: '{ agents(first: 1) { totalCount } }' });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${key}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
    });
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 700));
    socket.write(body.slice(10));
    const code = await exited;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"totalCount"');
    expect(await streamed).toContain('SHUTTING_DOWN');
    expect(code).toBe(0);
    expect(server.output()).toMatch(/"msg":"stopped"/);
    expect(alive(postgresPid)).toBe(false);
    socket.destroy();
  }, 120_000);
});

describe('losing the database', () => {
  it('keeps /healthz, answers 503 on /readyz, and recovers when the database is back', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agg-lose-'));
    await chmod(dir, 0o755);
    const pgPort = await freePort();
    let db = await startEmbeddedPostgres(path.join(dir, 'data'), { port: pgPort });
    const admin = new pg.Client({ connectionString: db.serverUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE lose');
    await admin.end();
    const port = await freePort();
    const server = await startProcess(
      ['--import', 'tsx', 'src/server.ts'],
      { ...env(port), NODE_ENV: 'production', DATABASE_URL: databaseUrl(db.serverUrl, 'lose'), LOG_LEVEL: 'fatal' },
      new URL(`http://127.0.0.1:${port}/readyz`),
      90_000,
    );
    try {
      await db.stop();
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const down = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(down.status).toBe(503);
      expect(((await down.json()) as { reason: string }).reason).toMatch(/database unreachable/);
      // A request meanwhile is told the service is unavailable and when to try again: not an
      // INTERNAL_SERVER_ERROR, which would say the request was at fault or the server broken.
      for (const authorization of [undefined, `Bearer agk_unknownkey00_${'x'.repeat(43)}`]) {
        const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: '{ agents(first: 1) { totalCount } }' }),
        });
        const body = (await answer.json()) as { errors?: { message: string; extensions: { code: string } }[] };
        expect([answer.status, body.errors?.[0]?.extensions.code], authorization ?? 'anonymous').toEqual([
          503,
          'SERVICE_UNAVAILABLE',
        ]);
        expect(body.errors?.[0]?.message).toBe('The database is unavailable; try again shortly.');
        expect(answer.headers.get('retry-after')).toBe('5');
      }

      db = await startEmbeddedPostgres(path.join(dir, 'data'), { port: pgPort });
      const began = Date.now();
      let status = 0;
      while (Date.now() - began < 20_000) {
        status = (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
    } finally {
      await stopProcess(server.child);
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
