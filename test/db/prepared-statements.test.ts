// Prisma's statements are prepared once per connection (DB_PREPARED_STATEMENTS): a SQL text used
// a third time gets a name, and PostgreSQL parses and plans it the first time a connection sends
// it named, then only binds and runs it. At most that many distinct texts get a name, so the
// cache is bounded.
import { describe, expect, it } from 'vitest';
import { onQuery, PREPARE_AFTER_USES, statementNames } from '../../src/db/client.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

useTestApi();

describe('prepared statements', () => {
  it('prepares a statement Prisma sends again on the connection that sends it, once', async () => {
    const t = await newTenant('Prepared');
    const sent = new Set<string>();
    const prepared = await prisma.$transaction(async (tx) => {
      // One transaction: every statement below runs on the same connection.
      const stop = onQuery((sql) => sent.add(sql));
      for (let i = 0; i < PREPARE_AFTER_USES + 2; i++)
        await tx.agent.findMany({ where: { organizationId: t.organization.id }, select: { id: true, name: true } });
      stop();
      return tx.$queryRaw<{ name: string }[]>`
        SELECT name FROM pg_prepared_statements WHERE statement = ANY(${[...sent]})`;
    });
    expect(sent.size).toBe(1);
    expect(prepared).toHaveLength(1);
    expect(prepared[0]?.name).toMatch(/^agg_/);
  });

  it('names a statement from its third use, the same SQL the same way, and at most `max` statements', () => {
    const name = statementNames(2);
    const uses = (sql: string) => Array.from({ length: PREPARE_AFTER_USES }, () => name({ sql }));
    expect(uses('SELECT 1')).toEqual(['', '', expect.stringMatching(/^agg_[\w-]{32}$/)]);
    const a = name({ sql: 'SELECT 1' });
    expect(uses('SELECT 1')).toEqual([a, a, a]);
    expect(uses('SELECT 2').at(-1)).not.toBe(a);
    expect(uses('SELECT 3')).toEqual(['', '', '']);
    expect(name({ sql: 'SELECT 1' })).toBe(a);
    expect(Array.from({ length: 5 }, () => statementNames(0)({ sql: 'SELECT 1' }))).toEqual(['', '', '', '', '']);
  });
});
