// GET /export/activity.ndjson and /export/activity.csv: the log of the caller's organization,
// oldest first, streamed in keyset-paginated batches with back-pressure, so memory stays flat
// however long the log. Needs the audit:read scope. Query parameters: from, to (ISO times),
// verbs (comma-separated), agentId (global ID).
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import type { GraphQLError } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { authenticate } from '../auth/authenticate.js';
import type { Viewer } from '../auth/viewer.js';
import { config } from '../config.js';
import { prisma } from '../db/client.js';
import type { ActivityEvent } from '../generated/prisma/client.js';
import { EXPOSED_HEADERS } from '../graphql/cors.js';
import { decodeGlobalId } from '../graphql/global-id.js';
import { textProblem } from '../graphql/safe-input.js';
import { activityWhere } from '../modules/activity/activity.filter.js';
import { consumeRateLimit, rateLimitSubject } from '../modules/rate-limits/rate-limit.store.js';
import { eventRecord, RECORD_COLUMNS } from './record.js';

const BATCH = 1_000;

/** A CSV cell per column: the record, its payload as JSON text. */
function csvRow(e: ActivityEvent) {
  const record = eventRecord(e);
  return { ...record, payload: JSON.stringify(record.payload) };
}

/** An RFC 7807 problem (the API's error contract outside GraphQL), with the request id. */
export function fail(res: ServerResponse, status: number, code: string, detail: string) {
  const requestId = String(res.getHeader('x-request-id') ?? '');
  res
    .writeHead(status, { 'content-type': 'application/problem+json' })
    .end(JSON.stringify({ type: `urn:agg:error:${code}`, title: code, status, detail, code, requestId }));
}

/** CORS as /graphql does it: an allowed Origin gets the allow and expose headers. */
function cors(req: IncomingMessage, res: ServerResponse, origins: string[]) {
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  if (!origin || !origins.includes(origin)) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
}

/** A time as the GraphQL DateTime scalar takes it (RFC 3339), or a date (its UTC midnight); null if neither. */
function date(value: string | null): Date | null | undefined {
  if (value === null) return undefined;
  try {
    return DateTimeResolver.parseValue(/^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : value) as Date;
  } catch {
    return null;
  }
}

/** What one export costs in rate-limit points (src/graphql/cost.ts prices GraphQL fields). */
export const EXPORT_COST = 1_000;

/**
 * What every export does first: the request id and CORS headers, the caller (audit:read), and
 * EXPORT_COST points of their rate-limit window. The viewer, or null once it answered a problem.
 */
export async function openExport(
  req: IncomingMessage,
  res: ServerResponse,
  options: { corsOrigins: string[]; requestId: string },
): Promise<Viewer | null> {
  res.setHeader('x-request-id', options.requestId);
  cors(req, res, options.corsOrigins);
  let viewer: Awaited<ReturnType<typeof authenticate>>;
  try {
    viewer = await authenticate(req.headers.authorization);
  } catch (error) {
    fail(res, 401, 'UNAUTHENTICATED', (error as GraphQLError).message);
    return null;
  }
  if (!viewer) {
    fail(res, 401, 'UNAUTHENTICATED', 'Authentication required.');
    return null;
  }
  if (!viewer.scopes.has('audit:read')) {
    fail(res, 403, 'FORBIDDEN', 'Exports need the audit:read scope.');
    return null;
  }
  const cfg = config();
  if (cfg.OPERATION_LIMITS === 'on') {
    // An export reads a whole range: it spends EXPORT_COST points of the caller's window.
    const limit = await consumeRateLimit(
      rateLimitSubject(viewer, req.socket.remoteAddress ?? 'unknown'),
      EXPORT_COST,
      cfg.RATE_LIMIT_POINTS,
      cfg.RATE_LIMIT_WINDOW_SECONDS,
    );
    if (!limit.allowed) {
      res.setHeader('retry-after', String(Math.max(1, Math.ceil((limit.resetAt.getTime() - Date.now()) / 1000))));
      fail(
        res,
        429,
        'RATE_LIMITED',
        `Rate limit exceeded: an export costs ${EXPORT_COST} points and ${limit.remaining} remain.`,
      );
      return null;
    }
  }
  return viewer;
}

export async function exportActivity(
  req: IncomingMessage,
  res: ServerResponse,
  format: 'ndjson' | 'csv',
  options: { corsOrigins: string[]; requestId: string },
) {
  const viewer = await openExport(req, res, options);
  if (!viewer) return;
  const params = new URL(req.url ?? '/', 'http://export').searchParams;
  const from = date(params.get('from'));
  const to = date(params.get('to'));
  if (from === null || to === null)
    return fail(res, 400, 'BAD_USER_INPUT', 'from and to must be ISO 8601 (RFC 3339) times, or dates.');
  // What PostgreSQL cannot compare is refused before anything streams, as in GraphQL arguments.
  for (const name of ['verbs', 'agentId']) {
    const problem = textProblem(params.get(name) ?? '');
    if (problem) return fail(res, 400, 'BAD_USER_INPUT', `${name} ${problem}.`);
  }
  let agentId: { typename: string; id: string } | undefined;
  try {
    agentId = params.get('agentId') ? decodeGlobalId(params.get('agentId') as string) : undefined;
  } catch (error) {
    return fail(res, 400, 'BAD_USER_INPUT', (error as Error).message);
  }
  const verbs = params
    .get('verbs')
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const where = activityWhere(viewer.organizationId, { from, to, verbs, agentId });

  res.writeHead(200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    'content-disposition': `attachment; filename="activity.${format}"`,
  });
  if (format === 'csv') res.write(stringify([RECORD_COLUMNS as unknown as string[]]));
  let after = 0;
  for (;;) {
    const events = await prisma.activityEvent.findMany({
      where: { ...where, sequence: { gt: after } },
      orderBy: { sequence: 'asc' },
      take: BATCH,
    });
    if (events.length === 0) break;
    const chunk =
      format === 'csv'
        ? stringify(events.map(csvRow), { columns: [...RECORD_COLUMNS] })
        : events.map((e) => `${JSON.stringify(eventRecord(e))}\n`).join('');
    if (!res.write(chunk)) await once(res, 'drain');
    after = events[events.length - 1]?.sequence ?? after;
    if (events.length < BATCH || res.destroyed) break;
  }
  res.end();
}
