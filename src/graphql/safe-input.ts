// Text PostgreSQL cannot store, and values too deep to handle, are refused where they enter:
// NUL characters (PostgreSQL rejects them in text and in jsonb), lone UTF-16 surrogates (not
// Unicode: they cannot be encoded as UTF-8), and nesting deeper than MAX_DEPTH (recursive code
// further on would overflow the stack). The walk is iterative, so it cannot overflow itself.
// Mutations check their input with it in parseInput (a ValidationError in the result); queries
// and subscriptions check their arguments in useSafeInput (BAD_USER_INPUT).
import { type DocumentNode, type ExecutionArgs, Kind, type ValueNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { codedError, type ValidationIssue } from './errors.js';

export const MAX_DEPTH = 64;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it contains a lone UTF-16 surrogate)';
  return null;
}

/** Every problem of `value` (strings, object keys and nesting), with its path under `root`. */
export function unsafeInputIssues(value: unknown, root: string[] = []): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: root }];
  while (stack.length && issues.length < 20) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) issues.push({ path, message: problem });
    } else if (v !== null && typeof v === 'object') {
      if (path.length - root.length >= MAX_DEPTH) {
        issues.push({ path, message: `must not be nested more than ${MAX_DEPTH} levels deep` });
        continue;
      }
      for (const [key, child] of Object.entries(v)) {
        const problem = textProblem(key);
        if (problem) issues.push({ path: [...path, key], message: `key ${problem}` });
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return issues;
}

const literalIssues = new WeakMap<DocumentNode, string | null>();

/** The first problem of the string literals in `document` (kept per parsed document). */
function documentProblem(document: DocumentNode): string | null {
  let found = literalIssues.get(document);
  if (found === undefined) {
    found = null;
    visit(document, {
      StringValue(node) {
        const problem = textProblem(node.value);
        if (problem && !found) found = `a string argument ${problem}`;
      },
      ObjectValue(node: ValueNode) {
        if (!found && depthOf(node) > MAX_DEPTH) found = nestingProblem;
      },
    });
    literalIssues.set(document, found);
  }
  return found;
}

const nestingProblem = `an argument must not be nested more than ${MAX_DEPTH} levels deep`;

function depthOf(node: ValueNode): number {
  let depth = 0;
  let level: ValueNode[] = [node];
  while (level.length) {
    depth++;
    if (depth > MAX_DEPTH) return depth;
    level = level.flatMap((n) =>
      n.kind === Kind.OBJECT ? n.fields.map((f) => f.value) : n.kind === Kind.LIST ? [...n.values] : [],
    );
  }
  return depth;
}

function refusal(args: ExecutionArgs) {
  const operation = args.document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
  );
  // Mutations answer with a ValidationError in their result (parseInput).
  if (operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'mutation') return null;
  const issue = unsafeInputIssues(args.variableValues ?? {}, ['variables'])[0];
  if (issue) return codedError('BAD_USER_INPUT', `${issue.path.join('.')}: ${issue.message}`);
  const problem = documentProblem(args.document);
  return problem ? codedError('BAD_USER_INPUT', problem) : null;
}

export function useSafeInput(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
