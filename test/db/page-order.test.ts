// The dashboard's page (agents by name, then id) and each agent's versions (newest first, then
// id) are read in the order of an index, so PostgreSQL stops after the page instead of sorting.
// Checked on the statement the API really sends: its plan, with sorting priced out of reach
// (enable_sort and enable_incremental_sort off), has no sort in it.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { onQuery } from '../../src/db/client.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

interface PlanNode {
  'Node Type': string;
  Plans?: PlanNode[];
}
const nodeTypes = (node: PlanNode): string[] => [node['Node Type'], ...(node.Plans ?? []).flatMap(nodeTypes)];

/** The node types of the plan of the one statement `run` sends that selects from `table`. */
async function planOf(table: string, run: () => Promise<unknown>): Promise<string[]> {
  const sent: { sql: string; params: string }[] = [];
  const stop = onQuery((sql, params) => {
    if (sql.includes(`FROM "public"."${table}" AS "t0"`)) sent.push({ sql, params });
  });
  try {
    await run();
  } finally {
    stop();
  }
  expect(sent).toHaveLength(1);
  const [{ sql, params }] = sent as [{ sql: string; params: string }];
  const client = new pg.Client({ connectionString: api.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_sort = off');
    await client.query('SET LOCAL enable_incremental_sort = off');
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, JSON.parse(params));
    await client.query('ROLLBACK');
    return nodeTypes((rows[0]['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan);
  } finally {
    await client.end();
  }
}

describe('page order', () => {
  it("reads the dashboard's agents and their newest versions in index order, without a sort", async () => {
    const t = await newTenant('Page order');
    await t.agent({ slug: 'ordered' });
    const types = await planOf('Agent', () =>
      postGraphQL(
        api.url,
        `{ agents(first: 50) { edges { node { name currentVersion { semver } versions(first: 3) { edges { node { semver } } } } } } }`,
        {},
        t.ownerKey,
      ),
    );
    expect(types).toContain('Limit');
    expect(types.filter((type) => type.includes('Sort'))).toEqual([]);
  });
});
