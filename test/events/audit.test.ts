import { describe, expect, it } from 'vitest';
import { pruneActivity } from '../../src/events/retention.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { asSuperuser, prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const Verify = graphql(`
  query Verify($from: Int, $to: Int) { verifyActivityChain(from: $from, to: $to) { ok from to checked brokenAt reason checkpointSequence } }
`);
const ActivityPage = graphql(`
  query ActivityPage($first: Int, $after: String, $last: Int, $before: String, $filter: ActivityFilter) {
    activity(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      edges { cursor node { sequence verb } }
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    }
  }
`);

describe('the log is append-only', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE of events', async () => {
    const t = await newTenant();
    await expect(
      prisma.$executeRaw`UPDATE "ActivityEvent" SET verb = 'x' WHERE "organizationId" = ${t.organization.id}::uuid`,
    ).rejects.toThrow(/append-only/);
    await expect(
      prisma.$executeRaw`DELETE FROM "ActivityEvent" WHERE "organizationId" = ${t.organization.id}::uuid`,
    ).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`TRUNCATE "ActivityEvent"`).rejects.toThrow(/append-only/);
  });
});

describe('activity connection', () => {
  it('pages newest first with sequence numbers as cursors, both ways', async () => {
    const t = await newTenant();
    for (let i = 0; i < 4; i++) await t.agent();
    const page1 = await api.ok(ActivityPage, { first: 2 }, t.ownerKey);
    const seqs1 = page1.activity.edges.map((e) => e.node.sequence);
    expect(page1.activity.edges.map((e) => e.cursor)).toEqual(seqs1.map(String));
    const page2 = await api.ok(ActivityPage, { first: 2, after: page1.activity.pageInfo.endCursor }, t.ownerKey);
    expect(page2.activity.edges.map((e) => e.node.sequence)).toEqual([
      (seqs1[1] as number) - 1,
      (seqs1[1] as number) - 2,
    ]);
    const back = await api.ok(ActivityPage, { last: 2, before: page2.activity.pageInfo.startCursor }, t.ownerKey);
    expect(back.activity.edges.map((e) => e.node.sequence)).toEqual(seqs1);
    const bad = await api.gql(ActivityPage, { first: 2, after: 'abc' }, t.ownerKey);
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const filtered = await api.ok(ActivityPage, { first: 10, filter: { verbs: ['member.added'] } }, t.ownerKey);
    expect(filtered.activity.edges.map((e) => e.node.verb)).toEqual(['member.added']);
  });
});

describe('verifyActivityChain', () => {
  it('is ok on an untouched log and names the sequence whose payload was changed with SQL', async () => {
    const t = await newTenant();
    for (let i = 0; i < 5; i++) await t.agent();
    const ok = await api.ok(Verify, {}, t.ownerKey);
    expect(ok.verifyActivityChain).toMatchObject({ ok: true, from: 1, checked: ok.verifyActivityChain.to });
    await asSuperuser(
      api.databaseUrl,
      `UPDATE "ActivityEvent" SET payload = '{"slug":"forged"}' WHERE "organizationId" = $1 AND sequence = 4`,
      [t.organization.id],
    );
    const broken = await api.ok(Verify, {}, t.ownerKey);
    expect(broken.verifyActivityChain).toMatchObject({ ok: false, brokenAt: 4, reason: 'HASH_MISMATCH', checked: 3 });
    expect((await api.ok(Verify, { from: 5 }, t.ownerKey)).verifyActivityChain.ok).toBe(true);
  });

  it('names a missing sequence', async () => {
    const t = await newTenant();
    for (let i = 0; i < 3; i++) await t.agent();
    await asSuperuser(api.databaseUrl, `DELETE FROM "ActivityEvent" WHERE "organizationId" = $1 AND sequence = 3`, [
      t.organization.id,
    ]);
    expect((await api.ok(Verify, {}, t.ownerKey)).verifyActivityChain).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'MISSING_SEQUENCE',
    });
  });

  it('needs the audit:read scope', async () => {
    const t = await newTenant();
    const operator = await t.member('OPERATOR');
    expect((await api.gql(Verify, {}, operator.jwt)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('retention', () => {
  it('prunes old events behind a checkpoint from which the chain still verifies', async () => {
    const t = await newTenant();
    for (let i = 0; i < 3; i++) await t.agent();
    const before = await prisma.activityChainHead.findUniqueOrThrow({ where: { organizationId: t.organization.id } });
    const pruned = await pruneActivity(new Date(Date.now() + 1_000));
    expect(pruned.find((p) => p.organizationId === t.organization.id)).toEqual({
      organizationId: t.organization.id,
      throughSequence: before.lastSequence,
      deleted: before.lastSequence,
    });
    await t.agent();
    const remaining = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id },
      orderBy: { sequence: 'asc' },
    });
    expect(remaining.map((e) => e.verb)).toEqual(['activity.pruned', 'agent.created']);
    const result = await api.ok(Verify, {}, t.ownerKey);
    expect(result.verifyActivityChain).toMatchObject({
      ok: true,
      from: before.lastSequence + 1,
      checked: 2,
      checkpointSequence: before.lastSequence,
    });
  });
});

describe('export', () => {
  const base = () => api.url.replace(/\/graphql$/, '');

  it('streams NDJSON and CSV, filtered by verbs and agent, for audit:read keys only', async () => {
    const t = await newTenant();
    const a = await t.agent({ slug: 'exported' });
    await t.agent();
    const auth = { authorization: `Bearer ${t.ownerKey}` };
    const ndjson = await fetch(
      `${base()}/export/activity.ndjson?verbs=agent.created&agentId=${encodeGlobalId('Agent', a.id)}`,
      { headers: auth },
    );
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await ndjson.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      verb: 'agent.created',
      agentId: encodeGlobalId('Agent', a.id),
      payload: expect.objectContaining({ slug: 'exported' }),
    });
    const csv = await (await fetch(`${base()}/export/activity.csv`, { headers: auth })).text();
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe(
      'id,sequence,occurredAt,verb,actorType,actorId,subjectType,subjectId,agentId,requestId,payload,prevHash,hash',
    );
    expect(rows).toHaveLength(1 + (await prisma.activityEvent.count({ where: { organizationId: t.organization.id } })));
    expect((await fetch(`${base()}/export/activity.csv`)).status).toBe(401);
    const operator = await t.member('OPERATOR');
    expect(
      (await fetch(`${base()}/export/activity.csv`, { headers: { authorization: `Bearer ${operator.key}` } })).status,
    ).toBe(403);
    expect((await fetch(`${base()}/export/activity.csv?from=yesterday`, { headers: auth })).status).toBe(400);
  });

  it('keeps memory flat while streaming 100,000 events (65 MB)', async () => {
    const t = await newTenant();
    await prisma.$executeRaw`
      INSERT INTO "ActivityEvent" (id, "organizationId", sequence, verb, "actorType", "subjectType", "subjectId", payload, "occurredAt", "prevHash", hash)
      SELECT gen_random_uuid(), ${t.organization.id}::uuid, 1000 + g, 'bulk.event', 'SYSTEM', 'Organization', ${t.organization.id},
             jsonb_build_object('n', g, 'note', repeat('x', 200)), now(), md5(g::text), md5((g + 1)::text)
        FROM generate_series(1, 100000) AS g`;
    // Retained memory: sampled right after a full collection, so garbage does not count.
    const gc = globalThis.gc as (() => void) | undefined;
    expect(gc, 'vitest runs with --expose-gc').toBeTypeOf('function');
    const retained = () => {
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    const baseline = retained();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, retained());
    }, 250);
    let bytes = 0;
    let lines = 0;
    try {
      const res = await fetch(`${base()}/export/activity.ndjson?verbs=bulk.event`, {
        headers: { authorization: `Bearer ${t.ownerKey}` },
      });
      const reader = res.body?.getReader();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        bytes += chunk.value.byteLength;
        for (const b of chunk.value) if (b === 10) lines += 1;
      }
    } finally {
      clearInterval(sampler);
    }
    expect(lines).toBe(100_000);
    // The export is far larger than what the process held at any moment.
    const growth = peak - baseline;
    console.info(
      `export: ${(bytes / 1e6).toFixed(0)} MB streamed, retained heap grew at most ${(growth / 1e6).toFixed(1)} MB`,
    );
    expect(bytes).toBeGreaterThan(60_000_000);
    expect(growth).toBeLessThan(20_000_000);
  }, 120_000);
});
