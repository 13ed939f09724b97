// The response cache (src/graphql/response-cache.ts), on in this file: repeated queries answered
// from memory for exactly as long as the organization's log has not moved, and only to the
// caller they were made for.
process.env.RESPONSE_CACHE = 'on';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { type Started, startSecondServer, stopProcess } from '../process.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const DASHBOARD = `query Dashboard($first: Int!) {
  agents(first: $first) { totalCount edges { node {
    name status currentVersion { semver } trustScore { overall } openViolationCount
    versions(first: 3) { edges { node { semver } } }
  } } }
}`;
const RENAME = `mutation Rename($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }`;

type Page = { agents: { totalCount: number; edges: { node: { name: string } }[] } };
const names = (body: { data?: unknown }) => (body.data as Page).agents.edges.map((e) => e.node.name);

let second: Started;
let secondUrl: string;
beforeAll(async () => {
  // The second process keeps at most 2 answers (the eviction test below).
  ({ server: second, url: secondUrl } = await startSecondServer(api.databaseUrl, {
    RESPONSE_CACHE: 'on',
    RESPONSE_CACHE_MAX_ENTRIES: '2',
  }));
}, 60_000);
afterAll(() => stopProcess(second.child));

describe('response cache', () => {
  it('answers a repeated query with one primary-key lookup of the log head, and the same answer', async () => {
    const t = await newTenant();
    await t.agent({ slug: 'cached-1' });
    const first = await postGraphQL(api.url, DASHBOARD, { first: 10 }, t.ownerKey);
    // (An answer labelled before this process heard of the organization's log is read once more.)
    await postGraphQL(api.url, DASHBOARD, { first: 10 }, t.ownerKey);
    const statements = await api.statements(() => postGraphQL(api.url, DASHBOARD, { first: 10 }, t.ownerKey));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM "public"."ActivityChainHead"/);
    const again = await postGraphQL(api.url, DASHBOARD, { first: 10 }, t.ownerKey);
    expect(again.body.data).toEqual(first.body.data);
    // Other variables are another answer.
    expect(
      (await api.statements(() => postGraphQL(api.url, DASHBOARD, { first: 5 }, t.ownerKey))).some((s) =>
        s.includes('"public"."Agent"'),
      ),
    ).toBe(true);
  });

  it('is never stale: once a change anywhere is acknowledged, every read sees it, on every process', async () => {
    const t = await newTenant();
    const agent = await t.agent({ slug: 'renamed' });
    const id = encodeGlobalId('Agent', agent.id);
    // Readers keep asking on both processes while a writer renames through either one.
    let stop = false;
    const readers = [api.url, secondUrl].map(async (url) => {
      while (!stop) await postGraphQL(url, DASHBOARD, { first: 10 }, t.ownerKey);
    });
    try {
      for (let i = 0; i < 12; i++) {
        const writer = i % 2 ? secondUrl : api.url;
        const renamed = await postGraphQL(writer, RENAME, { input: { agentId: id, name: `name ${i}` } }, t.ownerKey);
        expect(renamed.body.data?.updateAgent).toEqual({ __typename: 'AgentPayload' });
        for (const url of [api.url, secondUrl])
          expect(names((await postGraphQL(url, DASHBOARD, { first: 10 }, t.ownerKey)).body)).toEqual([`name ${i}`]);
      }
    } finally {
      stop = true;
      await Promise.all(readers);
    }
  });

  it("gives an answer only to the caller it was made for: another organization's, another key's scopes", async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    await a.agent({ slug: 'only-a', name: 'only-a' });
    await b.agent({ slug: 'only-b', name: 'only-b' });
    const narrow = await a.key(['activity:read']);
    expect(names((await postGraphQL(api.url, DASHBOARD, { first: 10 }, a.ownerKey)).body)).toEqual(['only-a']);
    expect(names((await postGraphQL(api.url, DASHBOARD, { first: 10 }, b.ownerKey)).body)).toEqual(['only-b']);
    expect(names((await postGraphQL(api.url, DASHBOARD, { first: 10 }, a.ownerKey)).body)).toEqual(['only-a']);
    const refused = await postGraphQL(api.url, DASHBOARD, { first: 10 }, narrow);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(refused.body.data ?? null).toBeNull();
  });

  it('runs every time a query that selects anything outside the cacheable fields (the clock, rate limits)', async () => {
    const t = await newTenant();
    await t.agent({ slug: 'volatile' });
    for (const query of [
      '{ agents(first: 5) { edges { node { name pendingApprovalCount } } } }',
      '{ agents(first: 5) { totalCount } rateLimit { used } }',
    ]) {
      await postGraphQL(api.url, query, {}, t.ownerKey);
      const statements = await api.statements(() => postGraphQL(api.url, query, {}, t.ownerKey));
      expect(statements.some((s) => s.includes('"public"."Agent"') || s.includes('FROM "Agent"'))).toBe(true);
      expect(statements.some((s) => s.includes('"ActivityChainHead"'))).toBe(false);
    }
  });

  it('charges a cached answer its cost, as if it had run', async () => {
    const t = await newTenant();
    const used = async () =>
      (
        (await postGraphQL(api.url, '{ rateLimit { used cost } }', {}, t.ownerKey)).body.data?.rateLimit as {
          used: number;
          cost: number;
        }
      ).used;
    await postGraphQL(api.url, DASHBOARD, { first: 10 }, t.ownerKey);
    const before = await used();
    const cost = Number(
      (
        (await postGraphQL(api.url, DASHBOARD, { first: 10 }, t.ownerKey)) as {
          body: { extensions?: { cost?: { cost: number } } };
        }
      ).body.extensions?.cost?.cost,
    );
    for (let i = 0; i < 3; i++) await postGraphQL(api.url, DASHBOARD, { first: 10 }, t.ownerKey);
    expect(cost).toBeGreaterThan(1);
    // Four dashboards (one answered above, three here) and the first rateLimit query.
    expect((await used()) - before).toBe(4 * cost + 1);
  });

  it('keeps at most RESPONSE_CACHE_MAX_ENTRIES answers, evicting the least recently used', async () => {
    const t = await newTenant();
    await t.agent({ slug: 'evicted' });
    // The second process's own count of lookups, by result (its /metrics, read from loopback).
    const lookups = async () => {
      const text = await fetch(new URL('/metrics', secondUrl)).then((r) => r.text());
      const count = (result: string) =>
        Number(new RegExp(`agg_response_cache_lookups_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return { hit: count('hit'), miss: count('miss'), stale: count('stale') };
    };
    const ask = async (first: number) => {
      const before = await lookups();
      await postGraphQL(secondUrl, DASHBOARD, { first }, t.ownerKey);
      const after = await lookups();
      return after.hit > before.hit ? 'hit' : after.stale > before.stale ? 'stale' : 'miss';
    };
    // A, B kept (each asked until it is a hit: the first answer may be labelled before this
    // process knew the organization's log head).
    for (const first of [1, 2]) while ((await ask(first)) !== 'hit');
    expect(await ask(1)).toBe('hit'); // A used: B is now the least recently used
    expect(await ask(3)).toBe('miss'); // C kept: B evicted
    expect(await ask(1)).toBe('hit');
    expect(await ask(3)).toBe('hit');
    expect(await ask(2)).toBe('miss');
  });
});
