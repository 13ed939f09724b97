// The activity log's consumers (src/events/consumers.ts), driven directly with consumers of the
// test's own (the server's consumers run in the background as usual and are not these).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db/client.js';
import { onQuery } from '../../src/db/client.js';
import { type EventConsumer, runConsumer, runConsumers } from '../../src/events/consumers.js';
import type { ActivityEvent } from '../../src/generated/prisma/client.js';
import { updateAgent } from '../../src/modules/agents/agents.service.js';
import { prisma, useTestApi } from '../harness.js';
import { headOf, newTenant } from '../seed.js';

const api = useTestApi();

function consumer(name: string, verbs?: string[]) {
  const seen: { organizationId: string; verbs: string[] }[] = [];
  const c: EventConsumer = {
    name,
    verbs,
    async handle(_tx: Tx, organizationId: string, events: ActivityEvent[]) {
      seen.push({ organizationId, verbs: events.map((e) => e.verb) });
      return { made: events.length };
    },
  };
  return { consumer: c, seen };
}

const cursorOf = async (name: string, organizationId: string) =>
  (
    await prisma.eventConsumerCursor.findUnique({
      where: { consumer_organizationId: { consumer: name, organizationId } },
    })
  )?.lastSequence ?? null;

/** Waits until the server's background consumers have read the organization's log to its head. */
async function untilServerConsumersAt(organizationId: string) {
  const head = Number(await headOf(organizationId));
  for (let i = 0; i < 250; i++) {
    const cursors = await prisma.eventConsumerCursor.findMany({
      where: { organizationId, consumer: { in: ['notifications', 'webhooks', 'refusal-policy'] } },
    });
    if (cursors.length === 3 && cursors.every((c) => c.lastSequence === head)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the server consumers did not reach the head');
}

describe('event consumers', () => {
  it('pass over events they do not read in one statement, without a transaction, and read those they do', async () => {
    const t = await newTenant();
    const { consumer: c, seen } = consumer('test-pass-over', ['agent.created']);
    const org = t.organization.id;
    const agent = await t.agent({ slug: 'pass-over' });
    await runConsumer(c, org); // the cursor starts at the organization's head so far
    seen.length = 0;
    for (let i = 0; i < 5; i++) await updateAgent(t.caller, agent.id, { description: `change ${i}` }, undefined);
    // Nothing to read among the updates: one UPDATE of the cursor, no BEGIN, no events read.
    // (The server's own consumers first finish their passes, so that only ours is counted.)
    await untilServerConsumersAt(org);
    const before = await cursorOf(c.name, org);
    const statements = await api.statements(() => runConsumer(c, org));
    expect(statements.filter((s) => s.includes('UPDATE "EventConsumerCursor" u'))).toHaveLength(1);
    expect(statements.filter((s) => /^BEGIN|FROM "public"."ActivityEvent"/.test(s))).toEqual([]);
    expect(await cursorOf(c.name, org)).toBe(Number(await headOf(org)));
    expect(before).toBeLessThan(Number(await headOf(org)));
    expect(seen).toEqual([]);
    // One it reads: handled, in order, exactly once.
    await t.agent({ slug: 'read-me' });
    await runConsumer(c, org);
    await runConsumer(c, org);
    expect(seen).toEqual([{ organizationId: org, verbs: ['agent.created'] }]);
  });

  it('leave an organization whose cursor another process holds, and take it up once it is free', async () => {
    const t = await newTenant();
    const { consumer: c, seen } = consumer('test-held', ['agent.created']);
    const org = t.organization.id;
    await runConsumer(c, org);
    seen.length = 0;
    await t.agent({ slug: 'held-1' });
    const other = new pg.Client({ connectionString: api.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `SELECT 1 FROM "EventConsumerCursor" WHERE consumer = $1 AND "organizationId" = $2 FOR UPDATE`,
        [c.name, org],
      );
      const at = await cursorOf(c.name, org);
      // Neither the pass-over nor the full pass waits for the other process.
      expect(await runConsumer(c, org)).toBe(0);
      expect(await cursorOf(c.name, org)).toBe(at);
      expect(seen).toEqual([]);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    await runConsumer(c, org);
    expect(seen).toEqual([{ organizationId: org, verbs: ['agent.created'] }]);
    expect(await cursorOf(c.name, org)).toBe(Number(await headOf(org)));
  });

  it("pass over only the events after their cursor, not the organization's whole log", async () => {
    const t = await newTenant();
    const { consumer: c } = consumer('test-bounded', ['agent.updated']);
    const org = t.organization.id;
    const agent = await t.agent({ slug: 'long-log' });
    for (let i = 0; i < 30; i++) await updateAgent(t.caller, agent.id, { description: `early ${i}` }, undefined);
    await runConsumer(c, org);
    const from = Number(await cursorOf(c.name, org));
    for (let i = 0; i < 3; i++) await updateAgent(t.caller, agent.id, { description: `late ${i}` }, undefined);
    const sent: { sql: string; params: unknown[] }[] = [];
    const stop = onQuery((sql, params) => {
      if (sql.includes('UPDATE "EventConsumerCursor" u')) sent.push({ sql, params: JSON.parse(params) });
    });
    try {
      await runConsumer(c, org);
    } finally {
      stop();
    }
    expect(sent).toHaveLength(1);
    // The same statement again, from the same cursor, with an index as the only way to the log:
    // of the updates it reads, it looks at the first after the cursor, not the 30 before it.
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_bitmapscan = off');
      await client.query(
        `UPDATE "EventConsumerCursor" SET "lastSequence" = $1 WHERE consumer = $2 AND "organizationId" = $3`,
        [from, c.name, org],
      );
      const { sql, params } = sent[0] as { sql: string; params: unknown[] };
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      await client.query('ROLLBACK');
      type Node = {
        'Relation Name'?: string;
        'Actual Rows': number;
        'Rows Removed by Filter'?: number;
        'Actual Loops': number;
        Plans?: Node[];
      };
      const all = (n: Node): Node[] => [n, ...(n.Plans ?? []).flatMap(all)];
      const log = all((rows[0]['QUERY PLAN'] as [{ Plan: Node }])[0].Plan).filter(
        (n) => n['Relation Name'] === 'ActivityEvent',
      );
      expect(log).toHaveLength(1);
      const [scan] = log as [Node];
      expect((scan['Actual Rows'] + (scan['Rows Removed by Filter'] ?? 0)) * scan['Actual Loops']).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('pass over together: every consumer of a pass in one statement, the one with something to read reads it', async () => {
    const t = await newTenant();
    const org = t.organization.id;
    const quiet = [consumer('test-together-1', ['agent.created']), consumer('test-together-2', ['agent.created'])];
    const reader = consumer('test-together-3', ['agent.updated']);
    const all = [...quiet, reader].map((x) => x.consumer);
    const agent = await t.agent({ slug: 'together' });
    await runConsumers(all, org);
    for (const x of [...quiet, reader]) x.seen.length = 0;
    await updateAgent(t.caller, agent.id, { description: 'read me' }, undefined);
    await untilServerConsumersAt(org);
    const statements = await api.statements(() => runConsumers(all, org));
    // One statement finds what is due for all three, one passes over the two with nothing to
    // read; the third reads its event in its own transaction.
    expect(statements.filter((s) => s.includes('FROM "ActivityChainHead" h'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('UPDATE "EventConsumerCursor" u'))).toHaveLength(1);
    expect(quiet.flatMap((x) => x.seen)).toEqual([]);
    expect(reader.seen).toEqual([{ organizationId: org, verbs: ['agent.updated'] }]);
    const head = Number(await headOf(org));
    for (const c of all) expect(await cursorOf(c.name, org)).toBe(head);
  });
});
