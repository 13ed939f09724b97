// Child processes for tests and benchmarks: start one, wait until it is ready (its output
// matches, or a URL answers 200), and stop it with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** How long it took to become ready. */
  ms: number;
}

export async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp | URL,
  timeoutMs = 60_000,
  command = process.execPath,
): Promise<Started> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d: Buffer) => {
    output += d;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const began = Date.now();
  const isReady = async () =>
    ready instanceof RegExp
      ? ready.test(output)
      : await fetch(ready).then(
          (r) => r.ok,
          () => false,
        );
  while (!(await isReady())) {
    if (child.exitCode !== null || Date.now() - began > timeoutMs) throw new Error(`process did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => output, ms: Date.now() - began };
}

/** SIGTERM, then wait for the exit; returns the exit code and how long it took. */
export async function stopProcess(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  if (child.exitCode !== null) return { code: child.exitCode, ms: 0 };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const began = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  return { code, ms: Date.now() - began };
}

/**
 * A second server process (`src/server.ts`, production mode) on the database at `databaseUrl`,
 * beside the test's in-process one: for rules that must hold across processes. Resolves once
 * /readyz answers; returns its GraphQL URL.
 */
export async function startSecondServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<{ server: Started; url: string }> {
  const { freePort } = await import('../src/db/embedded.js');
  const port = await freePort();
  const server = await startProcess(
    ['--import', 'tsx', 'src/server.ts'],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    new URL(`http://127.0.0.1:${port}/readyz`),
  );
  return { server, url: `http://127.0.0.1:${port}/graphql` };
}
