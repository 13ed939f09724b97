// Issue 16 §1–2: every operation is costed before it runs (GitHub's node count), bounded in
// depth, aliases, tokens, directives and nodes(ids); the cost is spent from the caller's window,
// shared by every server process through PostgreSQL; exhausted → 429 RATE_LIMITED with
// Retry-After, and nothing runs.

import {
  type GraphQLNamedType,
  getNamedType,
  getNullableType,
  isEnumType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { schema } from '../../src/graphql/schema.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { type Started, startSecondServer, stopProcess } from '../process.js';
import { newTenant, type Tenant } from '../seed.js';

// Read by config() on first use, which comes after these lines.
process.env.RATE_LIMIT_POINTS = '3000';
process.env.RATE_LIMIT_ANONYMOUS_POINTS = '5';
process.env.QUERY_MAX_COST = '2000';

const api = useTestApi();

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions: Record<string, unknown> }[];
    extensions?: { cost?: { cost: number; limit: number; remaining: number; resetAt: string } };
  };
}

const post = (url: string, query: string, token?: string, variables?: unknown) =>
  postGraphQL<Answer['body']>(url, query, variables, token) as Promise<Answer>;

/**
 * Windows are fixed (whole hours by default): a test that spends and then expects to be refused
 * must not straddle a window's end. Each test starts with at least 30 s of its window left.
 */
beforeEach(async () => {
  const size = config().RATE_LIMIT_WINDOW_SECONDS * 1000;
  const left = size - (Date.now() % size);
  if (left < 30_000) await new Promise((r) => setTimeout(r, left + 100));
}, 60_000);

let tenant: Tenant;
let agentId = '';
beforeAll(async () => {
  tenant = await newTenant('Limits');
  agentId = (await tenant.agent({ slug: 'limited' })).id;
});

describe('the cost of an operation', () => {
  it('counts nodes as GitHub does: a page of 50 with 10 each is 550, returned in extensions.cost', async () => {
    const key = await tenant.key();
    const answer = await post(
      api.url,
      '{ agents(first: 50) { edges { node { id versions(first: 10) { edges { node { id } } } } } } }',
      key,
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.extensions?.cost).toMatchObject({ cost: 550, limit: 3000, remaining: 2450 });
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('2450');
  });

  it('costs follow the costed variables only, and bad variables never lower a later cost', async () => {
    const key = await tenant.key();
    const query = 'query($first: Int, $s: String) { agents(first: $first, filter: { search: $s }) { totalCount } }';
    const bad = await post(api.url, query, key, { first: 50, s: 5 });
    expect(bad.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await post(api.url, query, key, { first: 50, s: 'a' })).body.extensions?.cost?.cost).toBe(50);
    expect((await post(api.url, query, key, { first: 50, s: 'b' })).body.extensions?.cost?.cost).toBe(50);
    expect((await post(api.url, query, key, { first: 7, s: 'b' })).body.extensions?.cost?.cost).toBe(7);
  });

  it('rateLimit shows what this operation cost and what is left', async () => {
    const key = await tenant.key();
    const answer = await post(api.url, '{ rateLimit { cost limit used remaining resetAt } }', key);
    const rateLimit = answer.body.data?.rateLimit as Record<string, unknown>;
    expect(rateLimit).toMatchObject({ cost: 1, limit: 3000, used: 1, remaining: 2999 });
    expect(new Date(rateLimit.resetAt as string).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses five levels of versions(first: 100) before running it', async () => {
    const key = await tenant.key();
    let selection = 'id';
    for (let i = 0; i < 5; i++)
      selection = `versions(first: 100) { edges { node { manifest agent { ${selection} } } } }`;
    const started = Date.now();
    const answer = await post(api.url, `{ agents(first: 100) { edges { node { ${selection} } } } }`, key);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(answer.status).toBe(400);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses an operation over QUERY_MAX_COST before running it, with its cost and the limit', async () => {
    const key = await tenant.key();
    const answer = await post(
      api.url,
      '{ agents(first: 100) { edges { node { versions(first: 100) { edges { node { manifest } } } } } } }',
      key,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      cost: 10_100,
      max: 2000,
    });
    // Refused before it ran: nothing was spent.
    const after = await post(api.url, '{ rateLimit { used } }', key);
    expect(after.body.data?.rateLimit).toEqual({ used: 1 });
  });

  it('refuses more depth, aliases, tokens or directives than allowed, and says which limit', async () => {
    const key = await tenant.key();
    let deep = 'id';
    for (let i = 0; i < 8; i++) deep = `agent { ${deep} }`;
    const depth = await post(
      api.url,
      `{ agents(first: 1) { edges { node { versions(first: 1) { edges { node { ${deep} } } } } } } }`,
      key,
    );
    expect(depth.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });

    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: rateLimit { cost }`).join(' ');
    const aliased = await post(api.url, `{ ${aliases} }`, key);
    expect(aliased.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });

    const fields = Array.from({ length: 10_000 }, () => '__typename').join(' ');
    const tokens = await post(api.url, `{ ${fields} }`, key);
    expect(tokens.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });

    const directives = Array.from({ length: 50 }, () => '@include(if: true)').join(' ');
    const directed = await post(api.url, `{ __typename ${directives} }`, key);
    expect(directed.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' });
  });

  it('weighs verifyActivityChain at 1,000: three aliases of it cost 3,000 and are refused', async () => {
    const key = await tenant.key();
    const aliases = Array.from({ length: 3 }, (_, i) => `a${i}: verifyActivityChain { checked }`).join(' ');
    const answer = await post(api.url, `{ ${aliases} }`, key);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 3000 });
  });

  it('every list of objects under which a connection or a weighted field can be selected declares the bound its data keeps to', () => {
    // Searched in the schema, not listed: a list that is not a connection multiplies what is
    // selected under it by its length, so its cost must count it at the most it can hold.
    const reaching = new Map<string, boolean>();
    const reaches = (type: GraphQLNamedType, seen: Set<string>): boolean => {
      if (reaching.has(type.name)) return reaching.get(type.name) as boolean;
      if (seen.has(type.name)) return false;
      seen.add(type.name);
      const members = isUnionType(type) ? type.getTypes() : isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
      let found = members.some((m) => reaches(m, seen));
      if (isObjectType(type) || isInterfaceType(type))
        for (const field of Object.values(type.getFields())) {
          const named = getNamedType(field.type);
          const weighted = typeof field.extensions?.complexity === 'number' && field.extensions.complexity > 0;
          if (named.name.endsWith('Connection') || weighted || reaches(named, seen)) found = true;
        }
      return found;
    };
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      if (type.name.endsWith('Connection') || type.name.endsWith('Edge')) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (!isListType(getNullableType(field.type)) || isScalarType(named) || isEnumType(named)) continue;
        if (field.name === 'nodes' || !reaches(named, new Set())) continue;
        const declared = field.extensions?.complexity as { multiplier?: number } | undefined;
        if (!(typeof declared === 'object' && (declared.multiplier ?? 0) > 1))
          unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it("a connection under a list is multiplied by the list's bound: contexts (100) × participants (50) × versions(first: 10)", async () => {
    const key = await tenant.key();
    const answer = await post(
      api.url,
      '{ agents(first: 10) { edges { node { contexts { participants { agent { versions(first: 10) { edges { node { id } } } } } } } } } }',
      key,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      cost: 10 + 10 * 100 * 50 * 10,
    });
  });

  it(`nodes(ids:) takes at most ${config().NODES_MAX_IDS} IDs`, async () => {
    const key = await tenant.key();
    const ids = Array.from({ length: config().NODES_MAX_IDS + 1 }, () => encodeGlobalId('Agent', agentId));
    const answer = await post(api.url, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', key, { ids });
    expect(answer.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(/at most 100 IDs/);
    const fine = await post(api.url, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', key, { ids: ids.slice(1) });
    expect(fine.body.errors).toBeUndefined();
    expect(fine.body.extensions?.cost?.cost).toBe(100);
  });

  it('costs one SQL statement per operation for the shared counter', async () => {
    const key = await tenant.key();
    await post(api.url, '{ __typename }', key); // the key is cached after its first use
    const seen: string[] = [];
    const { onQuery } = await import('../../src/db/client.js');
    const stop = onQuery((sql) => seen.push(sql));
    await post(api.url, '{ rateLimit { cost } }', key);
    stop();
    expect(seen.filter((sql) => sql.includes('"RateLimitWindow"'))).toHaveLength(1);
  });
});

describe('rate limits', () => {
  let second: Started;
  let secondUrl = '';
  beforeAll(async () => {
    ({ server: second, url: secondUrl } = await startSecondServer(api.databaseUrl, {
      RATE_LIMIT_POINTS: '3000',
      RATE_LIMIT_ANONYMOUS_POINTS: '5',
      QUERY_MAX_COST: '2000',
    }));
  }, 60_000);
  afterAll(async () => {
    if (second) await stopProcess(second.child);
  });

  it('one window is shared by two server processes; exhausted → 429, Retry-After, RATE_LIMITED', async () => {
    const key = await tenant.key();
    const page = '{ agents(first: 100) { edges { node { id versions(first: 9) { edges { node { id } } } } } } }'; // 1,000
    expect((await post(api.url, page, key)).body.extensions?.cost?.remaining).toBe(2000);
    expect((await post(secondUrl, page, key)).body.extensions?.cost?.remaining).toBe(1000);
    expect((await post(api.url, page, key)).body.extensions?.cost?.remaining).toBe(0);
    const refused = await post(secondUrl, '{ __typename }', key);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', cost: { remaining: 0 } });
    // Another key has its own window.
    expect((await post(api.url, '{ __typename }', await tenant.key())).status).toBe(200);
  });

  it('under concurrency across two processes, exactly the operations that fit are served, each counted once', async () => {
    const key = await tenant.key();
    const page = '{ agents(first: 100) { edges { node { id } } } }'; // 100 points each
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(i % 2 ? secondUrl : api.url, page, key)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(30);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(10);
    const remaining = answers.filter((a) => a.status === 200).map((a) => a.body.extensions?.cost?.remaining);
    expect(new Set(remaining).size).toBe(30); // every served one saw its own place in the window
    const [row] = await prisma.$queryRaw<{ used: bigint }[]>`
      SELECT used FROM "RateLimitWindow" WHERE subject = ${`key:${(await prisma.apiKey.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).id}`}`;
    expect(Number(row?.used)).toBe(3000);
  });

  it('a refused mutation changes nothing', async () => {
    const key = await tenant.key();
    const filler = '{ agents(first: 100) { edges { node { id versions(first: 19) { edges { node { id } } } } } } }'; // 2,000
    expect((await post(api.url, filler, key)).body.extensions?.cost?.remaining).toBe(1000);
    await post(
      api.url,
      '{ agents(first: 100) { edges { node { id versions(first: 9) { edges { node { id } } } } } } }',
      key,
    );
    const events = await prisma.activityEvent.count({ where: { organizationId: tenant.organization.id } });
    const refused = await post(
      secondUrl,
      'mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename } }',
      key,
      { input: { name: 'never', slug: 'never-created', category: 'UTILITY' } },
    );
    expect(refused.status).toBe(429);
    expect(await prisma.agent.count({ where: { slug: 'never-created' } })).toBe(0);
    expect(await prisma.activityEvent.count({ where: { organizationId: tenant.organization.id } })).toBe(events);
  });

  it('an activity export spends 1,000 points of the same window; exhausted → 429 with Retry-After', async () => {
    const key = await tenant.key();
    const exportUrl = api.url.replace('/graphql', '/export/activity.ndjson');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(exportUrl, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      await res.text();
    }
    const refused = await fetch(exportUrl, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
  });

  it('anonymous callers have a budget per client address', async () => {
    for (let i = 0; i < 5; i++) expect((await post(api.url, '{ __typename }')).status).toBe(200);
    const refused = await post(api.url, '{ __typename }');
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
  });
});

describe('the database', () => {
  it('bounds every statement with DB_STATEMENT_TIMEOUT_MS', async () => {
    const [row] = await prisma.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
    expect(row?.statement_timeout).toBe(`${config().DB_STATEMENT_TIMEOUT_MS / 1000}s`);
  });
});
