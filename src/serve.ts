// Everything a started process runs once its database is open: tracing, Prisma, the demo seed
// and its key, the HTTP server, the periodic sweeps, and graceful shutdown on SIGINT/SIGTERM.
// Loaded by src/server.ts while PostgreSQL starts (see there).
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startApp } from './app.js';
import { useDevelopmentSecret } from './auth/jwt.js';
import type { Config } from './config.js';
import { connectPrisma, prisma } from './db/client.js';
import type { Database } from './db/database.js';
import { StartupError } from './db/embedded.js';
import { sweepCheckpoints } from './events/checkpoints.js';
import { pruneActivity } from './events/retention.js';
import type { Logger } from './logger.js';
import { sweepReservations } from './modules/budgets/spend.service.js';
import { sweepComplianceReports } from './modules/compliance/compliance-audit.js';
import { pruneAgentMetrics } from './modules/metrics/metrics-retention.js';
import { sweepRateLimitWindows } from './modules/rate-limits/rate-limit.store.js';
import { sweepTasks } from './modules/tasks/tasks.service.js';
import { sweepExpiredTrials } from './modules/trials/trials.service.js';
import { refreshTrustScores } from './modules/trust/trust.service.js';
import { startTracing, stopTracing } from './observability/tracing.js';
import { seedDemo } from './seed/demo.js';

async function demoKey(dataDir: string, log: Logger): Promise<string | null> {
  const file = path.join(dataDir, 'demo-api-key');
  if ((await prisma.organization.count()) === 0) {
    log.info('empty database: seeding the demo organization');
    const { apiKey } = await seedDemo();
    await writeFile(file, `${apiKey}\n`);
    await chmod(file, 0o600);
    return apiKey;
  }
  return (await readFile(file, 'utf8').catch(() => '')).trim() || null;
}

const DEV_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

/** The embedded demo's JWT signing secret (`npm run token` signs with it), made once. */
async function developmentSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'dev-jwt-secret');
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing) return existing;
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Prunes events older than `days` now and every hour (the sweep is idempotent). */
function scheduleRetention(days: number, log: Logger) {
  const sweep = () =>
    pruneActivity(new Date(Date.now() - days * 86_400_000)).then(
      (pruned) => pruned.length && log.info({ pruned }, 'activity retention'),
      (error) => log.error({ err: error }, 'activity retention failed'),
    );
  void sweep();
  const timer = setInterval(sweep, 3_600_000);
  timer.unref();
  return timer;
}

/** Serves on an open database until SIGINT/SIGTERM; `started` is when the process began. */
export async function serve(cfg: Config, log: Logger, db: Database, started: number): Promise<void> {
  const tracing = await startTracing();
  connectPrisma(db.url, { observe: false });
  // The demo seed and its key in GraphiQL belong to the embedded default only.
  const demo = db.embedded && cfg.NODE_ENV !== 'production';
  // The embedded default is a demo with an all-scope key: this machine only, unless HOST says so.
  const host = cfg.HOST ?? (db.embedded ? '127.0.0.1' : '0.0.0.0');
  const failed = async (error: NodeJS.ErrnoException): Promise<never> => {
    await db.stop();
    if (error.code === 'EADDRINUSE')
      throw new StartupError(`Port ${cfg.PORT} on ${host} is already in use: stop what uses it, or set PORT.`);
    throw error;
  };
  const apiKey = demo ? await demoKey(cfg.DATA_DIR, log).catch(failed) : null;
  if (demo && !cfg.JWT_SECRET && !cfg.JWT_JWKS_URL) useDevelopmentSecret(await developmentSecret(cfg.DATA_DIR));
  const app = await startApp({
    databaseUrl: db.url,
    port: cfg.PORT,
    host,
    log,
    // The embedded demo lets a Vite dev server on this machine call it (the example app).
    corsOrigins: cfg.CORS_ORIGINS.length > 0 ? cfg.CORS_ORIGINS : demo ? DEV_ORIGINS : [],
    graphiqlApiKey: apiKey,
  }).catch(failed);
  log.info({ url: app.url, embedded: db.embedded, tracing, ms: Date.now() - started }, 'ready');
  const retention = cfg.ACTIVITY_RETENTION_DAYS ? scheduleRetention(cfg.ACTIVITY_RETENTION_DAYS, log) : null;
  // Time passing moves trust scores (decay): recompute hourly.
  const trustRefresh = setInterval(() => {
    refreshTrustScores().catch((error) => log.error({ err: error }, 'trust refresh failed'));
  }, 3_600_000);
  trustRefresh.unref();
  // Expired spend reservations are released inline whenever a budget is used; this records the
  // rest in the ledger promptly.
  // Trials past expiresAt read as EXPIRED at once; this records the EXPIRED event.
  const spendSweep = setInterval(() => {
    sweepReservations().catch((error) => log.error({ err: error }, 'spend reservation sweep failed'));
    sweepExpiredTrials().catch((error) => log.error({ err: error }, 'trial expiry sweep failed'));
    pruneAgentMetrics().catch((error) => log.error({ err: error }, 'agent metrics retention failed'));
    sweepTasks().catch((error) => log.error({ err: error }, 'task sweep failed'));
    sweepComplianceReports().catch((error) => log.error({ err: error }, 'compliance report sweep failed'));
    sweepRateLimitWindows(cfg.RATE_LIMIT_WINDOW_SECONDS).catch((error) =>
      log.error({ err: error }, 'rate-limit window sweep failed'),
    );
  }, cfg.SWEEP_INTERVAL_SECONDS * 1000);
  spendSweep.unref();
  // Signs each organization's chain head when it moved (checkpoints auditors can keep).
  const checkpointSweep = setInterval(() => {
    sweepCheckpoints().catch((error) => log.error({ err: error }, 'checkpoint sweep failed'));
  }, cfg.CHECKPOINT_INTERVAL_SECONDS * 1000);
  checkpointSweep.unref();
  if (demo) {
    console.log(`\n  GraphiQL:     ${app.url}`);
    if (apiKey)
      console.log(
        `  Demo API key: ${apiKey}\n  (GraphiQL sends it for you; from elsewhere: Authorization: Bearer <key>)\n`,
      );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    if (retention) clearInterval(retention);
    clearInterval(trustRefresh);
    clearInterval(spendSweep);
    clearInterval(checkpointSweep);
    await app.close(7_000);
    // The database first: a tracing endpoint that does not answer cannot keep PostgreSQL running.
    await db.stop();
    await stopTracing();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
