// graphql-ws on the HTTP server's /graphql path, running operations through the same yoga
// instance (same schema, plugins, context and auth). Credentials come from `connectionParams`
// (`{ authorization: "Bearer <key or JWT>" }`) or the upgrade request's Authorization header.
import type { Server } from 'node:http';
import { type ExecutionArgs, type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { isAsyncIterable } from 'graphql-yoga';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { assertSubscriptionQuota, guardSubscription, watchCredential } from '../auth/credential-watch.js';
import { config } from '../config.js';
import { websocketConnections } from '../observability/metrics.js';
import type { RequestContext } from './context.js';
import { codedError } from './errors.js';
import { presentError } from './present-errors.js';
import { SharedSubscriptions, type Sink, shareKey } from './shared-subscriptions.js';
import { type createGraphQLHandler, requestIdOf } from './yoga.js';

function authorizationOf(params: Record<string, unknown> | undefined, header: string | undefined): string | null {
  const given = params?.authorization ?? params?.Authorization ?? header;
  if (typeof given !== 'string' || !given.trim()) return null;
  return /^bearer\s/i.test(given) ? given : `Bearer ${given}`;
}

const asGraphQLError = (error: unknown) =>
  error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.', { originalError: error as Error });

/**
 * Browsers send `Origin` on a WebSocket upgrade: only CORS_ORIGINS may connect, exactly as only
 * they may call over HTTP (no Origin: not a browser, as for HTTP requests without one).
 */
export function originAllowed(origin: string | undefined, allowed: string[]): boolean {
  return !origin || allowed.includes(origin);
}

export function attachWebSocketServer(
  server: Server,
  yoga: ReturnType<typeof createGraphQLHandler>,
  log: Logger,
  corsOrigins: string[] = [],
) {
  const cfg = config();
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    // The HTTP body limit applies to every message: a larger one closes the socket (1009).
    maxPayload: cfg.REQUEST_MAX_BYTES,
    verifyClient: ({ origin }: { origin?: string }) => originAllowed(origin, corsOrigins),
  });
  wss.on('connection', (socket) => {
    websocketConnections.inc();
    socket.once('close', () => websocketConnections.dec());
  });
  type Root = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };
  const shared = new SharedSubscriptions();
  const CLOSING = Buffer.from('}');
  const shareKeys = new WeakMap<object, { key: string; sink: Sink }>();
  /** Errors as this subscriber sees them: coded, with its own request id. */
  const presented = (result: ExecutionResult, requestId: string) =>
    result.errors?.length
      ? { ...result, errors: result.errors.map((e) => presentError(e, requestId, log).toJSON()) }
      : result;
  /**
   * Writes a shared result straight to the subscriber's socket as graphql-transport-ws `next`
   * message, a text frame: the group's JSON bytes between this operation's opening (encoded once,
   * when it subscribed) and a closing brace — nothing is re-serialized or re-encoded per
   * subscriber. Only while the operation is open; a socket that has not taken what it was sent
   * (WEBSOCKET_MAX_BUFFERED_BYTES) is closed rather than buffered without bound.
   */
  const sinkOf = (socket: WebSocket, subscriptions: Record<string, unknown>, id: string, requestId: string): Sink => {
    const opening = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    const openingBytes = Buffer.from(opening);
    return (result, json) => {
      if (!(id in subscriptions) || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > cfg.WEBSOCKET_MAX_BUFFERED_BYTES) {
        socket.close(1013, 'Messages are not being read: the connection fell too far behind.');
        return;
      }
      if (json) socket.send(Buffer.concat([openingBytes, json, CLOSING]), { binary: false });
      else socket.send(`${opening}${JSON.stringify(presented(result, requestId))}}`);
    };
  };
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as Root).execute(args) as never,
      subscribe: async (args) => {
        const start = () => (args.rootValue as Root).subscribe(args) as never;
        const shares = shareKeys.get(args.contextValue as object);
        const { viewer } = args.contextValue as RequestContext;
        // Each subscriber's stream (not the shared one) ends with its own credential.
        if (shares && viewer)
          return shared.subscribe(shares.key, start, shares.sink, (end) =>
            guardSubscription(viewer, (error) => end({ errors: [error] })),
          ) as never;
        const result = await start();
        return (isAsyncIterable(result) ? watchCredential(viewer, result as never) : result) as never;
      },
      onSubscribe: async (ctx, id, payload) => {
        const authorization = authorizationOf(ctx.connectionParams, ctx.extra.request.headers.authorization);
        const request = new Request('http://websocket/graphql', { headers: authorization ? { authorization } : {} });
        const requestId = requestIdOf(request);
        try {
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            transport: 'websocket',
            request,
            params: payload,
          });
          const document = parse(payload.query);
          const errors = validate(schema, document);
          if (errors.length) return errors.map((e: GraphQLError) => presentError(e, requestId, log));
          const open = Object.keys(ctx.subscriptions).length;
          if (open > cfg.SUBSCRIPTIONS_MAX_PER_CONNECTION)
            throw codedError(
              'RATE_LIMITED',
              `This connection holds ${open - 1} operations, the most allowed (SUBSCRIPTIONS_MAX_PER_CONNECTION).`,
            );
          const contextValue = await contextFactory();
          if (getOperationAST(document, payload.operationName)?.operation === 'subscription')
            assertSubscriptionQuota((contextValue as RequestContext).viewer, cfg.SUBSCRIPTIONS_MAX_PER_CALLER);
          const key = shareKey((contextValue as RequestContext).viewer, payload);
          if (key)
            shareKeys.set(contextValue, {
              key,
              sink: sinkOf(ctx.extra.socket, ctx.subscriptions, id, requestId),
            });
          return {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue,
            rootValue: { execute, subscribe },
          };
        } catch (error) {
          return [presentError(asGraphQLError(error), requestId, log)];
        }
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return;
        return presented(result, (args.contextValue as RequestContext).requestId) as never;
      },
    },
    wss,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
