// Issue 20 §6: tasks keep time. A RUNNING attempt past its manifest's config.timeout fails with
// TIMEOUT (by the task sweep, once, across processes; or at once when the agent reports past its
// deadline); the manifest's config.retries queue a failed task again with exponential backoff,
// up to the limit; each attempt is a run; cancel wins over retry.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { sweepTasks } from '../../src/modules/tasks/tasks.service.js';
import { manifestSchema } from '../../src/modules/versions/manifest.js';
import { createAgentVersion, publishAgentVersion } from '../../src/modules/versions/versions.service.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { startSecondServer, stopProcess } from '../process.js';
import { newTenant, type Tenant, validManifest } from '../seed.js';

// Read by config() on first use, which comes after these lines.
process.env.TASK_RETRY_BASE_MS = '50';

const api = useTestApi();
type Body = { data?: Record<string, Record<string, unknown> | null>; errors?: unknown[] };
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An ACTIVE agent whose published version has these limits, and its own key. */
async function agentWith(t: Tenant, config: { timeout: number; retries: number }) {
  const a = await t.agent();
  const manifest = manifestSchema.parse(
    validManifest('1.0.0', {
      config: { timeout: config.timeout, retries: config.retries, memoryLimit: 256, cpuLimit: 1, concurrentTasks: 1 },
    }),
  );
  const v = await createAgentVersion(t.caller, a.id, { semver: '1.0.0', manifest, changelog: 'limits' });
  await publishAgentVersion(t.caller, v.id);
  return { id: a.id, gid: encodeGlobalId('Agent', a.id), key: await t.agentKey(a.id, ['tasks:run', 'tasks:read']) };
}

async function queued(t: Tenant, agentGid: string, maxAttempts = 5) {
  const r = await post(
    `mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on TaskPayload { task { id } } } }`,
    { input: { agentId: agentGid, goal: 'keep time', maxAttempts } },
    t.ownerKey,
  );
  return (r.data?.createTask as { task: { id: string } }).task.id;
}
const start = (taskId: string, key: string) =>
  post(`mutation($input: StartTaskInput!) { startTask(input: $input) { __typename } }`, { input: { taskId } }, key);
const fail = (taskId: string, key: string) =>
  post(
    `mutation($input: FailTaskInput!) { failTask(input: $input) { __typename } }`,
    { input: { taskId, error: 'broke' } },
    key,
  );
const row = (taskId: string) =>
  prisma.task.findUniqueOrThrow({ where: { id: Buffer.from(taskId, 'base64url').toString().split(':')[1] as string } });

describe('task time limits', () => {
  it('a running attempt past its manifest timeout fails with TIMEOUT by the sweep; the run is recorded', async () => {
    const t = await newTenant('Time');
    const a = await agentWith(t, { timeout: 200, retries: 0 });
    const taskId = await queued(t, a.gid);
    await start(taskId, a.key);
    const started = await row(taskId);
    expect(started.deadlineAt!.getTime() - started.startedAt!.getTime()).toBe(200);
    expect((await sweepTasks()).timedOut).toBe(0);
    await pause(250);
    expect((await sweepTasks()).timedOut).toBe(1);
    const failed = await row(taskId);
    expect(failed).toMatchObject({ status: 'FAILED', retryAt: null });
    expect(failed.error).toMatch(/^TIMEOUT: still running after its 200 ms timeout/);
    const event = await prisma.activityEvent.findFirstOrThrow({ where: { subjectId: failed.id, verb: 'task.failed' } });
    expect(event.payload).toMatchObject({ reason: 'TIMEOUT', succeeded: false });
    expect(await prisma.agentMetricPoint.count({ where: { taskId: failed.id, name: 'run.succeeded', value: 0 } })).toBe(
      1,
    );
  });

  it('completing past the deadline is refused, and the attempt is failed with TIMEOUT (committed)', async () => {
    const t = await newTenant('Time');
    const a = await agentWith(t, { timeout: 150, retries: 0 });
    const taskId = await queued(t, a.gid);
    await start(taskId, a.key);
    await pause(200);
    const r = await post(
      `mutation($input: CompleteTaskInput!) { completeTask(input: $input) { __typename ... on Error { message } } }`,
      { input: { taskId, output: {} } },
      a.key,
    );
    expect(r.data?.completeTask).toMatchObject({
      __typename: 'InvalidTransitionError',
      message: expect.stringMatching(/timeout/),
    });
    expect(await row(taskId)).toMatchObject({ status: 'FAILED' });
  });

  it('retries a failed task by itself with exponential backoff, up to the manifest’s retries; each attempt is a run', async () => {
    const t = await newTenant('Time');
    const a = await agentWith(t, { timeout: 60_000, retries: 2 });
    const taskId = await queued(t, a.gid, 5);
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await start(taskId, a.key)).data?.startTask).toEqual({ __typename: 'TaskPayload' });
      await fail(taskId, a.key);
      const failed = await row(taskId);
      if (attempt < 3) {
        gaps.push(failed.retryAt!.getTime() - failed.finishedAt!.getTime());
        await pause(failed.retryAt!.getTime() - Date.now() + 10);
        expect((await sweepTasks()).retried).toBe(1);
        expect(await row(taskId)).toMatchObject({ status: 'QUEUED', retryAt: null });
      } else expect(failed).toMatchObject({ status: 'FAILED', retryAt: null, attempts: 3 });
    }
    expect(gaps).toEqual([50, 100]);
    const retried = await prisma.activityEvent.findMany({
      where: { verb: 'task.retried', organizationId: t.organization.id },
    });
    expect(retried.map((e) => (e.payload as { automatic: boolean }).automatic)).toEqual([true, true]);
    expect(await prisma.agentMetricPoint.count({ where: { agentId: a.id, name: 'run.succeeded' } })).toBe(3);
  });

  it('cancel wins over retry: a failed task waiting for its retry is cancelled and never queued again', async () => {
    const t = await newTenant('Time');
    const a = await agentWith(t, { timeout: 60_000, retries: 3 });
    const taskId = await queued(t, a.gid);
    await start(taskId, a.key);
    await fail(taskId, a.key);
    expect((await row(taskId)).retryAt).not.toBeNull();
    const cancelled = await post(
      `mutation($input: CancelTaskInput!) { cancelTask(input: $input) { __typename } }`,
      { input: { taskId, reason: 'no more' } },
      t.ownerKey,
    );
    expect(cancelled.data?.cancelTask).toEqual({ __typename: 'TaskPayload' });
    await pause(120);
    expect((await sweepTasks()).retried).toBe(0);
    expect(await row(taskId)).toMatchObject({ status: 'CANCELLED', retryAt: null });
  });

  it('sweeps racing in two server processes time each task out once', async () => {
    const second = await startSecondServer(api.databaseUrl, { SWEEP_INTERVAL_SECONDS: '1' });
    try {
      const t = await newTenant('Time');
      const a = await agentWith(t, { timeout: 100, retries: 0 });
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const taskId = await queued(t, a.gid);
        await start(taskId, a.key);
        ids.push(taskId);
      }
      await pause(150);
      await Promise.all([sweepTasks(), sweepTasks(), sweepTasks()]);
      await pause(1_200);
      const failedEvents = await prisma.activityEvent.findMany({
        where: { organizationId: t.organization.id, verb: 'task.failed' },
        select: { subjectId: true },
      });
      expect(failedEvents).toHaveLength(8);
      expect(new Set(failedEvents.map((e) => e.subjectId)).size).toBe(8);
      for (const id of ids) expect(await row(id)).toMatchObject({ status: 'FAILED' });
    } finally {
      await stopProcess(second.server.child);
    }
  }, 60_000);
});
