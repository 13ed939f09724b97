// A nested connection's query is computed once per request and field (patches/@pothos+plugin-prisma,
// not once per parent row): its arguments come from the field's node and the variables, so every
// row of one field shares them, and two aliases of the same relation keep their own.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId as encodeGlobalIdOf } from '../../src/graphql/global-id.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

type Page = { edges: { node: { semver: string } }[]; pageInfo: { hasNextPage: boolean } };
type Row = { node: { slug: string; one: Page; two: Page; again: Page } };

describe('nested connections', () => {
  it('give every parent row the page its field asked for, alias by alias, also through a fragment', async () => {
    const t = await newTenant('Connection args');
    for (const slug of ['a-1', 'a-2', 'a-3']) {
      const agent = await t.agent({ slug });
      for (const semver of ['1.0.0', '1.1.0', '1.2.0']) await t.version(agent.id, semver);
    }
    const res = await postGraphQL<{ data?: { agents: { edges: Row[] } }; errors?: unknown }>(
      api.url,
      `query($n: Int!) {
        agents(first: 10) { edges { node {
          slug
          one: versions(first: 1) { edges { node { semver } } pageInfo { hasNextPage } }
          two: versions(first: $n) { edges { node { semver } } pageInfo { hasNextPage } }
          ...Again
        } } }
      }
      fragment Again on Agent { again: versions(first: 3) { edges { node { semver } } pageInfo { hasNextPage } } }`,
      { n: 2 },
      t.ownerKey,
    );
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data?.agents.edges ?? [];
    expect(rows.map((r) => r.node.slug).sort()).toEqual(['a-1', 'a-2', 'a-3']);
    for (const { node } of rows) {
      expect(node.one.edges.map((e) => e.node.semver)).toEqual(['1.2.0']);
      expect(node.one.pageInfo.hasNextPage).toBe(true);
      expect(node.two.edges.map((e) => e.node.semver)).toEqual(['1.2.0', '1.1.0']);
      expect(node.two.pageInfo.hasNextPage).toBe(true);
      expect(node.again.edges.map((e) => e.node.semver)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
      expect(node.again.pageInfo.hasNextPage).toBe(false);
    }
    // The same document with other variables, on the same parsed (cached) nodes: the new size.
    const again = await postGraphQL<{ data?: { agents: { edges: { node: { two: Page } }[] } } }>(
      api.url,
      `query($n: Int!) { agents(first: 10) { edges { node { two: versions(first: $n) { edges { node { semver } } pageInfo { hasNextPage } } } } } }`,
      { n: 3 },
      t.ownerKey,
    );
    const rowsAgain = again.body.data?.agents.edges ?? [];
    expect(rowsAgain).toHaveLength(3);
    for (const { node } of rowsAgain) expect(node.two.edges).toHaveLength(3);
  });
});

describe('cursors a client made up', () => {
  it('are BAD_USER_INPUT in every connection of the schema, whatever their tag and value: never INTERNAL_SERVER_ERROR', async () => {
    const t = await newTenant('Made-up cursors');
    const agent = await t.agent({ slug: 'cursor' });
    await t.version(agent.id, '1.0.0');
    const chunk = (c: string) => Buffer.from(`GPC:${c}`).toString('base64');
    const cursors = [
      'garbage',
      chunk('S:not-a-uuid'),
      chunk('N:5'),
      chunk('N:1e309'),
      chunk('I:5'),
      chunk('D:notadate'),
      chunk('D:99999999999999999'),
      chunk('B:AAAA'),
      chunk('M:x'),
      chunk('O:{"id":5}'),
      chunk('Z:'),
      chunk('T:[1,2,3]'),
      chunk('T:{}'),
      chunk('J:[1,2,3]'),
      chunk('J:{"id":"x"}'),
      chunk('Q:x'),
    ];
    const { schema } = await import('../../src/graphql/schema.js');
    const { callOf } = await import('../schema-calls.js');
    const nothing = () => encodeGlobalIdOf('Agent', '00000000-0000-0000-0000-000000000000');
    const calls = Object.values(schema.getQueryType()?.getFields() ?? {})
      .filter((f) => f.args.some((a) => a.name === 'after'))
      .map((field) => ({ name: field.name, ...callOf({ kind: 'query', field }, nothing) }));
    calls.push({
      name: 'Agent.versions',
      query:
        'query($after: String) { agents(first: 5) { edges { node { versions(first: 2, after: $after) { edges { cursor } } } } } }',
      variables: {},
    });
    expect(calls.length).toBeGreaterThan(20);
    const internal: string[] = [];
    for (const call of calls)
      for (const after of cursors) {
        const { body } = await postGraphQL<{ errors?: { extensions?: { code?: string } }[] }>(
          api.url,
          call.query,
          { ...call.variables, after },
          t.ownerKey,
        );
        const codes = (body.errors ?? []).map((e) => e.extensions?.code);
        if (codes.some((c) => c !== 'BAD_USER_INPUT'))
          internal.push(`${call.name} ${Buffer.from(after, 'base64').toString()}: ${codes.join(',')}`);
      }
    expect(internal).toEqual([]);
  }, 180_000);
});
