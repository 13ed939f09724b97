// What an operation may ask for, checked before anything runs. The document's shape is bounded
// by GraphQL Armor (tokens while parsing; depth, aliases and directives while validating); its
// cost (src/graphql/cost.ts) against QUERY_MAX_COST; then the cost is spent from the caller's
// rate-limit window (src/modules/rate-limits). Each refusal is a coded error. Every result says
// what it cost in `extensions.cost`, and every HTTP response carries the X-RateLimit-* headers.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { type ExecutionArgs, type ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { consumeRateLimit, type RateLimitState, rateLimitSubject } from '../modules/rate-limits/rate-limit.store.js';
import type { RequestContext } from './context.js';
import { operationCost } from './cost.js';
import { codedError } from './errors.js';

type Limits = Pick<
  Config,
  | 'QUERY_MAX_COST'
  | 'QUERY_MAX_DEPTH'
  | 'QUERY_MAX_ALIASES'
  | 'QUERY_MAX_TOKENS'
  | 'QUERY_MAX_DIRECTIVES'
  | 'RATE_LIMIT_POINTS'
  | 'RATE_LIMIT_ANONYMOUS_POINTS'
  | 'RATE_LIMIT_WINDOW_SECONDS'
>;

const tooComplex = (message: string, extensions: Record<string, unknown>) => {
  const error = codedError('QUERY_TOO_COMPLEX', message);
  Object.assign(error.extensions, extensions);
  return error;
};

/** Armor's rejections, thrown as QUERY_TOO_COMPLEX with the limit and what was found. */
function shapeLimits(limits: Limits): Plugin[] {
  const reject = (limit: string, max: number) => ({
    exposeLimits: true,
    propagateOnRejection: true,
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        throw tooComplex(error.message.replace(/^Syntax Error: /, ''), { limit, max });
      },
    ],
  });
  return [
    maxTokensPlugin({ n: limits.QUERY_MAX_TOKENS, ...reject('tokens', limits.QUERY_MAX_TOKENS) }),
    maxDepthPlugin({ n: limits.QUERY_MAX_DEPTH, ...reject('depth', limits.QUERY_MAX_DEPTH) }),
    maxAliasesPlugin({ n: limits.QUERY_MAX_ALIASES, ...reject('aliases', limits.QUERY_MAX_ALIASES) }),
    maxDirectivesPlugin({ n: limits.QUERY_MAX_DIRECTIVES, ...reject('directives', limits.QUERY_MAX_DIRECTIVES) }),
  ] as Plugin[];
}

const rateLimitOf = new WeakMap<Request, RateLimitState>();

function costExtension(state: RateLimitState) {
  return { cost: state.cost, limit: state.limit, remaining: state.remaining, resetAt: state.resetAt.toISOString() };
}

function withCost(result: ExecutionResult, state: RateLimitState): ExecutionResult {
  return { ...result, extensions: { ...result.extensions, cost: costExtension(state) } };
}

/**
 * Costs the operation and spends it from the caller's window; a refusal is the result. Shared by
 * queries, mutations and subscriptions (a subscription pays once, when it starts).
 */
async function admit(args: ExecutionArgs, limits: Limits): Promise<ExecutionResult | null> {
  const ctx = args.contextValue as RequestContext;
  let cost = 1;
  try {
    ({ cost } = operationCost(args.schema, args.document, args.variableValues, args.operationName));
  } catch (error) {
    // A refusal of ours (too many IDs) is the answer. Variables the walk cannot coerce fail
    // execution with graphql-js's own error; that attempt still costs the minimum.
    if (error instanceof GraphQLError && error.extensions.code) return { errors: [error] };
  }
  if (cost > limits.QUERY_MAX_COST) {
    return {
      errors: [
        tooComplex(`This operation costs ${cost} points; at most ${limits.QUERY_MAX_COST} are allowed per operation.`, {
          limit: 'cost',
          cost,
          max: limits.QUERY_MAX_COST,
        }),
      ],
    };
  }
  const limit = ctx.viewer ? limits.RATE_LIMIT_POINTS : limits.RATE_LIMIT_ANONYMOUS_POINTS;
  const state = await consumeRateLimit(
    rateLimitSubject(ctx.viewer, ctx.clientAddress),
    cost,
    limit,
    limits.RATE_LIMIT_WINDOW_SECONDS,
  );
  ctx.rateLimit = state;
  if (ctx.request) rateLimitOf.set(ctx.request, state);
  if (state.allowed) return null;
  const retryAfter = Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000));
  const error = codedError(
    'RATE_LIMITED',
    `Rate limit exceeded: this operation costs ${cost} points and ${state.remaining} of ${limit} remain until ${state.resetAt.toISOString()}.`,
  );
  Object.assign(error.extensions, {
    http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
    retryAfter,
    cost: costExtension(state),
  });
  return { errors: [error] };
}

export function useOperationLimits(limits: Limits): Plugin[] {
  const costPlugin: Plugin = {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await admit(args, limits);
      if (refused) {
        setResultAndStopExecution(refused);
        return;
      }
      const state = (args.contextValue as unknown as RequestContext).rateLimit;
      if (!state) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!isAsyncIterable(result)) setResult(withCost(result, state));
        },
      };
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await admit(args, limits);
      if (refused) setResultAndStopExecution(refused);
    },
    onResponse({ request, response }) {
      const state = rateLimitOf.get(request);
      if (!state) return;
      response.headers.set('x-ratelimit-limit', String(state.limit));
      response.headers.set('x-ratelimit-remaining', String(state.remaining));
      response.headers.set('x-ratelimit-used', String(state.used));
      response.headers.set('x-ratelimit-reset', String(Math.ceil(state.resetAt.getTime() / 1000)));
    },
  };
  return [...shapeLimits(limits), costPlugin];
}
