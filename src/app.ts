// The HTTP server: /graphql (yoga), /healthz and /readyz. Used by src/server.ts and the tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forgetRevokedKeys } from './auth/api-key-cache.js';
import { endAllSubscriptions, openSubscriptionCount } from './auth/credential-watch.js';
import { poolStats, prisma } from './db/client.js';
import { readMigrations } from './db/schema-engine.js';
import { startConsumers } from './events/consumers.js';
import { exportActivity } from './events/export.js';
import { startActivityHub } from './events/hub.js';
import { PgNotifySignals } from './events/pg-notify.js';
import { attachWebSocketServer } from './graphql/websocket.js';
import { createGraphQLHandler, isLoopback, requestIdOfHeaders } from './graphql/yoga.js';
import type { Logger } from './logger.js';
import { refusalPolicyConsumer } from './modules/budgets/refusal-policy.js';
import { exportComplianceReport } from './modules/compliance/compliance.export.js';
import { waitForAudits } from './modules/compliance/compliance-audit.js';
import { startDeploymentChecker } from './modules/deployments/deployment-checker.js';
import { notificationsConsumer } from './modules/notifications/notifications.consumer.js';
import { manifestJsonSchema } from './modules/versions/manifest.js';
import { startWebhookSender } from './modules/webhooks/webhook-sender.js';
import { webhooksConsumer } from './modules/webhooks/webhooks.consumer.js';
import { observeRequest } from './observability/access-log.js';
import { serveMetrics, sources } from './observability/metrics.js';

/** Options of the HTTP server. The Prisma client must be connected first (connectPrisma). */
export interface AppOptions {
  /** For the process's LISTEN connection (live activity). */
  databaseUrl: string;
  port: number;
  host: string;
  log: Logger;
  corsOrigins?: string[];
  graphiqlApiKey?: string | null;
}

export interface App {
  url: string;
  port: number;
  /** Stop accepting, let in-flight requests finish (up to `graceMs`), then disconnect. */
  close: (graceMs?: number) => Promise<void>;
}

async function readiness(expected: string[]): Promise<{ ok: boolean; reason?: string }> {
  try {
    const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = expected.filter((m) => !applied.has(m));
    return pending.length ? { ok: false, reason: `pending migrations: ${pending.join(', ')}` } : { ok: true };
  } catch (error) {
    return { ok: false, reason: `database unreachable: ${(error as Error).message}` };
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startApp(options: AppOptions): Promise<App> {
  const migrations = (await readMigrations()).migrationDirectories.map((d) => d.path);
  const hub = await startActivityHub(new PgNotifySignals(options.databaseUrl, options.log), options.log);
  const stopConsumers = startConsumers(
    hub,
    [notificationsConsumer, webhooksConsumer, refusalPolicyConsumer],
    options.log,
  );
  const stopWebhookSender = startWebhookSender(hub, options.log);
  const stopDeploymentChecker = startDeploymentChecker(hub, options.log);
  const stopForgettingKeys = forgetRevokedKeys(hub);
  const yoga = createGraphQLHandler({
    log: options.log,
    corsOrigins: options.corsOrigins ?? [],
    graphiqlApiKey: options.graphiqlApiKey,
  });
  sources.pool = poolStats;
  sources.subscriptions = openSubscriptionCount;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split('?')[0];
    observeRequest(req, res, path, options.log);
    if (path === '/metrics' && req.method === 'GET')
      return serveMetrics(req, res, isLoopback(req.socket.remoteAddress ?? ''));
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    // For editors and CI of agent authors: both written forms of the manifest.
    if (path === '/schemas/agent-manifest.json' && req.method === 'GET') {
      res.setHeader('access-control-allow-origin', '*');
      return sendJson(res, 200, manifestJsonSchema());
    }
    if (path === '/readyz') {
      const ready = await readiness(migrations);
      return sendJson(res, ready.ok ? 200 : 503, ready);
    }
    // Downloads: the activity log, a compliance report.
    const exportOptions = () => ({
      corsOrigins: options.corsOrigins ?? [],
      requestId: requestIdOfHeaders(req.headers['x-request-id']),
    });
    const streamed = (what: string, run: Promise<void>) =>
      run.catch((error) => {
        options.log.error({ err: error }, `${what} export failed`);
        res.destroy();
      });
    const exportFormat = /^\/export\/activity\.(ndjson|csv)$/.exec(path ?? '')?.[1] as 'ndjson' | 'csv' | undefined;
    if (exportFormat && req.method === 'GET')
      return streamed('activity', exportActivity(req, res, exportFormat, exportOptions()));
    const reportId = /^\/export\/compliance\/([A-Za-z0-9_-]{1,200})\.csv$/.exec(path ?? '')?.[1];
    if (reportId && req.method === 'GET')
      return streamed('compliance', exportComplianceReport(req, res, reportId, exportOptions()));
    // graphql-sse's single connection mode reserves a stream with PUT: not offered (one stream
    // per subscription, or graphql-ws, which multiplexes).
    if (path === '/graphql' && req.method === 'PUT') {
      res.writeHead(405, { allow: 'GET, POST, OPTIONS', 'content-type': 'application/problem+json' });
      return res.end(
        JSON.stringify({
          type: 'urn:agg:error:METHOD_NOT_ALLOWED',
          title: 'METHOD_NOT_ALLOWED',
          status: 405,
          detail:
            "graphql-sse's single connection mode is not supported: use its distinct connections mode (POST with Accept: text/event-stream, one stream per subscription) or graphql-ws on this URL, which multiplexes.",
        }),
      );
    }
    return yoga(req, res);
  });
  const websocket = attachWebSocketServer(server, yoga, options.log, options.corsOrigins ?? []);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    close: async (graceMs = 8_000) => {
      // Background work stops taking new work at once (what is in flight finishes): a webhook
      // endpoint's lease is released now, not after the HTTP connections drain, so another
      // process takes its deliveries over without waiting the lease out.
      stopForgettingKeys();
      const background = Promise.all([stopWebhookSender(), stopDeploymentChecker(), stopConsumers(), waitForAudits()]);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Live clients get a last message saying why (SSE streams then end; sockets close 1001).
      endAllSubscriptions('The server is shutting down; reconnect to another.');
      await websocket.close();
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await background;
      await hub.stop();
      await prisma.$disconnect();
    },
  };
}
