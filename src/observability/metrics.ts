// Prometheus metrics (prom-client) at /metrics. Process families (requests, GraphQL operations,
// errors, live connections, event delivery lag, LISTEN reconnects, the database pool) are
// counted where they happen; domain families (budget utilization and remaining, open
// violations, pending approvals) are read from the database when scraped, at most every
// METRICS_DOMAIN_CACHE_SECONDS. Labels are bounded: no IDs; operation names beyond the first
// METRICS_MAX_OPERATION_NAMES seen are "other"; budgets are the METRICS_MAX_BUDGETS most used.
import type { IncomingMessage, ServerResponse } from 'node:http';
import client from 'prom-client';
import { config } from '../config.js';
import { prisma } from '../db/client.js';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'agg_process_' });

const seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new client.Histogram({
  name: 'agg_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: seconds,
  registers: [registry],
});

export const operationDuration = new client.Histogram({
  name: 'agg_graphql_operation_duration_seconds',
  help: 'GraphQL operations by name, type and outcome (ok, error).',
  labelNames: ['operation', 'type', 'outcome'] as const,
  buckets: seconds,
  registers: [registry],
});

export const graphqlErrors = new client.Counter({
  name: 'agg_graphql_errors_total',
  help: 'Errors in GraphQL answers by extensions.code (typed mutation errors by their code).',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const websocketConnections = new client.Gauge({
  name: 'agg_websocket_connections',
  help: 'Open graphql-ws connections in this process.',
  registers: [registry],
});

export const deliveryLag = new client.Histogram({
  name: 'agg_event_delivery_lag_seconds',
  help: 'From an event’s commit to its hand-over to this process’s subscribers.',
  buckets: seconds,
  registers: [registry],
});

export const listenReconnects = new client.Counter({
  name: 'agg_listen_reconnects_total',
  help: 'Times the LISTEN connection was lost and made again.',
  registers: [registry],
});

export const spendDecisions = new client.Counter({
  name: 'agg_spend_decisions_total',
  help: 'Spend authorizations answered, by outcome.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const responseCacheLookups = new client.Counter({
  name: 'agg_response_cache_lookups_total',
  help: 'Cacheable queries, by result: hit (answered from memory), stale (the log moved: run again), miss.',
  labelNames: ['result'] as const,
  registers: [registry],
});

/** Filled by whoever knows them (src/db/client.ts, src/auth/credential-watch.ts). */
export const sources = {
  pool: (): { total: number; idle: number; waiting: number } => ({ total: 0, idle: 0, waiting: 0 }),
  subscriptions: (): number => 0,
};

new client.Gauge({
  name: 'agg_db_pool_connections',
  help: 'Database pool connections of this process by state (idle, busy, waiting for one).',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const p = sources.pool();
    this.set({ state: 'idle' }, p.idle);
    this.set({ state: 'busy' }, p.total - p.idle);
    this.set({ state: 'waiting' }, p.waiting);
  },
});

new client.Gauge({
  name: 'agg_subscriptions_active',
  help: 'Open subscriptions (WebSocket and SSE) in this process.',
  registers: [registry],
  collect() {
    this.set(sources.subscriptions());
  },
});

const operationNames = new Set<string>();
/** An operation's label: its name while fewer than the cap have been seen, else "other". */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (operationNames.has(name)) return name;
  if (operationNames.size >= config().METRICS_MAX_OPERATION_NAMES) return 'other';
  operationNames.add(name);
  return name;
}

/** The route label of a path: the few routes this server has, anything else "other". */
export function routeLabel(path: string | undefined): string {
  if (!path) return 'other';
  if (path === '/graphql' || path === '/metrics' || path === '/healthz' || path === '/readyz') return path;
  if (path.startsWith('/export/')) return '/export';
  return 'other';
}

// Domain gauges, read together from the database, cached.
interface Domain {
  budgets: { organization: string; budget: string; window: string; utilization: number; remaining: number }[];
  violations: { severity: string; count: number }[];
  approvals: number;
}
let domain: { at: number; value: Promise<Domain> } | null = null;

function readDomain(): Promise<Domain> {
  const now = Date.now();
  if (domain && now - domain.at < config().METRICS_DOMAIN_CACHE_SECONDS * 1000) return domain.value;
  const value = (async () => {
    const [budgets, violations, approvals] = await Promise.all([
      prisma.$queryRaw<{ organization: string; budget: string; window: string; limit: number; used: number }[]>`
        SELECT o.slug AS organization, b.name AS budget, b."window"::text AS window, b."limit"::float8 AS limit,
               COALESCE(u.spent + u.reserved, 0)::float8 AS used
          FROM "Budget" b
          JOIN "Organization" o ON o.id = b."organizationId"
          LEFT JOIN LATERAL (
            SELECT spent, reserved FROM "BudgetUsage" u
             WHERE u."budgetId" = b.id AND (u."windowEnd" IS NULL OR u."windowEnd" > now())
             ORDER BY u."windowStart" DESC LIMIT 1) u ON true
         WHERE b."archivedAt" IS NULL
         ORDER BY COALESCE(u.spent + u.reserved, 0) / NULLIF(b."limit", 0) DESC NULLS LAST
         LIMIT ${config().METRICS_MAX_BUDGETS}`,
      prisma.$queryRaw<{ severity: string; count: number }[]>`
        SELECT severity::text AS severity, count(*)::int AS count FROM "Violation"
         WHERE status IN ('OPEN', 'ACKNOWLEDGED') GROUP BY severity`,
      prisma.approvalRequest.count({ where: { status: 'PENDING', expiresAt: { gt: new Date() } } }),
    ]);
    return {
      budgets: budgets.map((b) => ({
        organization: b.organization,
        budget: b.budget,
        window: b.window,
        utilization: b.limit > 0 ? b.used / b.limit : 0,
        remaining: Math.max(0, b.limit - b.used),
      })),
      violations,
      approvals,
    };
  })();
  domain = { at: now, value };
  value.catch(() => {
    domain = null;
  });
  return value;
}

for (const [name, help, pick] of [
  [
    'agg_budget_utilization_ratio',
    'Spent and reserved over the limit, in the current window, for the most used budgets.',
    (b: Domain['budgets'][number]) => b.utilization,
  ],
  [
    'agg_budget_remaining',
    'What is left of the limit in the current window, for the most used budgets.',
    (b: Domain['budgets'][number]) => b.remaining,
  ],
] as const)
  new client.Gauge({
    name,
    help,
    labelNames: ['organization', 'budget', 'window'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const b of (await readDomain()).budgets)
        this.set({ organization: b.organization, budget: b.budget, window: b.window }, pick(b));
    },
  });

new client.Gauge({
  name: 'agg_violations_open',
  help: 'Violations OPEN or ACKNOWLEDGED, by severity.',
  labelNames: ['severity'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const severity of ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']) this.set({ severity }, 0);
    for (const v of (await readDomain()).violations) this.set({ severity: v.severity }, v.count);
  },
});

new client.Gauge({
  name: 'agg_approvals_pending',
  help: 'Approval requests waiting for a decision.',
  registers: [registry],
  async collect() {
    this.set((await readDomain()).approvals);
  },
});

/**
 * GET /metrics: with METRICS_TOKEN set, only for `Authorization: Bearer <token>`; without it,
 * only for clients on this machine (loopback).
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, loopback: boolean) {
  const token = config().METRICS_TOKEN;
  const given = req.headers.authorization?.replace(/^Bearer\s+/i, '');
  if (token ? given !== token : !loopback) {
    res.writeHead(token ? 401 : 403, { 'content-type': 'text/plain' });
    return res.end(
      token
        ? 'Send Authorization: Bearer <METRICS_TOKEN>.\n'
        : 'Metrics are served to loopback clients unless METRICS_TOKEN is set.\n',
    );
  }
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType }).end(body);
}
