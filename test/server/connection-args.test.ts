// A nested connection's query is computed once per request and field (patches/@pothos+plugin-prisma,
// not once per parent row): its arguments come from the field's node and the variables, so every
// row of one field shares them, and two aliases of the same relation keep their own.
import { describe, expect, it } from 'vitest';
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
