// A Yoga plugin: each operation's duration and outcome, errors by code, and the operation's name
// and caller for the access log.
import type { IncomingMessage } from 'node:http';
import { type GraphQLError, getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { RequestContext } from '../graphql/context.js';
import { graphqlErrors, operationDuration, operationLabel } from './metrics.js';
import { callerLabel, requestInfo } from './request-info.js';

export function useMetrics(): Plugin<RequestContext & { req?: IncomingMessage }> {
  const started = (args: { document: unknown; operationName?: string | null; contextValue: unknown }) => {
    const operation = getOperationAST(args.document as never, args.operationName);
    const ctx = args.contextValue as RequestContext & { req?: IncomingMessage };
    const name = operation?.name?.value ?? args.operationName ?? null;
    const type = operation?.operation ?? 'query';
    if (ctx.req)
      Object.assign(requestInfo(ctx.req), {
        operation: name ?? undefined,
        operationType: type,
        caller: callerLabel(ctx.viewer),
        requestId: ctx.requestId,
      });
    const end = operationDuration.startTimer({ operation: operationLabel(name), type });
    return (errors: readonly unknown[] | undefined) => end({ outcome: errors?.length ? 'error' : 'ok' });
  };
  return {
    onExecute({ args }) {
      const done = started(args);
      return {
        onExecuteDone({ result }) {
          if (!isAsyncIterable(result)) done(result.errors);
        },
      };
    },
    onSubscribe({ args }) {
      const done = started(args);
      return {
        onSubscribeResult({ result }) {
          done(isAsyncIterable(result) ? undefined : (result as { errors?: unknown[] }).errors);
        },
      };
    },
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : isAsyncIterable(result) ? [] : [result];
      for (const r of results)
        for (const e of (r as { errors?: GraphQLError[] }).errors ?? [])
          graphqlErrors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
    },
  };
}
