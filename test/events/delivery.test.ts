import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { LISTENER_APPLICATION_NAME } from '../../src/events/pg-notify.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { startProcess, stopProcess } from '../process.js';
import { headOf, newTenant } from '../seed.js';

const api = useTestApi();

const Sequences = graphql(`subscription Sequences($after: String) { activity(after: $after) { sequence verb } }`);
const Touch = graphql(`mutation Touch($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }`);
const Verify = graphql(`query VerifyAll { verifyActivityChain { ok from to checked brokenAt reason } }`);

const touch = (token: string, agentId: string, n: number) =>
  api.ok(Touch, { input: { agentId: encodeGlobalId('Agent', agentId), description: `edit ${n}` } }, token);

async function terminateListener(databaseUrl: string) {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const { rowCount } = await admin.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
    [LISTENER_APPLICATION_NAME],
  );
  await admin.end();
  return rowCount;
}

describe('delivery', () => {
  it('delivers every event exactly once when the LISTEN connection is terminated mid-stream', async () => {
    const t = await newTenant();
    const agent = await t.agent();
    const head = Number(await headOf(t.organization.id));
    const live = await subscribeWs(api.url, Sequences, { after: String(head) }, t.ownerKey);
    try {
      for (let i = 0; i < 30; i++) {
        if (i === 10) expect(await terminateListener(api.databaseUrl)).toBeGreaterThanOrEqual(1);
        await touch(t.ownerKey, agent.id, i);
      }
      const received = await live.waitFor(30, 15_000);
      expect(received.map((r) => r.activity.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => head + i + 1));
      await new Promise((r) => setTimeout(r, 300));
      expect(live.data).toHaveLength(30);
    } finally {
      await live.close();
    }
  });

  it('keeps the sequence gap-free and the chain valid under 20 concurrent writers × 50 mutations', async () => {
    const t = await newTenant();
    const agents = await Promise.all(Array.from({ length: 20 }, () => t.agent()));
    await Promise.all(
      agents.map(async (agent) => {
        for (let i = 0; i < 50; i++) await touch(t.ownerKey, agent.id, i);
      }),
    );
    const sequences = (
      await prisma.activityEvent.findMany({
        where: { organizationId: t.organization.id },
        select: { sequence: true },
        orderBy: { sequence: 'asc' },
      })
    ).map((e) => e.sequence);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, verb: 'agent.updated' } }),
    ).toBe(1000);
    const { verifyActivityChain } = await api.ok(Verify, {}, t.ownerKey);
    expect(verifyActivityChain).toEqual({
      ok: true,
      from: 1,
      to: sequences.length,
      checked: sequences.length,
      brokenAt: null,
      reason: null,
    });
  }, 120_000);

  it('reaches a subscriber of another server process on the same database', async () => {
    const t = await newTenant();
    const agent = await t.agent();
    const port = await freePort();
    const other = await startProcess(
      ['--import', 'tsx', 'src/server.ts'],
      {
        NODE_ENV: 'development',
        DATABASE_URL: api.databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      /"msg":"ready"/,
      30_000,
    );
    try {
      const live = await subscribeWs(
        `http://127.0.0.1:${port}/graphql`,
        Sequences,
        { after: await headOf(t.organization.id) },
        t.ownerKey,
      );
      try {
        await touch(t.ownerKey, agent.id, 1); // through this process
        const [event] = await live.waitFor(1).catch((error) => {
          throw new Error(`${error.message}\nsecond server said:\n${other.output()}`);
        });
        expect(event?.activity.verb).toBe('agent.updated');
      } finally {
        await live.close();
      }
    } finally {
      await stopProcess(other.child);
    }
  }, 60_000);
});
