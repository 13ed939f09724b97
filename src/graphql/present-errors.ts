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
/**
 * The database cannot be reached or is going away (shutting down, restarting, out of
 * connections): not the request's fault, and worth retrying. PostgreSQL's SQLSTATEs (class 08 is
 * "connection exception"), the driver adapter's kinds for a socket that failed, and Prisma's codes.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
/** Seconds a client is asked to wait before retrying while the database is unavailable. */
const UNAVAILABLE_RETRY_AFTER = '5';

function databaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  const sqlstate = postgresCode(error);
  if (sqlstate && (UNAVAILABLE_SQLSTATES.has(sqlstate) || sqlstate.startsWith('08'))) return true;
  const kind = e?.meta?.driverAdapterError?.cause?.kind;
  if (kind && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
  if (typeof e?.code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code)))
    return true;
  // pg's own words for a connection that went away under a query.
  return (
    typeof e?.message === 'string' && /Connection terminated|Client has encountered a connection error/.test(e.message)
  );
}

/** An error of ours thrown outside a mutation's result union (a query resolver, a loader). */
function codeOf(original: unknown): { code: string; message?: string; extensions?: Record<string, unknown> } | null {
  if (original instanceof ValidationError) return { code: 'BAD_USER_INPUT', extensions: { issues: original.issues } };
  if (original instanceof BaseError) return { code: original.code };
  const sqlstate = postgresCode(original);
  if (sqlstate && BAD_INPUT_SQLSTATES.has(sqlstate))
    return { code: 'BAD_USER_INPUT', message: 'An argument holds a value the database cannot store or compare.' };
  if (sqlstate === TIMEOUT_SQLSTATE)
    return { code: 'TIMEOUT', message: 'The operation took too long and was cancelled; ask for less.' };
  if (databaseUnavailable(original))
    return {
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable; try again shortly.',
      // `http` sets the response's status and headers; yoga leaves it out of the body.
      extensions: { http: { status: 503, headers: { 'Retry-After': UNAVAILABLE_RETRY_AFTER } } },
    };
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
        extensions: { ...ours.extensions, code: ours.code, requestId },
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
