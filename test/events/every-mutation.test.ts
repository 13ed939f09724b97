// The event spine and "refused means nothing changed", searched for rather than listed: every
// mutation of the schema is called on an organization holding an object of nearly every type,
// with arguments made from its input types and the organization's own IDs. Each call that
// succeeds appended at least one activity event (in its transaction: the event and the change
// commit together); each call refused — an Error of its union or a GraphQL error — changed
// nothing. The only answers that keep a record when they refuse are governance's own
// (ApprovalRequiredError opens the request, PolicyDeniedError raises the violation, and a trial
// task refused for its budget keeps its decision in the log). A new mutation is covered the
// day it is added.
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { prisma, useTestApi } from '../harness.js';
import { callOf, endingLast, populatedTenant, send } from '../schema-calls.js';
import type { Tenant } from '../seed.js';

const api = useTestApi();

/** Columns background work changes on its own: health checks of a deployment, a key's last use. */
const VOLATILE: Record<string, string[]> = {
  Deployment: [
    'nextCheckAt',
    'lastCheckedAt',
    'checks',
    'consecutiveFailures',
    'lastStatusCode',
    'lastLatencyMs',
    'lastError',
    'status',
    'statusChangedAt',
    'updatedAt',
  ],
  ApiKey: ['lastUsedAt'],
};
/** Records a refusal keeps on purpose (see above). */
const KEEPS_RECORD = new Set(['ApprovalRequiredError', 'PolicyDeniedError', 'BudgetExceededError']);

/** One digest per table of what requests changed: events by people and keys, not the system's. */
async function state(organizationId: string, tables: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const where = table === 'ActivityEvent' ? `AND "actorType" <> 'SYSTEM'` : '';
    const [row] = await prisma.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(string_agg(r, '|' ORDER BY r)) AS digest
         FROM (SELECT (to_jsonb(t) - $2::text[])::text AS r FROM "${table}" t WHERE "organizationId" = $1::uuid ${where}) x`,
      organizationId,
      VOLATILE[table] ?? [],
    );
    out[table] = row?.digest ?? '';
  }
  return out;
}

/** `state`, once it has stopped changing (work a call left to the background has finished). */
async function settled(organizationId: string, tables: string[]) {
  let previous = '';
  for (let i = 0; i < 50; i++) {
    const now = await state(organizationId, tables);
    if (JSON.stringify(now) === previous) return now;
    previous = JSON.stringify(now);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the organization never stopped changing');
}

const eventsOf = (organizationId: string) =>
  prisma.activityEvent.count({ where: { organizationId, actorType: { not: 'SYSTEM' } } });

let t: Tenant;
let tables: string[];
let own: (position: string) => string;
beforeAll(async () => {
  ({ t, tables, own } = await populatedTenant(api.url, 'Every mutation', 'e'));
}, 120_000);

describe('every mutation', () => {
  it('appends an activity event when it succeeds, and changes nothing when it is refused', async () => {
    const mutations = endingLast(Object.values(schema.getMutationType()?.getFields() ?? {}));
    const succeeded: string[] = [];
    const withoutEvent: string[] = [];
    const refusedButChanged: string[] = [];
    let refused = 0;
    for (const field of mutations) {
      const { query, variables } = callOf({ kind: 'mutation', field }, own);
      const before = await settled(t.organization.id, tables);
      const events = await eventsOf(t.organization.id);
      const { body } = await send(api.url, query, variables, t.ownerKey);
      const result = (body.data as Record<string, { __typename?: string; code?: string }> | null)?.[field.name];
      const after = await settled(t.organization.id, tables);
      if (body.errors?.length || !result || result.code) {
        refused++;
        const answer = result?.__typename ?? body.errors?.[0]?.extensions?.code ?? 'null';
        const changed = tables.filter((table) => after[table] !== before[table]);
        if (changed.length && !KEEPS_RECORD.has(answer)) refusedButChanged.push(`${field.name} ${answer}: ${changed}`);
      } else {
        succeeded.push(field.name);
        if ((await eventsOf(t.organization.id)) === events) withoutEvent.push(field.name);
      }
    }
    expect(withoutEvent).toEqual([]);
    expect(refusedButChanged).toEqual([]);
    // The walk got far enough to mean something: about half the mutations succeed on filler values.
    expect(succeeded.length).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(30);
  }, 300_000);
});
