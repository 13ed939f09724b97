// Trials: a customer tries an ACTIVE, published agent for a number of days (7 by default) with
// a TOTAL budget capped at TRIAL_BUDGET_CAP; one ACTIVE trial per customer and agent (a partial
// unique index decides between concurrent starts). Expiry is a function of the clock; the
// sweep records it. Every transition appends its event in the same transaction.

import { randomUUID } from 'node:crypto';
import { actsFor } from '../../auth/agent-binding.js';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { type Prisma, prisma, type Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Trial } from '../../generated/prisma/client.js';
import {
  BudgetExceededError,
  ConflictError,
  NotFoundError,
  TrialNotActiveError,
  ValidationError,
} from '../../graphql/errors.js';
import { holdActGate } from '../agents/act-gate.js';
import { createBudgetIn } from '../budgets/budgets.service.js';
import { authorizeIn } from '../budgets/spend-engine.js';
import { cancelOpenTrialTasks, createTaskIn, governTaskIn } from '../tasks/tasks.service.js';
import { assertTrialTransition, DAY_MS, statusOf } from './trial-lifecycle.js';

const ALREADY =
  'The customer has already tried this agent: one trial per customer and agent (extendTrial gives more time).';

const trialEvent = (verb: string, trial: Trial, payload: Prisma.InputJsonObject = {}) => ({
  verb,
  subjectType: 'Trial',
  subjectId: trial.id,
  agentId: trial.agentId,
  payload: { trialId: trial.id, customerId: trial.customerId, status: trial.status, ...payload },
});

/**
 * What every end of a trial does, inside the caller's transaction (which holds the trial's
 * lock): its open tasks are cancelled and their reservations released, and its budget archived.
 */
async function closeTrial(tx: Tx, caller: Caller, trial: Trial, status: string) {
  await cancelOpenTrialTasks(tx, caller, trial.id, `the trial is ${status}`);
  if (trial.budgetId) await tx.budget.update({ where: { id: trial.budgetId }, data: { archivedAt: new Date() } });
}

/** Records that a trial ran out of time (inside the caller's transaction). */
async function recordExpiry(tx: Tx, trial: Trial, requestId: string) {
  const system = systemCaller(trial.organizationId, requestId);
  const expired = await tx.trial.update({
    where: { id: trial.id },
    data: { status: 'EXPIRED', endedAt: trial.expiresAt },
  });
  await closeTrial(tx, system, trial, 'EXPIRED');
  appendEvents(tx, system, [
    trialEvent('trial.expired', expired, { from: 'ACTIVE', expiresAt: trial.expiresAt.toISOString() }),
  ]);
  return expired;
}

/** A trial of the caller's organization (a customer: only their own), locked. */
async function lockTrial(tx: Tx, caller: Caller, trialId: string | null) {
  const { organizationId, customerId, agentId } = caller.viewer;
  const id = await lockOwned(tx, 'Trial', trialId, organizationId);
  const trial = id ? await tx.trial.findUniqueOrThrow({ where: { id } }) : null;
  // A customer sees only their trials; an agent's key only its own agent's.
  if (!trial || (customerId && trial.customerId !== customerId) || (agentId && trial.agentId !== agentId))
    throw new NotFoundError('Trial');
  return trial;
}

export interface NewTrial {
  agentId: string | null;
  customerId: string | null;
  days: number;
  budgetCap?: string | null;
}

export function startTrial(caller: Caller, input: NewTrial) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    // A customer starts trials for themselves only.
    const customerId = caller.viewer.customerId ?? input.customerId;
    if (caller.viewer.customerId && input.customerId && input.customerId !== caller.viewer.customerId)
      throw new NotFoundError('Customer');
    const customer = customerId ? await tx.customer.findFirst({ where: { id: customerId, organizationId } }) : null;
    if (!customer) throw new NotFoundError('Customer');
    const agent = input.agentId ? await tx.agent.findFirst({ where: { id: input.agentId, organizationId } }) : null;
    if (!agent || !actsFor(caller.viewer, agent.id)) throw new NotFoundError('Agent');
    if (agent.status !== 'ACTIVE' || !agent.currentVersionId)
      throw ValidationError.of(['input', 'agentId'], 'the agent must be ACTIVE with a published version');

    const now = clock.now();
    // One trial per customer and agent, ever (a unique index decides between concurrent starts).
    if (await tx.trial.findFirst({ where: { customerId: customer.id, agentId: agent.id }, select: { id: true } }))
      throw new ConflictError(ALREADY);

    const trial = await uniquely(
      tx.trial.create({
        data: {
          organizationId,
          agentId: agent.id,
          customerId: customer.id,
          versionId: agent.currentVersionId,
          startedAt: now,
          expiresAt: new Date(now.getTime() + input.days * DAY_MS),
        },
      }),
      ALREADY,
    );
    const cap = input.budgetCap ?? config().TRIAL_BUDGET_CAP;
    const budget = await createBudgetIn(tx, caller, {
      subject: { type: 'TRIAL', trialId: trial.id },
      name: `Trial: ${customer.name} × ${agent.name}`,
      window: 'TOTAL',
      limit: cap,
      thresholds: [0.5, 0.8, 1],
      highPriorityReserve: 0,
      currency: 'USD',
    });
    const started = await tx.trial.update({ where: { id: trial.id }, data: { budgetId: budget.id } });
    appendEvents(tx, caller, [
      trialEvent('trial.started', started, {
        versionId: agent.currentVersionId,
        days: input.days,
        expiresAt: started.expiresAt.toISOString(),
        budgetCap: cap,
      }),
    ]);
    return started;
  });
}

const END_VERB = { COMPLETED: 'trial.completed', CONVERTED: 'trial.converted', CANCELLED: 'trial.cancelled' } as const;

export function endTrial(
  caller: Caller,
  trialId: string | null,
  to: 'COMPLETED' | 'CONVERTED' | 'CANCELLED',
  details: { cancelReason?: string | null; planReference?: string | null } = {},
) {
  return transact(async (tx) => {
    const trial = await lockTrial(tx, caller, trialId);
    const from = statusOf(trial);
    assertTrialTransition(from, to);
    const ended = await tx.trial.update({
      where: { id: trial.id },
      data: { status: to, endedAt: clock.now(), ...details },
    });
    await closeTrial(tx, caller, trial, to);
    appendEvents(tx, caller, [trialEvent(END_VERB[to], ended, { from, ...details })]);
    return ended;
  });
}

export function extendTrial(caller: Caller, trialId: string | null, days: number) {
  return transact(async (tx) => {
    const trial = await lockTrial(tx, caller, trialId);
    const from = statusOf(trial);
    if (from !== 'ACTIVE') throw new TrialNotActiveError(from);
    const expiresAt = new Date(trial.expiresAt.getTime() + days * DAY_MS);
    const extended = await tx.trial.update({ where: { id: trial.id }, data: { expiresAt } });
    appendEvents(tx, caller, [trialEvent('trial.extended', extended, { days, expiresAt: expiresAt.toISOString() })]);
    return extended;
  });
}

/**
 * A sandbox task for the trial's agent, after reserving its estimated cost against the trial's
 * budget (and every other budget that applies). The reservation holds until the trial ends and
 * is settled when the task completes, released when it fails or is cancelled.
 */
export async function executeTrialTask(
  caller: Caller,
  trialId: string | null,
  input: {
    goal: string;
    input: Prisma.InputJsonObject;
    estimatedCost?: string | null;
    approvalRequestId?: string | null;
  },
) {
  const outcome = await transact(async (tx) => {
    const trial = await lockTrial(tx, caller, trialId);
    const status = statusOf(trial);
    if (status !== 'ACTIVE') throw new TrialNotActiveError(status);
    // Policy first: a refused task reserves nothing.
    await holdActGate(tx, caller.viewer.organizationId);
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: trial.agentId }, include: { currentVersion: true } });
    await governTaskIn(tx, caller, agent, input);
    const now = clock.now();
    const [result] = await authorizeIn(
      tx,
      [
        {
          caller,
          request: {
            agentId: trial.agentId,
            amount: input.estimatedCost ?? config().TRIAL_TASK_ESTIMATE,
            priority: 'NORMAL',
            service: 'trial',
            requestKey: `trial:${trial.id}:${randomUUID()}`,
            trialId: trial.id,
            ttlSeconds: Math.max(60, Math.ceil((trial.expiresAt.getTime() - now.getTime()) / 1000)),
          },
        },
      ],
      now,
    );
    if (!result || 'error' in result) throw result?.error ?? new Error('no decision');
    const { decision } = result;
    // A refusal commits with its decision event; the error is returned after the commit.
    if (decision.outcome === 'REJECTED') return { refused: decision } as const;
    const task = await createTaskIn(
      tx,
      caller,
      {
        agentId: trial.agentId,
        contextId: null,
        contextGiven: false,
        goal: input.goal,
        input: input.input,
        priority: 'NORMAL',
        sandbox: true,
        maxAttempts: 1,
        trialId: trial.id,
        reservationId: decision.reservationId,
      },
      true,
    );
    return { task } as const;
  });
  if ('refused' in outcome && outcome.refused)
    throw new BudgetExceededError(
      outcome.refused.reasons[0] ?? 'The trial budget is spent.',
      outcome.refused.bindingBudgetId,
    );
  return outcome.task;
}

export function addTrialDeliverable(
  caller: Caller,
  trialId: string | null,
  input: { title: string; content?: string | null; url?: string | null; taskId: string | null; taskGiven: boolean },
) {
  return transact(async (tx) => {
    const trial = await lockTrial(tx, caller, trialId);
    const status = statusOf(trial);
    if (status !== 'ACTIVE') throw new TrialNotActiveError(status);
    if (input.taskGiven) {
      const task = input.taskId ? await tx.task.findFirst({ where: { id: input.taskId, trialId: trial.id } }) : null;
      if (!task) throw ValidationError.of(['input', 'taskId'], 'must be a task of this trial');
    }
    const deliverable = await tx.trialDeliverable.create({
      data: {
        organizationId: trial.organizationId,
        trialId: trial.id,
        title: input.title,
        content: input.content ?? null,
        url: input.url ?? null,
        taskId: input.taskId,
      },
    });
    appendEvents(tx, caller, [
      trialEvent('trial.deliverable_added', trial, { deliverableId: deliverable.id, title: deliverable.title }),
    ]);
    return deliverable;
  });
}

/** The background sweep: records each trial that ran out of time (reads never wait for it). */
export async function sweepExpiredTrials(): Promise<number> {
  let recorded = 0;
  for (;;) {
    const due = await prisma.trial.findMany({
      where: { status: 'ACTIVE', expiresAt: { lte: clock.now() } },
      select: { id: true },
      take: 500,
    });
    for (const { id } of due) {
      const done = await transact(async (tx) => {
        const [row] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM "Trial" WHERE id = ${id}::uuid AND status = 'ACTIVE' FOR UPDATE`;
        const trial = row ? await tx.trial.findUniqueOrThrow({ where: { id: row.id } }) : null;
        if (!trial || statusOf(trial) !== 'EXPIRED') return false;
        await recordExpiry(tx, trial, 'trial-sweep');
        return true;
      });
      if (done) recorded++;
    }
    if (due.length < 500) return recorded;
  }
}
