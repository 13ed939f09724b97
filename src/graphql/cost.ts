// What an operation costs, before it runs. The walk is @pothos/plugin-complexity's; the model is
// ours and it is GitHub's node count: a connection costs the page it asks for, and what is
// selected under it is multiplied by that page (`agents(first: 50) { versions(first: 10) }` is
// 50 + 50 × 10 = 550). `nodes(ids:)` costs its IDs. Fields that do real work whatever they return
// carry their own weight (`complexity:` on the field, e.g. verifyActivityChain). Everything else
// costs nothing on its own; the token and alias limits bound how many of those a document names.
// An operation costs at least 1.
import { createComplexityRule, type FieldComplexityValue } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  validate,
  visit,
} from 'graphql';
import { config } from '../config.js';
import { codedError } from './errors.js';

/** What a connection without `first`/`last` returns (the Prisma plugin's default page). */
export const DEFAULT_PAGE_SIZE = 20;

export function fieldCost<C>(args: Record<string, unknown>, _ctx: C, field: GraphQLField<unknown, C>) {
  const named = getNamedType(field.type);
  if (named.name.endsWith('Connection')) {
    const asked = [args.first, args.last].find((n): n is number => typeof n === 'number');
    const page = Math.max(0, asked ?? DEFAULT_PAGE_SIZE);
    return { field: page, multiplier: page } satisfies FieldComplexityValue;
  }
  if (field.name === 'nodes' && Array.isArray(args.ids)) {
    const max = config().NODES_MAX_IDS;
    if (args.ids.length > max)
      throw codedError('BAD_USER_INPUT', `nodes takes at most ${max} IDs (got ${args.ids.length}).`);
    return { field: args.ids.length, multiplier: args.ids.length } satisfies FieldComplexityValue;
  }
  // Lists that are not connections (edges, a manifest's tools, a decision's matched policies)
  // are bounded by what holds them: their items are counted once each level. A list under which
  // a connection can be selected declares its bound instead (listOfAtMost).
  if (isListType(getNullableType(field.type))) return { field: 0, multiplier: 1 } satisfies FieldComplexityValue;
  return 0;
}

/**
 * The cost of a list that is not a connection, for a list under which a connection or a weighted
 * field can be selected: what is selected under it counts once per item it can hold, at most
 * `bound` — a bound its data keeps to (a cap where it is written, or a LIMIT where it is read).
 * test/server/limits.test.ts finds every such list in the schema and expects it to declare one.
 */
export const listOfAtMost = (bound: number) => ({ field: 0, multiplier: bound }) satisfies FieldComplexityValue;

export interface OperationCost {
  cost: number;
  depth: number;
}

const cache = new WeakMap<DocumentNode, Map<string, OperationCost>>();

/** The arguments fieldCost reads. A weight that reads another argument must be added here. */
const COSTED_ARGUMENTS = new Set(['first', 'last', 'ids']);
const costVariablesOf = new WeakMap<DocumentNode, string[]>();

/**
 * The variables of `document` that can change its cost: those used in a costed argument. Others
 * (a mutation's input, a filter) do not, so requests that differ only in them share one result.
 */
function costVariables(document: DocumentNode): string[] {
  let names = costVariablesOf.get(document);
  if (!names) {
    const found = new Set<string>();
    visit(document, {
      Argument(node) {
        if (!COSTED_ARGUMENTS.has(node.name.value)) return false;
        visit(node.value, {
          Variable(variable) {
            found.add(variable.name.value);
          },
        });
        return false;
      },
    });
    names = [...found].sort();
    costVariablesOf.set(document, names);
  }
  return names;
}

/**
 * The cost of the operation `operationName` of `document` with `variables`. Results are kept per
 * parsed document (yoga reuses the parsed document of a query it has seen) and the values of its
 * costed variables. Throws the walk's own error for a document or variables it cannot cost
 * (graphql-js then reports the cause); such a result is never kept.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
): OperationCost {
  let byVariables = cache.get(document);
  if (!byVariables) {
    byVariables = new Map();
    cache.set(document, byVariables);
  }
  const key = JSON.stringify([operationName ?? null, costVariables(document).map((name) => variables?.[name] ?? null)]);
  let result = byVariables.get(key);
  if (!result) {
    let measured: OperationCost = { cost: 1, depth: 0 };
    const errors = validate(schema, document, [
      createComplexityRule({
        context: {},
        variableValues: variables ?? {},
        operationName,
        validate: () => {},
        onResult: ({ complexity, depth }) => {
          measured = { cost: Math.max(1, complexity), depth };
        },
      }),
    ]);
    if (errors.length) throw errors[0] as Error; // bad variables of this request: not kept
    result = measured;
    // Costed variables differ per request: keep a bounded number per document.
    if (byVariables.size >= 100) byVariables.clear();
    byVariables.set(key, result);
  }
  return result;
}
