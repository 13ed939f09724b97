// B4 — start-up: `npm start` until /readyz answers 200, on a new data folder (initdb, migrations,
// demo seed) and again on that existing folder. Each is the median of 3 runs; the server runs on
// its embedded PostgreSQL exactly as the README's first command starts it.
//
//   npm run bench:startup
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded.js';
import { machine, median, report } from './lib.js';

const RUNS = Number(process.env.RUNS ?? 3);

async function start(dataDir: string): Promise<{ ms: number; child: ChildProcess }> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn('npm', ['start'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true, // its own process group: npm, node and PostgreSQL stop together
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { ms: performance.now() - began, child };
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    if (performance.now() - began > 120_000) throw new Error('not ready within 120 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-(child.pid as number), 'SIGTERM');
  await exited;
  // The server stops its PostgreSQL on SIGTERM; give the postmaster a moment to release the folder.
  await new Promise((r) => setTimeout(r, 1_000));
}

const first: number[] = [];
const existing: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agg-startup-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as `postgres`, which must enter the folder
  const dataDir = path.join(dir, 'data');
  const a = await start(dataDir);
  first.push(a.ms);
  await stop(a.child);
  const b = await start(dataDir);
  existing.push(b.ms);
  await stop(b.child);
  await rm(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ run, firstStartMs: Math.round(a.ms), existingFolderMs: Math.round(b.ms) }));
}

const summary = {
  benchmark: 'B4 start-up',
  machine: machine(),
  runs: RUNS,
  firstStartMs: Math.round(median(first)),
  existingFolderMs: Math.round(median(existing)),
  perRun: { first, existing },
};
await report(
  'startup',
  summary,
  [
    `### B4 start-up — ${new Date().toISOString()}`,
    '',
    `\`npm start\` until /readyz answers 200, embedded PostgreSQL, medians of ${RUNS} runs; ${summary.machine}.`,
    '',
    '| | ms |',
    '|---|---|',
    `| first start: new data folder (initdb, migrations, demo seed) | ${summary.firstStartMs} |`,
    `| start on the existing data folder | ${summary.existingFolderMs} |`,
    '',
    'Target (issue 21, B4): ready within 2 s on an existing data folder.',
  ].join('\n'),
);
process.exit(0);
