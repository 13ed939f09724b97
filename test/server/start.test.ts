// The first command of the README, as a user runs it: the server on the embedded PostgreSQL in
// a fresh data folder seeds the demo, prints its key, serves GraphiQL with the key pre-filled and
// live subscriptions over graphql-ws, stops cleanly on SIGTERM, and on restart keeps its data
// without seeding twice. With DATABASE_URL it uses that database and seeds and shows no demo.
// All of it through what `npm start` runs: the bundle (scripts/start.mjs).
import { access, chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import os, { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { connectPrisma } from '../../src/db/client.js';
import { databaseUrl, freePort } from '../../src/db/embedded.js';
import { createLogger } from '../../src/logger.js';
import { subscribeWs } from '../live.js';
import { startProcess, stopProcess } from '../process.js';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'agg-start-'));
await chmod(dataDir, 0o755);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

// What `npm start` runs: the server bundled ahead of time (scripts/start.mjs), not tsx.
const start = (port: number, env: Record<string, string> = {}, ready = /Demo API key: agk_\S+\n/) =>
  startProcess(
    ['scripts/start.mjs'],
    {
      NODE_ENV: 'development',
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    ready,
  );
const stop = stopProcess;

function nonLoopbackAddress(): string | null {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

const query = (port: number, key: string, q: string) =>
  fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: q }),
  }).then((r) => r.json() as Promise<{ data: Record<string, unknown> }>);

describe('npm start on the embedded PostgreSQL', () => {
  it('seeds once, prints a working demo key, pre-fills GraphiQL, delivers live events, stops on SIGTERM, and keeps data across restarts', async () => {
    const port = await freePort();
    const first = await start(port);
    const key = /Demo API key: (agk_\S+)/.exec(first.output())?.[1] as string;
    expect(key).toBeTruthy();
    const seeded = await query(
      port,
      key,
      '{ agents(first: 10) { totalCount } viewer { organization { members(first: 10) { totalCount } } } }',
    );
    expect(seeded.data).toEqual({
      agents: { totalCount: 5 },
      viewer: { organization: { members: { totalCount: 5 } } },
    });
    const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } }).then((r) =>
      r.text(),
    );
    expect(page).toContain(key);
    // The embedded default listens on loopback only: another interface is refused.
    const external = nonLoopbackAddress();
    if (external) await expect(fetch(`http://${external}:${port}/healthz`)).rejects.toThrow();
    // Live subscriptions over graphql-ws from the bundle too (the shared-subscription path).
    const live = await subscribeWs(
      `http://127.0.0.1:${port}/graphql`,
      parse('subscription { activity { verb subjectType } }') as TypedDocumentNode<
        { activity: { verb: string; subjectType: string } },
        Record<string, never>
      >,
      {},
      key,
    );
    await query(
      port,
      key,
      'mutation { createAgent(input: { slug: "kept", name: "Kept", category: UTILITY }) { __typename } }',
    );
    expect((await live.waitFor(1))[0]?.activity).toEqual({ verb: 'agent.created', subjectType: 'Agent' });
    await live.close();
    const stopped = await stop(first.child);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);

    const second = await start(port);
    try {
      expect(second.output()).toContain(key);
      const after = await query(port, key, '{ agents(first: 10) { totalCount } agentBySlug(slug: "kept") { name } }');
      expect(after.data).toEqual({ agents: { totalCount: 6 }, agentBySlug: { name: 'Kept' } });
    } finally {
      await stop(second.child);
    }
  }, 120_000);
});

describe('npm start with tracing on', () => {
  it('loads tracing only then, and a tracing endpoint that never answers neither delays SIGTERM nor keeps PostgreSQL running', async () => {
    // Accepts connections and never answers: every export hangs.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const port = await freePort();
    const server = await start(port, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, LOG_LEVEL: 'info' }, /"msg":"ready"/);
    try {
      expect(server.output()).toContain('"tracing":true');
      const key = (await readFile(path.join(dataDir, 'demo-api-key'), 'utf8')).trim();
      expect(await query(port, key, '{ agents(first: 1) { totalCount } }')).toHaveProperty('data.agents.totalCount');
      const stopped = await stop(server.child);
      expect(stopped.code, server.output()).toBe(0);
      expect(stopped.ms).toBeLessThan(8_000);
      // The embedded PostgreSQL stopped with it (its pid file is gone).
      await expect(access(path.join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow();
    } finally {
      await stop(server.child);
      silent.close();
    }
  }, 60_000);
});

describe('the demo key in GraphiQL', () => {
  it('is put into a page served to this machine, never into one served to another', async () => {
    const external = nonLoopbackAddress();
    if (!external) return;
    const name = `agg_graphiql_${Date.now()}`;
    const admin = new pg.Client({ connectionString: inject('serverUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
    connectPrisma(databaseUrl(inject('serverUrl'), name));
    const app = await startApp({
      databaseUrl: databaseUrl(inject('serverUrl'), name),
      port: 0,
      host: '0.0.0.0',
      log: createLogger('silent'),
      graphiqlApiKey: 'agk_demo_key_for_this_test',
    });
    try {
      const page = (host: string) =>
        fetch(`http://${host}:${app.port}/graphql`, { headers: { accept: 'text/html' } }).then((r) => r.text());
      expect(await page('127.0.0.1')).toContain('agk_demo_key_for_this_test');
      expect(await page(external)).not.toContain('agk_demo_key_for_this_test');
    } finally {
      await app.close(500);
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('npm start with DATABASE_URL', () => {
  it('uses that database, starts nothing embedded, seeds no demo and puts no key in GraphiQL', async () => {
    const serverUrl = inject('serverUrl');
    const name = `agg_url_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const port = await freePort();
    const server = await start(
      port,
      { DATABASE_URL: databaseUrl(serverUrl, name), LOG_LEVEL: 'info' },
      /"msg":"ready"/,
    );
    try {
      expect(server.output()).toContain('"embedded":false');
      expect(server.output()).not.toContain('Demo API key');
      const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } }).then((r) =>
        r.text(),
      );
      expect(page).not.toContain('agk_');
      const db = new pg.Client({ connectionString: databaseUrl(serverUrl, name) });
      await db.connect();
      const organizations = await db.query('SELECT count(*)::int AS n FROM "Organization"');
      const migrations = await db.query('SELECT count(*)::int AS n FROM _prisma_migrations');
      await db.end();
      expect(organizations.rows[0].n).toBe(0);
      expect(migrations.rows[0].n).toBeGreaterThan(0);
    } finally {
      await stop(server.child);
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
