// graphql-yoga with request ids and error presentation. Auth happens once per request, when the
// context is built.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { createYoga, isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { authenticate } from '../auth/authenticate.js';
import { assertSubscriptionQuota, watchCredential } from '../auth/credential-watch.js';
import { config } from '../config.js';
import { useMetrics } from '../observability/graphql-metrics.js';
import { tracingPlugins } from '../observability/tracing.js';
import { useBodySizeLimit } from './body-limit.js';
import type { RequestContext } from './context.js';
import { yogaCors } from './cors.js';
import { graphiqlOptions, renderGraphiQL } from './graphiql.js';
import { useOperationLimits } from './operation-limits.js';
import { presentError } from './present-errors.js';
import { useResponseCache } from './response-cache.js';
import { useSafeInput } from './safe-input.js';
import { schema } from './schema.js';

export interface YogaOptions {
  log: Logger;
  corsOrigins: string[];
  /** Pre-filled in GraphiQL's headers (the embedded default's demo key only). */
  graphiqlApiKey?: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;
const requestIds = new WeakMap<Request, string>();

/** The caller's x-request-id when it is a sensible one, else a new id. */
export function requestIdOfHeaders(given: string | string[] | null | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    id = requestIdOfHeaders(request.headers.get('x-request-id'));
    requestIds.set(request, id);
  }
  return id;
}

function useRequestIds(log: Logger): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      const requestId = requestIdOf(request);
      const present = (r: ExecutionResult): ExecutionResult =>
        r.errors?.length ? { ...r, errors: r.errors.map((e) => presentError(e as GraphQLError, requestId, log)) } : r;
      if (Array.isArray(result)) setResult(result.map(present));
      else if (!isAsyncIterable(result)) setResult(present(result as ExecutionResult));
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}

/** The server context: node's request, for the client's address. */
export interface ServerContext {
  req?: IncomingMessage;
}

export function clientAddressOf(req: IncomingMessage | undefined): string {
  return req?.socket?.remoteAddress ?? 'unknown';
}

export function isLoopback(address: string): boolean {
  return /^(127\.|::1$|::ffff:127\.)/.test(address);
}

/**
 * Subscriptions over SSE end with their credential and count toward the caller's cap (over
 * WebSocket, websocket.ts does both per subscriber, after fan-out sharing).
 */
function useSseCredentialWatch(maxPerCaller: number): Plugin {
  return {
    onSubscribe({ args }) {
      const ctx = args.contextValue as unknown as RequestContext & { transport?: string };
      if (ctx.transport === 'websocket') return;
      assertSubscriptionQuota(ctx.viewer, maxPerCaller);
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(watchCredential(ctx.viewer, result) as never);
        },
      };
    },
  };
}

export function createGraphQLHandler(options: YogaOptions) {
  const cfg = config();
  return createYoga<ServerContext, RequestContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Limited by useBodySizeLimit, which counts only bodies without a Content-Length.
    maxRequestBodySize: false,
    // Errors are presented by useRequestIds, which also knows the request id.
    maskedErrors: false,
    logging: options.log,
    cors: yogaCors(options.corsOrigins),
    // The demo key goes only into a page served to this machine (a loopback client).
    graphiql: (_request, serverContext) =>
      graphiqlOptions(
        options.graphiqlApiKey && isLoopback(clientAddressOf(serverContext?.req)) ? options.graphiqlApiKey : null,
      ),
    renderGraphiQL,
    context: async ({ request, req }) => {
      const requestId = requestIdOf(request);
      return {
        requestId,
        clientAddress: clientAddressOf(req),
        log: options.log.child({ requestId }),
        viewer: await authenticate(request.headers.get('authorization')),
      };
    },
    plugins: [
      useRequestIds(options.log),
      ...tracingPlugins(),
      useMetrics(),
      useBodySizeLimit(cfg.REQUEST_MAX_BYTES),
      useSafeInput(),
      ...(cfg.OPERATION_LIMITS === 'on' ? useOperationLimits(cfg) : []),
      // After the limits: a cached answer is paid for like any other.
      ...(cfg.RESPONSE_CACHE === 'on' ? [useResponseCache(cfg.RESPONSE_CACHE_MAX_ENTRIES)] : []),
      useSseCredentialWatch(cfg.SUBSCRIPTIONS_MAX_PER_CALLER),
    ],
  });
}
