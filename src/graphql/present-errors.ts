// One place decides what a client sees of an error. Expected errors keep their message and get
// an `extensions.code`; anything else is a bug: logged with the request id and masked.
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';

export function presentError(error: GraphQLError, requestId: string, log: Logger): GraphQLError {
  const original = error.originalError;
  const code = error.extensions?.code ?? (original instanceof GraphQLError ? original.extensions?.code : undefined);
  const keep = (extensions: Record<string, unknown>) =>
    new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...extensions, requestId },
    });

  if (typeof code === 'string') {
    // `http` (a status such as 413) sets the response's status; yoga leaves it out of the body.
    const rest = { ...(original instanceof GraphQLError ? original.extensions : {}), ...error.extensions };
    return keep({ ...rest, code });
  }
  // Invalid connection arguments (first/last/cursors) and, before execution, the parse,
  // validation and variable-coercion errors of graphql-js: the client's input was wrong.
  const coercion =
    !error.path && (original === undefined || original instanceof TypeError || original instanceof GraphQLError);
  if (original instanceof PothosValidationError || coercion) return keep({ code: 'BAD_USER_INPUT' });

  log.error({ err: original ?? error, path: error.path?.join('.'), requestId }, 'unexpected error');
  return new GraphQLError('Unexpected error.', {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  });
}
