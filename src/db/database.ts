// Which PostgreSQL this process uses: DATABASE_URL when configured, otherwise the embedded
// server in DATA_DIR. Either way migrations are applied before anything else touches it.
import path from 'node:path';
import type { Config } from '../config.js';
import { databaseUrl, startEmbeddedPostgres } from './embedded.js';
import { applyMigrations } from './migrations.js';

export interface Database {
  url: string;
  embedded: boolean;
  appliedMigrations: string[];
  stop: () => Promise<void>;
}

export async function openDatabase(
  cfg: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>,
  log: (message: unknown) => void = () => {},
  notice: (message: string) => void = log,
): Promise<Database> {
  if (cfg.DATABASE_URL) {
    const appliedMigrations = await applyMigrations(cfg.DATABASE_URL);
    return { url: cfg.DATABASE_URL, embedded: false, appliedMigrations, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(path.join(cfg.DATA_DIR, 'postgres'), { log, notice });
  try {
    const admin = new (await import('pg')).default.Client({ connectionString: server.serverUrl });
    await admin.connect();
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'agent_governance'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE agent_governance');
    await admin.end();
    const url = databaseUrl(server.serverUrl, 'agent_governance');
    const appliedMigrations = await applyMigrations(url);
    return { url, embedded: true, appliedMigrations, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
