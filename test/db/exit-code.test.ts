import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('process exit codes', () => {
  it('a process that loads the embedded database keeps the exit code it sets (the test runner’s failures count)', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', "await import('./src/db/embedded.ts'); process.exitCode = 3;"],
      { cwd: process.cwd(), encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });
});
