// Tasks: created by people, integrators or the agent itself; driven only by the agent's own key
// (start, steps, complete, fail); cancelled by either; retried by people. Outcomes feed the
// agent's reliability; a completed task's cost is charged to the spend ledger.

import { actsFor } from '../../auth/agent-binding.js';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import type { Prisma, Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { CommitThenThrow, transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Agent, AgentVersion, Task } from '../../generated/prisma/client.js';
import type { TaskPriority, TaskStatus, TaskStepStatus } from '../../generated/prisma/enums.js';
import {
  ConflictError,
  codedError,
  InvalidTransitionError,
  NotFoundError,
  PolicyDeniedError,
  TrialNotActiveError,
  ValidationError,
} from '../../graphql/errors.js';
import { holdActGate } from '../agents/act-gate.js';
import { assertNotHalted } from '../agents/halt.js';
import { chargeSpend, endTaskReservation } from '../budgets/spend.service.js';
import { releaseReservations } from '../budgets/spend-engine.js';
import { assertWritable } from '../contexts/context-lifecycle.js';
import { shareContext } from '../contexts/contexts.service.js';
import { governedDecisionIn, refuseUnlessApproved } from '../decisions/decisions.service.js';
import { violationFiling } from '../decisions/evaluate.js';
import { recordTaskRun } from '../metrics/metrics.ingest.js';
import { statusOf } from '../trials/trial-lifecycle.js';
import { lockAgentForTrust, recomputeTrust } from '../trust/trust.service.js';
import { DEFAULT_CONFIG, type Manifest } from '../versions/manifest.js';
import { recordViolation } from '../violations/violations.service.js';
import { assertTaskTransition } from './task-lifecycle.js';

const taskEvent = (verb: string, task: Task, payload: Prisma.InputJsonObject = {}) => ({
  verb,
  subjectType: 'Task',
  subjectId: task.id,
  agentId: task.agentId,
  payload: { taskId: task.id, contextId: task.contextId, status: task.status, ...payload },
});

export interface NewTask {
  agentId: string | null;
  contextId: string | null;
  contextGiven: boolean;
  goal: string;
  input: Prisma.InputJsonObject;
  priority: TaskPriority;
  sandbox: boolean;
  maxAttempts: number;
  /** A trial's sandbox task, and the spend reserved for it (settled on completion). */
  trialId?: string | null;
  reservationId?: string | null;
  /** The approval request this task proceeds with (undefined: none named). */
  approvalRequestId?: string | null;
}

/**
 * The policy decision on queueing `task` for `agent` (action `task.create`; CONTENT rules see the
 * goal and every string of the input). DENY raises a violation and refuses with PolicyDeniedError,
 * REQUIRES_APPROVAL with ApprovalRequiredError; both commit what they recorded and nothing else.
 * Runs before anything else the transaction writes (a trial task: before its reservation).
 */
export async function governTaskIn(
  tx: Tx,
  caller: Caller,
  agent: Agent & { currentVersion: AgentVersion | null },
  task: Pick<NewTask, 'goal' | 'input' | 'approvalRequestId'>,
) {
  const decision = await governedDecisionIn(
    tx,
    caller,
    agent,
    {
      action: 'task.create',
      scopes: [],
      estimatedCost: null,
      resource: null,
      content: { goal: task.goal, input: task.input },
    },
    'TASK',
    task.approvalRequestId,
  );
  refuseUnlessApproved(decision);
  if (decision.outcome === 'DENY') {
    const violation = await recordViolation(tx, caller, {
      agentId: agent.id,
      versionId: agent.currentVersionId,
      ...violationFiling(decision),
      description: `Task refused: ${decision.reasons.join('; ')}`,
      evidence: { action: 'task.create', goal: task.goal, reasons: decision.reasons },
    });
    throw new CommitThenThrow(new PolicyDeniedError(decision.reasons, violation.id));
  }
  return decision;
}

/** Creates a QUEUED task inside the caller's transaction (trials create sandbox tasks this way). */
export async function createTaskIn(tx: Tx, caller: Caller, input: NewTask, governed = false) {
  const { organizationId, actorType, actorId } = caller.viewer;
  await holdActGate(tx, organizationId);
  const agent = input.agentId
    ? await tx.agent.findFirst({ where: { id: input.agentId, organizationId }, include: { currentVersion: true } })
    : null;
  if (!agent || !actsFor(caller.viewer, agent.id)) throw new NotFoundError('Agent');
  if (agent.status !== 'ACTIVE')
    throw ValidationError.of(['input', 'agentId'], `the agent is ${agent.status}; only ACTIVE agents take tasks`);
  let contextId: string | null = null;
  if (input.contextGiven) {
    const context = await shareContext(tx, caller, input.contextId);
    assertWritable(context.status);
    if (!context.participants.some((p) => p.agentId === agent.id))
      throw ValidationError.of(['input', 'agentId'], 'must be a participant of the context');
    contextId = context.id;
  }
  // A trial task was governed before its reservation (executeTrialTask).
  if (!governed) await governTaskIn(tx, caller, agent, input);
  const task = await tx.task.create({
    data: {
      organizationId,
      agentId: agent.id,
      contextId,
      goal: input.goal,
      input: input.input,
      priority: input.priority,
      sandbox: input.sandbox,
      maxAttempts: input.maxAttempts,
      trialId: input.trialId ?? null,
      reservationId: input.reservationId ?? null,
      createdByType: actorType,
      createdById: actorId,
    },
  });
  appendEvents(tx, caller, [taskEvent('task.created', task, { priority: task.priority, sandbox: task.sandbox })]);
  return task;
}

export function createTask(caller: Caller, input: NewTask) {
  return transact((tx) => createTaskIn(tx, caller, input));
}

/**
 * Loads a task of the caller's organization, locked. Another agent's task is as good as
 * missing to an agent's key; `drive` also requires the caller to be the task's agent.
 */
async function lockTask(tx: Tx, caller: Caller, taskId: string | null, drive: boolean) {
  const id = await lockOwned(tx, 'Task', taskId, caller.viewer.organizationId);
  const task = id ? await tx.task.findUniqueOrThrow({ where: { id } }) : null;
  if (!task || !actsFor(caller.viewer, task.agentId)) throw new NotFoundError('Task');
  if (drive && !caller.viewer.agentId)
    throw codedError('FORBIDDEN', "Only the task's agent drives a task, with an API key bound to that agent.");
  return task;
}

async function move(
  tx: Tx,
  caller: Caller,
  task: Task,
  to: TaskStatus,
  data: Prisma.TaskUpdateInput,
  verb: string,
  payload: Prisma.InputJsonObject = {},
) {
  assertTaskTransition(task, to);
  const updated = await tx.task.update({ where: { id: task.id }, data: { ...data, status: to } });
  const [event] = appendEvents(tx, caller, [taskEvent(verb, updated, { from: task.status, ...payload })]);
  return { updated, event: event ?? null };
}

/** The agent's current version: its runs count for it, and its manifest sets the limits. */
async function currentVersionOf(tx: Tx, task: Task) {
  return (await tx.agent.findUniqueOrThrow({ where: { id: task.agentId }, select: { currentVersionId: true } }))
    .currentVersionId;
}

/** A finished run counts as run.* points of the agent's current version (issue 19 §1). */
async function recordRun(tx: Tx, task: Task, updated: Task, succeeded: boolean, versionId?: string | null) {
  const version = versionId === undefined ? await currentVersionOf(tx, task) : versionId;
  await recordTaskRun(tx, task, version, succeeded, updated.finishedAt ?? clock.now());
}

export function startTask(caller: Caller, taskId: string | null) {
  return transact(async (tx) => {
    const task = await lockTask(tx, caller, taskId, true);
    await holdActGate(tx, caller.viewer.organizationId);
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: task.agentId } });
    if (agent.status !== 'ACTIVE') throw new ConflictError(`The agent is ${agent.status}; it cannot start tasks.`);
    await assertNotHalted(tx, agent);
    // A trial's task runs only while the trial does (ending a trial cancels its open tasks; a
    // trial past its expiry is EXPIRED before the sweep records it).
    if (task.trialId) {
      const trial = await tx.trial.findUniqueOrThrow({ where: { id: task.trialId } });
      const status = statusOf(trial);
      if (status !== 'ACTIVE') throw new TrialNotActiveError(status);
    }
    const startedAt = new Date();
    const { timeout } = await manifestLimits(tx, agent.currentVersionId);
    const { updated } = await move(
      tx,
      caller,
      task,
      'RUNNING',
      {
        attempts: { increment: 1 },
        startedAt,
        finishedAt: null,
        error: null,
        retryAt: null,
        deadlineAt: new Date(startedAt.getTime() + timeout),
      },
      'task.started',
      { attempt: task.attempts + 1, deadlineAt: new Date(startedAt.getTime() + timeout).toISOString() },
    );
    return updated;
  });
}

export function recordTaskStep(
  caller: Caller,
  taskId: string | null,
  step: { step: string; state: Prisma.InputJsonObject; status: TaskStepStatus },
) {
  return transact(async (tx) => {
    const task = await lockTask(tx, caller, taskId, true);
    if (task.status !== 'RUNNING')
      throw new InvalidTransitionError('Task', task.status, 'RUNNING', 'Steps are recorded while the task is RUNNING.');
    await timedOutAt(tx, caller, task);
    const position = (await tx.taskStep.count({ where: { taskId: task.id } })) + 1;
    await tx.taskStep.create({
      data: {
        taskId: task.id,
        position,
        attempt: task.attempts,
        name: step.step,
        state: step.state,
        status: step.status,
      },
    });
    const updated = await tx.task.update({ where: { id: task.id }, data: { updatedAt: new Date() } });
    appendEvents(tx, caller, [
      taskEvent('task.step_recorded', updated, { position, step: step.step, stepStatus: step.status }),
    ]);
    return updated;
  });
}

export function completeTask(
  caller: Caller,
  taskId: string | null,
  result: {
    output: Prisma.InputJsonObject;
    cost?: string | null;
    usage: { inputTokens: number; outputTokens: number; apiCalls: number };
  },
) {
  return transact(async (tx) => {
    const task = await lockTask(tx, caller, taskId, true);
    await timedOutAt(tx, caller, task);
    await lockAgentForTrust(tx, task.agentId);
    const { updated, event } = await move(
      tx,
      caller,
      task,
      'SUCCEEDED',
      { output: result.output, cost: result.cost ?? null, finishedAt: new Date() },
      'task.completed',
      { succeeded: true, cost: result.cost ?? null },
    );
    await recordRun(tx, task, updated, true);
    const settled = task.reservationId
      ? await endTaskReservation(tx, caller, task.reservationId, { amount: result.cost ?? null, usage: result.usage })
      : false;
    if (result.cost && !settled) {
      await chargeSpend(tx, caller, {
        agentId: task.agentId,
        contextId: task.contextId,
        trialId: task.trialId,
        amount: result.cost,
        usage: result.usage,
        service: 'task',
        requestKey: `task:${task.id}:${task.attempts}`,
      });
    }
    await recomputeTrust(tx, caller, task.agentId, { verb: 'task.completed', event });
    return updated;
  });
}

export function failTask(caller: Caller, taskId: string | null, error: string) {
  return transact(async (tx) => failIn(tx, caller, await lockTask(tx, caller, taskId, true), error, 'ERROR'));
}

/**
 * A RUNNING attempt past its deadline has timed out, whether or not the sweep has seen it yet:
 * it is failed with TIMEOUT (committed) and the caller's step or completion is refused.
 */
async function timedOutAt(tx: Tx, caller: Caller, task: Task) {
  if (task.status !== 'RUNNING' || !task.deadlineAt || task.deadlineAt > clock.now()) return;
  const ms = task.startedAt ? task.deadlineAt.getTime() - task.startedAt.getTime() : 0;
  await failIn(tx, systemCaller(task.organizationId, caller.requestId), task, timeoutError(ms), 'TIMEOUT');
  throw new CommitThenThrow(
    new InvalidTransitionError('Task', 'FAILED', 'RUNNING', `The attempt ran past its ${ms} ms timeout and failed.`),
  );
}
const timeoutError = (ms: number) => `TIMEOUT: still running after its ${ms} ms timeout`;

/** The manifest limits of a version (the registry form's defaults without one). */
async function manifestLimits(tx: Tx, versionId: string | null) {
  const version = versionId
    ? await tx.agentVersion.findUnique({ where: { id: versionId }, select: { manifest: true } })
    : null;
  const limits = (version?.manifest as Partial<Manifest> | null)?.config;
  return {
    timeout: limits?.timeout ?? DEFAULT_CONFIG.timeout,
    retries: limits?.retries ?? DEFAULT_CONFIG.retries,
  };
}

/**
 * Fails a RUNNING task (locked by the caller) inside its transaction: the run is recorded, its
 * reservation released, trust recomputed; with retries left (the manifest's config.retries, and
 * under maxAttempts) it is queued again after an exponential backoff by the task sweep.
 */
async function failIn(tx: Tx, caller: Caller, task: Task, error: string, reason: 'ERROR' | 'TIMEOUT') {
  await lockAgentForTrust(tx, task.agentId);
  const versionId = await currentVersionOf(tx, task);
  const { retries } = await manifestLimits(tx, versionId);
  const now = clock.now();
  const retryAt =
    task.attempts <= retries && task.attempts < task.maxAttempts
      ? new Date(now.getTime() + config().TASK_RETRY_BASE_MS * 2 ** (task.attempts - 1))
      : null;
  const { updated, event } = await move(
    tx,
    caller,
    task,
    'FAILED',
    { error, finishedAt: now, deadlineAt: null, retryAt },
    'task.failed',
    {
      succeeded: false,
      reason,
      attempt: task.attempts,
      attemptsLeft: task.maxAttempts - task.attempts,
      retryAt: retryAt?.toISOString() ?? null,
    },
  );
  await recordRun(tx, task, updated, false, versionId);
  if (task.reservationId) await endTaskReservation(tx, caller, task.reservationId, null);
  await recomputeTrust(tx, caller, task.agentId, { verb: 'task.failed', event });
  return updated;
}

/**
 * The task sweep, correct across processes (each task is locked FOR UPDATE SKIP LOCKED and
 * checked again under its lock): RUNNING attempts past their deadline fail with TIMEOUT, and
 * FAILED tasks whose automatic retry is due are queued again. How many of each it moved.
 */
export async function sweepTasks(now = clock.now()) {
  let timedOut = 0;
  let retried = 0;
  for (const kind of ['timeout', 'retry'] as const) {
    for (;;) {
      const moved = await transact(async (tx) => {
        const [row] =
          kind === 'timeout'
            ? await tx.$queryRaw<{ id: string }[]>`
                SELECT id FROM "Task" WHERE status = 'RUNNING' AND "deadlineAt" <= ${now}
                 ORDER BY "deadlineAt" LIMIT 1 FOR UPDATE SKIP LOCKED`
            : await tx.$queryRaw<{ id: string }[]>`
                SELECT id FROM "Task" WHERE status = 'FAILED' AND "retryAt" <= ${now}
                 ORDER BY "retryAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
        if (!row) return false;
        const task = await tx.task.findUniqueOrThrow({ where: { id: row.id } });
        const system = systemCaller(task.organizationId, `task-sweep-${kind}`);
        if (kind === 'timeout') {
          const ms = task.deadlineAt && task.startedAt ? task.deadlineAt.getTime() - task.startedAt.getTime() : 0;
          await failIn(tx, system, task, timeoutError(ms), 'TIMEOUT');
        } else
          await move(tx, system, task, 'QUEUED', { startedAt: null, finishedAt: null, retryAt: null }, 'task.retried', {
            automatic: true,
            attempt: task.attempts + 1,
          });
        return true;
      });
      if (!moved) break;
      if (kind === 'timeout') timedOut++;
      else retried++;
    }
  }
  return { timedOut, retried };
}

export function cancelTask(caller: Caller, taskId: string | null, reason: string | null) {
  return transact(async (tx) => {
    const task = await lockTask(tx, caller, taskId, false);
    // A FAILED task with attempts left can be cancelled (cancel wins over retry); after its last
    // attempt it is final (task-lifecycle.ts).
    const { updated } = await move(
      tx,
      caller,
      task,
      'CANCELLED',
      { finishedAt: new Date(), retryAt: null, deadlineAt: null },
      'task.cancelled',
      { reason },
    );
    if (task.reservationId) await endTaskReservation(tx, caller, task.reservationId, null);
    return updated;
  });
}

export function retryTask(caller: Caller, taskId: string | null) {
  return transact(async (tx) => {
    const task = await lockTask(tx, caller, taskId, false);
    return (
      await move(tx, caller, task, 'QUEUED', { startedAt: null, finishedAt: null, retryAt: null }, 'task.retried')
    ).updated;
  });
}

/**
 * Cancels a trial's open (QUEUED and RUNNING) tasks when the trial ends, and releases what they
 * reserved, inside the caller's transaction (which holds the trial's lock: trial, then tasks).
 */
export async function cancelOpenTrialTasks(tx: Tx, caller: Caller, trialId: string, reason: string) {
  const open = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Task" WHERE "trialId" = ${trialId}::uuid
       AND (status IN ('QUEUED', 'RUNNING') OR (status = 'FAILED' AND "retryAt" IS NOT NULL)) ORDER BY id FOR UPDATE`;
  const tasks = await tx.task.findMany({ where: { id: { in: open.map((t) => t.id) } }, orderBy: { id: 'asc' } });
  for (const task of tasks)
    await move(tx, caller, task, 'CANCELLED', { finishedAt: new Date(), retryAt: null }, 'task.cancelled', { reason });
  await releaseReservations(
    tx,
    caller,
    tasks.map((t) => t.reservationId).filter((id): id is string => id !== null),
  );
  return tasks.length;
}
