// Races, searched for rather than listed: every mutation of the schema is sent several times at
// once with the same arguments (made from its input types and the organization's own IDs, as
// in test/events/every-mutation.test.ts), so that each check-then-write meets its twin. Whatever
// wins, no answer may be INTERNAL_SERVER_ERROR or a 5xx: a unique index or a lock that a twin
// hits is a typed error (ConflictError, or the answer a retry would get). A new mutation is
// covered the day it is added.
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { useTestApi } from '../harness.js';
import { callOf, ENDS, endingLast, populatedTenant, send } from '../schema-calls.js';
import type { Tenant } from '../seed.js';

const api = useTestApi();
const TWINS = Number(process.env.TWINS ?? 6);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

type Answer = Awaited<ReturnType<typeof send>>;
const succeeded = ({ body }: Answer, field: string) => {
  const result = (body.data as Record<string, { code?: string }> | null)?.[field];
  return !!result && !result.code && !body.errors?.length;
};
const internal = ({ status, body }: Answer) =>
  status >= 500 || (body.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
const twins = (query: string, variables: unknown, key: string) =>
  Promise.all(Array.from({ length: TWINS }, () => send(api.url, query, variables, key)));
/**
 * Closing, cancelling, revoking, archiving … is a transition out of a state: one twin makes it,
 * the others find it made (one event, not six) — unless the call is idempotent by design, which
 * the same call made once more, alone, shows by succeeding. The twins that succeeded, when too many.
 */
async function endedTwice(field: string, answers: Answer[], query: string, variables: unknown, key: string) {
  const ok = answers.filter((a) => succeeded(a, field)).length;
  if (ok <= 1 || succeeded(await send(api.url, query, variables, key), field)) return null;
  return `${field}: ${ok} of ${TWINS}`;
}

let t: Tenant;
let own: (position: string) => string;
beforeAll(async () => {
  ({ t, own } = await populatedTenant(api.url, 'Twins', 't'));
}, 120_000);

describe('every mutation sent several times at once with the same arguments', () => {
  it('never answers INTERNAL_SERVER_ERROR or a 5xx; a call that ends something succeeds once', async () => {
    const mutations = endingLast(Object.values(schema.getMutationType()?.getFields() ?? {}));
    const broken: string[] = [];
    const twice: string[] = [];
    let someSucceeded = 0;
    for (const field of mutations) {
      const { query, variables } = callOf({ kind: 'mutation', field }, own);
      const answers = await twins(query, variables, t.ownerKey);
      for (const a of answers.filter(internal))
        broken.push(`${field.name}: ${a.status} ${JSON.stringify(a.body.errors)}`);
      if (answers.some((a) => succeeded(a, field.name))) someSucceeded++;
      const again = ENDS.test(field.name) && (await endedTwice(field.name, answers, query, variables, t.ownerKey));
      if (again) twice.push(again);
    }
    expect(broken).toEqual([]);
    expect(twice).toEqual([]);
    // The walk got far enough to mean something (test/events/every-mutation.test.ts: about half).
    expect(someSucceeded).toBeGreaterThan(40);
  }, 300_000);

  it('a call that ends something, on an organization where its object is still open, succeeds once', async () => {
    // The walk above reaches the ending calls after earlier ones ended some of their objects;
    // here each gets an organization of its own.
    const endings = Object.values(schema.getMutationType()?.getFields() ?? {}).filter((f) => ENDS.test(f.name));
    const twice: string[] = [];
    const reached: string[] = [];
    for (const [i, field] of endings.entries()) {
      const fresh = await populatedTenant(api.url, `Twins ${field.name}`, `e${i}`);
      const { query, variables } = callOf({ kind: 'mutation', field }, fresh.own);
      const answers = await twins(query, variables, fresh.t.ownerKey);
      if (answers.some((a) => succeeded(a, field.name))) reached.push(field.name);
      const again = await endedTwice(field.name, answers, query, variables, fresh.t.ownerKey);
      if (again) twice.push(again);
    }
    expect(twice).toEqual([]);
    // 19 of 31 get as far as their object on filler arguments (the others need an agent's key,
    // a person's JWT or a certification under way).
    expect(reached.length).toBeGreaterThan(15);
  }, 600_000);

  it('every mutation at once, in a shuffled order, round after round: never INTERNAL_SERVER_ERROR or a 5xx', async () => {
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    const broken: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const shuffled = mutations
        .map((field) => ({ field, order: Math.random() }))
        .sort((a, b) => a.order - b.order)
        .map(({ field }) => field);
      const answers = await Promise.all(
        shuffled.map(async (field) => {
          const { query, variables } = callOf({ kind: 'mutation', field }, own);
          return { field: field.name, ...(await send(api.url, query, variables, t.ownerKey)) };
        }),
      );
      for (const a of answers.filter(internal))
        broken.push(`round ${round} ${a.field}: ${a.status} ${JSON.stringify(a.body.errors)}`);
    }
    expect(broken).toEqual([]);
  }, 300_000);

  it.each([
    [
      'createService',
      'CreateServiceInput',
      { key: 'twin-service', name: 'Twin', unit: 'call', unitPrice: '0.01' },
      /already in the catalog/,
    ],
    ['addMember', 'AddMemberInput', { email: 'twin@example.com', name: 'Twin', role: 'VIEWER' }, /pending invitation/],
  ])('%s several times at once: one succeeds, every other twin is a ConflictError saying why', async (field, type, input, why) => {
    const query = `mutation($input: ${type}!) { ${field}(input: $input) { __typename ... on Error { code message } } }`;
    const answers = await twins(query, { input }, t.ownerKey);
    const results = answers.map(
      ({ body }) => (body.data as Record<string, { __typename: string; message?: string }> | null)?.[field],
    );
    expect(answers.flatMap(({ body }) => body.errors ?? [])).toEqual([]);
    expect(results.filter((r) => !r?.message)).toHaveLength(1);
    const refused = results.filter((r) => r?.message);
    expect(refused).toHaveLength(TWINS - 1);
    for (const r of refused) {
      expect(r?.__typename).toBe('ConflictError');
      expect(r?.message).toMatch(why);
    }
  });
});
