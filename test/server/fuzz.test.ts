// Issue 16 §3: every mutation of the schema (and every query with arguments), called with arguments generated from its input
// types out of edge values (NUL, lone surrogates, huge and negative numbers, deep JSON, IDs of
// other types and of nothing), answers with a typed error or a result: never
// INTERNAL_SERVER_ERROR, never a 5xx. FUZZ_RUNS (default 5 per mutation) runs it longer.
import fc from 'fast-check';
import {
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { schema } from '../../src/graphql/schema.js';
import { useTestApi } from '../harness.js';
import { selectionOf as selectionFor } from '../schema-calls.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);

const edgeStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '🙂',
  '\'; DROP TABLE "Agent"; --',
  'x'.repeat(10_001),
  '../../etc/passwd',
  'pii://customers/42',
  // Cursors of the Prisma plugin's format holding values of other types than the field paged on.
  ...['N:5', 'D:notadate', 'O:{"id":5}', 'Z:', 'T:[1,2]', 'J:[1]'].map((c) =>
    Buffer.from(`GPC:${c}`).toString('base64'),
  ),
];
let knownIds: string[] = [];

function deepJson(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryFor(type.ofType, depth);
  const nullable = (a: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 5, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return nullable(fc.array(arbitraryFor(type.ofType, depth + 1), { maxLength: 3 }));
  if (isEnumType(type)) return nullable(fc.constantFrom(...type.getValues().map((v) => v.name)));
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(type.getFields());
    return nullable(
      fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, depth + 1)])), { requiredKeys: [] }),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'String':
        return nullable(fc.oneof(fc.constantFrom(...edgeStrings), fc.string({ unit: 'binary', maxLength: 20 })));
      case 'Int':
        return nullable(fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31), 100, 101));
      case 'Float':
        return nullable(fc.constantFrom(0, -0.5, 1e308, -1e308, 0.1, 1, 5e-324));
      case 'Boolean':
        return nullable(fc.boolean());
      case 'ID':
        return nullable(
          fc.oneof(
            fc.constantFrom(...knownIds),
            fc.constantFrom(
              '',
              '\u0000',
              'QWdlbnQ6bm90LWEtdXVpZA',
              encodeGlobalId('Agent', '00000000-0000-0000-0000-000000000000'),
            ),
            fc.string({ maxLength: 30 }),
          ),
        );
      case 'DateTime':
        return nullable(
          fc.constantFrom(
            '1970-01-01T00:00:00Z',
            '9999-12-31T23:59:59Z',
            new Date().toISOString(),
            '2026-02-30T00:00:00Z',
            '0000-01-01T00:00:00Z',
            '+275760-09-13T00:00:00Z',
            '2026-01-01T00:00:00+14:00',
          ),
        );
      case 'Decimal':
        return nullable(
          fc.constantFrom<unknown>(
            '0',
            '-1',
            '1.5',
            '99999999999999999999.9999999999',
            '0.0000000001',
            '999999999999.999999',
            '1000000000000',
            '1e5',
            '1e400',
            '1e-400',
            '-0',
            'NaN',
            'Infinity',
            ' 1',
            '0x10',
            '1,5',
            1.5,
            1e308,
            true,
          ),
        );
      case 'JSON':
        return nullable(
          fc.constantFrom<unknown>({}, [], 'x', 1, { a: '\u0000' }, { ['\ud800']: 1 }, deepJson(200), {
            deny: ['(a+)+$'],
          }),
        );
      default:
        return fc.constant(null);
    }
  }
  return fc.constant(null);
}

let tenant: Tenant;
beforeAll(async () => {
  tenant = await newTenant('Fuzz');
  const agent = await tenant.agent({ slug: 'fuzz-agent' });
  const other = await newTenant('Fuzz other');
  const foreign = await other.agent({ slug: 'foreign-agent' });
  knownIds = [
    encodeGlobalId('Agent', agent.id),
    encodeGlobalId('Agent', foreign.id),
    encodeGlobalId('Organization', tenant.organization.id),
    encodeGlobalId('User', tenant.owner.id),
  ];
});

const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});

/** The selection of a mutation's result: its union's typenames and every Error's code. */
function selectionOf(field: (typeof mutations)[number]): string {
  const named = getNamedType(field.type);
  if (isUnionType(named)) return '{ __typename ... on Error { code message } }';
  if (isObjectType(named)) return '{ __typename }';
  return '';
}

const queries = Object.values(schema.getQueryType()?.getFields() ?? {}).filter((q) => q.args.length > 0);

/** Calls `field` RUNS times with arguments generated from its types; no answer may be a 5xx or INTERNAL_SERVER_ERROR. */
async function fuzz(kind: 'query' | 'mutation', field: (typeof mutations)[number], selection: string) {
  const args = field.args;
  const argArbitraries = Object.fromEntries(args.map((a) => [a.name, arbitraryFor(a.type)]));
  const variableDefs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `${kind}${variableDefs ? `(${variableDefs})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selection} }`;
  await fc.assert(
    fc.asyncProperty(fc.record(argArbitraries, { requiredKeys: [] }), async (variables) => {
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.ownerKey}` },
        body: JSON.stringify({ query, variables }),
      });
      expect(res.status).toBeLessThan(500);
      const body = (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] };
      const internal = body.errors?.filter((e) => e.extensions.code === 'INTERNAL_SERVER_ERROR') ?? [];
      expect(internal, JSON.stringify(variables).slice(0, 500)).toEqual([]);
    }),
    { numRuns: RUNS },
  );
}

describe('fuzzing every query with arguments', () => {
  it.each(queries.map((q) => [q.name, q] as const))('%s never answers INTERNAL_SERVER_ERROR', (_name, field) =>
    fuzz('query', field, selectionFor(field.type)));
});

describe('fuzzing every mutation', () => {
  it.each(mutations.map((m) => [m.name, m] as const))('%s never answers INTERNAL_SERVER_ERROR', (_name, field) =>
    fuzz('mutation', field, selectionOf(field)));
});
