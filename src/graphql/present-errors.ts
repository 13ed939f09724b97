// One place decides what a client sees of an error. Expected errors keep their message and get
// an `extensions.code`; anything else is a bug: logged with the request id and masked.
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { postgresCode } from '../db/transaction.js';
import { BaseError, ValidationError } from './errors.js';

/** PostgreSQL's answers to input it cannot take, should one get past validation. */
const BAD_INPUT_SQLSTATES = new Set(['22021', '22P05', '22P02', '22001', '22003', '22007', '22008', '2201B', '54001']);
/** The statement timeout (DB_STATEMENT_TIMEOUT_MS) or a cancelled query. */
const TIMEOUT_SQLSTATE = '57014';

/** An error of ours thrown outside a mutation's result union (a query resolver, a loader). */
function codeOf(original: unknown): { code: string; message?: string; extensions?: Record<string, unknown> } | null {
  if (original instanceof ValidationError) return { code: 'BAD_USER_INPUT', extensions: { issues: original.issues } };
  if (original instanceof BaseError) return { code: original.code };
  const sqlstate = postgresCode(original);
  if (sqlstate && BAD_INPUT_SQLSTATES.has(sqlstate))
    return { code: 'BAD_USER_INPUT', message: 'An argument holds a value the database cannot store or compare.' };
  if (sqlstate === TIMEOUT_SQLSTATE)
    return { code: 'TIMEOUT', message: 'The operation took too long and was cancelled; ask for less.' };
  return null;
}

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
  const ours = codeOf(original);
  if (ours) {
    log.warn({ err: original, path: error.path?.join('.'), requestId, code: ours.code }, 'request refused');
    if (ours.message)
      return new GraphQLError(ours.message, {
        nodes: error.nodes,
        path: error.path,
        extensions: { code: ours.code, requestId },
      });
    return keep({ ...ours.extensions, code: ours.code });
  }

  log.error({ err: original ?? error, path: error.path?.join('.'), requestId }, 'unexpected error');
  return new GraphQLError('Unexpected error.', {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  });
}
