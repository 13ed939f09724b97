import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId } from '../../src/graphql/global-id.js';
import { createBudget } from '../../src/modules/budgets/budgets.service.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { send } from '../schema-calls.js';
import { headOf, newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const CreateTask = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      __typename
      ... on TaskPayload { task { id status priority sandbox maxAttempts goal context { id } agent { id } } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { message }
      ... on ConflictError { message }
    }
  }
`);
const Start = graphql(`
  mutation StartTask($input: StartTaskInput!) {
    startTask(input: $input) {
      __typename
      ... on TaskPayload { task { status attempts } }
      ... on InvalidTransitionError { from to message }
      ... on NotFoundError { message }
      ... on ConflictError { message }
    }
  }
`);
const Step = graphql(`
  mutation RecordStep($input: RecordTaskStepInput!) {
    recordTaskStep(input: $input) {
      __typename
      ... on TaskPayload { task { steps(first: 20) { totalCount edges { node { position step status state attempt } } } } }
      ... on InvalidTransitionError { from to message }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { message }
    }
  }
`);
const Complete = graphql(`
  mutation CompleteTask($input: CompleteTaskInput!) {
    completeTask(input: $input) {
      __typename
      ... on TaskPayload { task { status output cost } }
      ... on InvalidTransitionError { from to }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { message }
    }
  }
`);
const Fail = graphql(`
  mutation FailTask($input: FailTaskInput!) {
    failTask(input: $input) { __typename ... on TaskPayload { task { status error } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }
  }
`);
const Cancel = graphql(`
  mutation CancelTask($input: CancelTaskInput!) {
    cancelTask(input: $input) { __typename ... on TaskPayload { task { status } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }
  }
`);
const Retry = graphql(`
  mutation RetryTask($input: RetryTaskInput!) {
    retryTask(input: $input) { __typename ... on TaskPayload { task { status attempts } } ... on InvalidTransitionError { from to message } }
  }
`);
const GetTask = graphql(`
  query GetTask($id: ID!) { task(id: $id) { status goal steps(first: 10) { totalCount } } }
`);
const ListTasks = graphql(`
  query ListTasks($filter: TasksFilter) { tasks(first: 50, filter: $filter) { totalCount edges { node { id status } } } }
`);
const AgentTasks = graphql(`
  query AgentTasks($id: ID!) { agent(id: $id) { tasks(first: 10) { totalCount } trustScore { reliability } } }
`);
const Updated = graphql(`
  subscription TaskUpdated($filter: TaskStreamFilter, $after: String) { taskUpdated(filter: $filter, after: $after) { status attempts } }
`);
const BudgetSpent = graphql(`query TaskBudget($id: ID!) { budget(id: $id) { spent } }`);
const CreateContext = graphql(`
  mutation CreateContextForTasks($input: CreateContextInput!) {
    createContext(input: $input) { __typename ... on AgentContextPayload { context { id } } }
  }
`);

const gid = (type: string, id: string) => encodeGlobalId(type, id);

async function activeAgent(t: Tenant) {
  const a = await t.agent();
  await t.version(a.id, '1.0.0', { publish: true });
  return a;
}

/** An ACTIVE agent and its own key, able to drive its tasks. */
async function worker(t: Tenant) {
  const agent = await activeAgent(t);
  const key = await t.agentKey(agent.id, ['tasks:run', 'tasks:read']);
  return { agent, key };
}

async function queued(t: Tenant, agentId: string, extra: Record<string, unknown> = {}) {
  const r = await api.ok(
    CreateTask,
    { input: { agentId: gid('Agent', agentId), goal: 'Summarize Q3', ...extra } },
    t.ownerKey,
  );
  if (r.createTask.__typename !== 'TaskPayload') throw new Error(JSON.stringify(r.createTask));
  return r.createTask.task.id;
}

const verbs = async (organizationId: string) =>
  (
    await prisma.activityEvent.findMany({
      where: { organizationId, subjectType: 'Task' },
      orderBy: { sequence: 'asc' },
    })
  ).map((e) => e.verb);

describe('creating tasks', () => {
  it('queues a task for an ACTIVE agent with defaults, and records task.created', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const r = await api.ok(
      CreateTask,
      { input: { agentId: gid('Agent', a.id), goal: 'Draft a reply', sandbox: true } },
      t.ownerKey,
    );
    expect(r.createTask).toMatchObject({
      task: {
        status: 'QUEUED',
        priority: 'NORMAL',
        sandbox: true,
        maxAttempts: 3,
        goal: 'Draft a reply',
        context: null,
      },
    });
    expect(await verbs(t.organization.id)).toEqual(['task.created']);
  });

  it('refuses bad input, inactive agents, and contexts the agent is not part of', async () => {
    const t = await newTenant();
    const a = await activeAgent(t);
    const b = await activeAgent(t);
    const draft = await t.agent();
    const create = (input: Record<string, unknown>) =>
      api.ok(CreateTask, { input: { agentId: gid('Agent', a.id), goal: 'x', ...input } as never }, t.ownerKey);
    expect((await create({ goal: ' ' })).createTask).toMatchObject({ issues: [{ path: ['input', 'goal'] }] });
    expect((await create({ maxAttempts: 0 })).createTask).toMatchObject({
      issues: [{ path: ['input', 'maxAttempts'], message: 'must be at least 1' }],
    });
    expect((await create({ agentId: gid('Agent', draft.id) })).createTask).toMatchObject({
      issues: [{ path: ['input', 'agentId'], message: 'the agent is DRAFT; only ACTIVE agents take tasks' }],
    });
    const ctx = await api.ok(
      CreateContext,
      { input: { name: 'c', collaborationModel: 'PARALLEL', participants: [{ agentId: gid('Agent', b.id) }] } },
      t.ownerKey,
    );
    const contextId = ctx.createContext.__typename === 'AgentContextPayload' ? ctx.createContext.context.id : '';
    expect((await create({ contextId })).createTask).toMatchObject({
      issues: [{ path: ['input', 'agentId'], message: 'must be a participant of the context' }],
    });
    expect(
      (await create({ contextId: gid('AgentContext', '00000000-0000-4000-8000-000000000000') })).createTask,
    ).toMatchObject({ __typename: 'NotFoundError', message: 'AgentContext not found.' });
    const inContext = await create({ agentId: gid('Agent', b.id), contextId });
    expect(inContext.createTask).toMatchObject({ task: { context: { id: contextId } } });
    expect(await prisma.task.count({ where: { organizationId: t.organization.id } })).toBe(1);
  });
});

describe('driving a task', () => {
  it('runs QUEUED → RUNNING → SUCCEEDED with steps, by the agent’s own key, with an event for each', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const taskId = await queued(t, agent.id);
    expect((await api.ok(Start, { input: { taskId } }, key)).startTask).toEqual({
      __typename: 'TaskPayload',
      task: { status: 'RUNNING', attempts: 1 },
    });
    await api.ok(Step, { input: { taskId, step: 'search', status: 'SUCCEEDED', state: { hits: 3 } } }, key);
    const two = await api.ok(Step, { input: { taskId, step: 'write', status: 'STARTED' } }, key);
    expect(two.recordTaskStep).toMatchObject({
      task: {
        steps: {
          totalCount: 2,
          edges: [
            { node: { position: 1, step: 'search', status: 'SUCCEEDED', state: { hits: 3 }, attempt: 1 } },
            { node: { position: 2, step: 'write', status: 'STARTED', state: {}, attempt: 1 } },
          ],
        },
      },
    });
    const done = await api.ok(Complete, { input: { taskId, output: { summary: 'ok' } } }, key);
    expect(done.completeTask).toEqual({
      __typename: 'TaskPayload',
      task: { status: 'SUCCEEDED', output: { summary: 'ok' }, cost: null },
    });
    expect(await verbs(t.organization.id)).toEqual([
      'task.created',
      'task.started',
      'task.step_recorded',
      'task.step_recorded',
      'task.completed',
    ]);
  });

  it('refuses every other transition with InvalidTransitionError', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const taskId = await queued(t, agent.id);
    expect((await api.ok(Complete, { input: { taskId } }, key)).completeTask).toMatchObject({
      from: 'QUEUED',
      to: 'SUCCEEDED',
    });
    expect((await api.ok(Step, { input: { taskId, step: 's', status: 'STARTED' } }, key)).recordTaskStep).toMatchObject(
      {
        __typename: 'InvalidTransitionError',
        from: 'QUEUED',
        message: 'Steps are recorded while the task is RUNNING.',
      },
    );
    expect((await api.ok(Retry, { input: { taskId } }, t.ownerKey)).retryTask).toMatchObject({
      from: 'QUEUED',
      to: 'QUEUED',
    });
    await api.ok(Start, { input: { taskId } }, key);
    expect((await api.ok(Start, { input: { taskId } }, key)).startTask).toMatchObject({
      from: 'RUNNING',
      to: 'RUNNING',
    });
    await api.ok(Complete, { input: { taskId } }, key);
    expect((await api.ok(Fail, { input: { taskId, error: 'late' } }, key)).failTask).toMatchObject({
      from: 'SUCCEEDED',
      to: 'FAILED',
    });
    expect((await api.ok(Cancel, { input: { taskId } }, t.ownerKey)).cancelTask).toMatchObject({
      from: 'SUCCEEDED',
      to: 'CANCELLED',
    });
  });

  it('retries a FAILED task until its maximum attempts', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const taskId = await queued(t, agent.id, { maxAttempts: 2 });
    await api.ok(Start, { input: { taskId } }, key);
    expect((await api.ok(Fail, { input: { taskId, error: 'timeout' } }, key)).failTask).toEqual({
      __typename: 'TaskPayload',
      task: { status: 'FAILED', error: 'timeout' },
    });
    expect((await api.ok(Retry, { input: { taskId } }, t.ownerKey)).retryTask).toEqual({
      __typename: 'TaskPayload',
      task: { status: 'QUEUED', attempts: 1 },
    });
    await api.ok(Start, { input: { taskId } }, key);
    await api.ok(Fail, { input: { taskId, error: 'timeout again' } }, key);
    expect((await api.ok(Retry, { input: { taskId } }, t.ownerKey)).retryTask).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'FAILED',
      to: 'QUEUED',
      message: 'The task has used all 2 attempts.',
    });
    expect((await api.ok(Fail, { input: { taskId, error: '' } }, key)).failTask).toMatchObject({
      __typename: 'ValidationError',
    });
  });

  it('a FAILED task with attempts left may be cancelled (it will not run again); after its last attempt FAILED is final', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const retryable = await queued(t, agent.id, { maxAttempts: 2 });
    await api.ok(Start, { input: { taskId: retryable } }, key);
    await api.ok(Fail, { input: { taskId: retryable, error: 'timeout' } }, key);
    expect((await api.ok(Cancel, { input: { taskId: retryable } }, t.ownerKey)).cancelTask).toEqual({
      __typename: 'TaskPayload',
      task: { status: 'CANCELLED' },
    });
    const spent = await queued(t, agent.id, { maxAttempts: 1 });
    await api.ok(Start, { input: { taskId: spent } }, key);
    await api.ok(Fail, { input: { taskId: spent, error: 'timeout' } }, key);
    for (const token of [t.ownerKey, key])
      expect((await api.ok(Cancel, { input: { taskId: spent } }, token)).cancelTask).toEqual({
        __typename: 'InvalidTransitionError',
        from: 'FAILED',
        to: 'CANCELLED',
      });
    const task = await prisma.task.findUniqueOrThrow({ where: { id: decodeGlobalId(spent).id } });
    expect(task.status).toBe('FAILED');
    expect((await verbs(t.organization.id)).filter((v) => v === 'task.cancelled')).toHaveLength(1);
  });

  it('people or the agent may cancel', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const byPerson = await queued(t, agent.id);
    expect(
      (await api.ok(Cancel, { input: { taskId: byPerson, reason: 'not needed' } }, t.ownerKey)).cancelTask,
    ).toEqual({
      __typename: 'TaskPayload',
      task: { status: 'CANCELLED' },
    });
    const byAgent = await queued(t, agent.id);
    await api.ok(Start, { input: { taskId: byAgent } }, key);
    expect((await api.ok(Cancel, { input: { taskId: byAgent } }, key)).cancelTask).toMatchObject({
      task: { status: 'CANCELLED' },
    });
  });

  it("only the task's own agent drives it: another agent's key finds nothing, a person is FORBIDDEN", async () => {
    const t = await newTenant();
    const { agent } = await worker(t);
    const other = await worker(t);
    const taskId = await queued(t, agent.id);
    expect((await api.ok(Start, { input: { taskId } }, other.key)).startTask).toEqual({
      __typename: 'NotFoundError',
      message: 'Task not found.',
    });
    expect((await api.ok(Cancel, { input: { taskId } }, other.key)).cancelTask.__typename).toBe('NotFoundError');
    const person = await api.gql(Start, { input: { taskId } }, t.ownerKey);
    expect(person.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const operator = await t.member('OPERATOR');
    expect((await api.gql(Start, { input: { taskId } }, operator.key)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await prisma.task.findFirstOrThrow({ where: { organizationId: t.organization.id } })).status).toBe(
      'QUEUED',
    );
  });
});

describe('outcomes, cost and live updates', () => {
  it('charges a completed task’s cost to the ledger (agent and context budgets) and counts its tokens', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const budget = await t.budget({ agentId: agent.id, limit: '10' });
    const ctx = await api.ok(
      CreateContext,
      { input: { name: 'c', collaborationModel: 'PARALLEL', participants: [{ agentId: gid('Agent', agent.id) }] } },
      t.ownerKey,
    );
    const contextId = ctx.createContext.__typename === 'AgentContextPayload' ? ctx.createContext.context.id : '';
    const contextBudget = await createBudget(t.caller, {
      subject: { type: 'CONTEXT', contextId: Buffer.from(contextId, 'base64url').toString().split(':')[1] ?? null },
      name: 'context',
      window: 'TOTAL',
      limit: '100',
      thresholds: [],
      highPriorityReserve: 0,
      currency: 'USD',
    });
    const taskId = await queued(t, agent.id, { contextId });
    await api.ok(Start, { input: { taskId } }, key);
    const done = await api.ok(
      Complete,
      { input: { taskId, cost: '2.5', usage: { inputTokens: 10, outputTokens: 5 } } },
      key,
    );
    expect(done.completeTask).toMatchObject({ task: { status: 'SUCCEEDED', cost: '2.5' } });
    expect((await api.ok(BudgetSpent, { id: gid('Budget', budget.id) }, t.ownerKey)).budget).toEqual({ spent: '2.5' });
    expect((await api.ok(BudgetSpent, { id: gid('Budget', contextBudget.id) }, t.ownerKey)).budget).toEqual({
      spent: '2.5',
    });
    const entries = await prisma.spendEntry.findMany({ where: { budgetId: budget.id } });
    expect(entries.map((e) => [e.kind, e.spentDelta.toString()])).toEqual([['SETTLE', '2.5']]);
    const reservation = await prisma.spendReservation.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(reservation).toMatchObject({
      status: 'SETTLED',
      service: 'task',
      usage: { inputTokens: 10, outputTokens: 5, apiCalls: 0 },
    });
    const negative = await api.ok(Complete, { input: { taskId, cost: '-1' } }, key);
    expect(negative.completeTask).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'cost'] }],
    });
  });

  it('a cost that would carry a budget past what the ledger holds is a ValidationError on input.cost; the task stays RUNNING', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const budget = await t.budget({ agentId: agent.id, limit: '999999999999' });
    await send(
      api.url,
      'mutation($input: AdjustBudgetInput!) { adjustBudget(input: $input) { __typename } }',
      { input: { budgetId: gid('Budget', budget.id), amount: '999999999000', reason: 'most of it' } },
      t.ownerKey,
    );
    const taskId = await queued(t, agent.id);
    await api.ok(Start, { input: { taskId } }, key);
    const entries = await prisma.spendEntry.count({ where: { budgetId: budget.id } });
    const done = await api.ok(Complete, { input: { taskId, cost: '999999999999' } }, key);
    expect(done.completeTask).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'cost'] }] });
    expect(await prisma.spendEntry.count({ where: { budgetId: budget.id } })).toBe(entries);
    expect((await api.ok(GetTask, { id: taskId }, t.ownerKey)).task?.status).toBe('RUNNING');
  });

  it('task outcomes move the reliability dimension of trust', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const reliability = async () =>
      (await api.ok(AgentTasks, { id: gid('Agent', agent.id) }, t.ownerKey)).agent?.trustScore?.reliability ?? 0;
    const before = await reliability();
    for (let i = 0; i < 3; i++) {
      const taskId = await queued(t, agent.id, { maxAttempts: 1 });
      await api.ok(Start, { input: { taskId } }, key);
      await api.ok(Fail, { input: { taskId, error: 'broke' } }, key);
    }
    const afterFailures = await reliability();
    expect(afterFailures).toBeLessThan(before);
    for (let i = 0; i < 6; i++) {
      const taskId = await queued(t, agent.id);
      await api.ok(Start, { input: { taskId } }, key);
      await api.ok(Complete, { input: { taskId } }, key);
    }
    expect(await reliability()).toBeGreaterThan(afterFailures);
    expect((await api.ok(AgentTasks, { id: gid('Agent', agent.id) }, t.ownerKey)).agent?.tasks.totalCount).toBe(9);
  });

  it('taskUpdated pushes each change of the task it names', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const taskId = await queued(t, agent.id);
    const noise = await queued(t, agent.id);
    const live = await subscribeWs(
      api.url,
      Updated,
      { filter: { taskId }, after: await headOf(t.organization.id) },
      t.ownerKey,
    );
    try {
      await api.ok(Start, { input: { taskId: noise } }, key);
      await api.ok(Start, { input: { taskId } }, key);
      await api.ok(Step, { input: { taskId, step: 'one', status: 'SUCCEEDED' } }, key);
      await api.ok(Complete, { input: { taskId } }, key);
      const got = await live.waitFor(3);
      expect(got.map((g) => g.taskUpdated.status)).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
      await new Promise((r) => setTimeout(r, 150));
      expect(live.data).toHaveLength(3);
    } finally {
      await live.close();
    }
  });

  it('lists and filters tasks', async () => {
    const t = await newTenant();
    const { agent, key } = await worker(t);
    const other = await activeAgent(t);
    const a = await queued(t, agent.id);
    await queued(t, other.id);
    await api.ok(Start, { input: { taskId: a } }, key);
    const running = await api.ok(ListTasks, { filter: { status: ['RUNNING'] } }, t.ownerKey);
    expect(running.tasks.edges.map((e) => e.node.id)).toEqual([a]);
    const mine = await api.ok(ListTasks, { filter: { agentId: gid('Agent', other.id) } }, t.ownerKey);
    expect(mine.tasks.totalCount).toBe(1);
    expect((await api.ok(GetTask, { id: a }, t.ownerKey)).task).toMatchObject({
      status: 'RUNNING',
      goal: 'Summarize Q3',
    });
  });
});

describe('tenant isolation', () => {
  it('another organization cannot see, drive, cancel or listen to a task', async () => {
    const t = await newTenant();
    const rival = await newTenant();
    const { agent, key } = await worker(t);
    const rivalWorker = await worker(rival);
    const taskId = await queued(t, agent.id);
    const spy = await subscribeWs(api.url, Updated, { filter: { taskId } }, rival.ownerKey);
    const live = await subscribeWs(
      api.url,
      Updated,
      { filter: { taskId }, after: await headOf(t.organization.id) },
      t.ownerKey,
    );
    try {
      expect((await api.ok(GetTask, { id: taskId }, rival.ownerKey)).task).toBeNull();
      expect((await api.ok(ListTasks, {}, rival.ownerKey)).tasks.totalCount).toBe(0);
      expect((await api.ok(Start, { input: { taskId } }, rivalWorker.key)).startTask).toEqual({
        __typename: 'NotFoundError',
        message: 'Task not found.',
      });
      expect((await api.ok(Cancel, { input: { taskId } }, rival.ownerKey)).cancelTask.__typename).toBe('NotFoundError');
      expect(
        (await api.ok(CreateTask, { input: { agentId: gid('Agent', agent.id), goal: 'x' } }, rival.ownerKey))
          .createTask,
      ).toEqual({ __typename: 'NotFoundError', message: 'Agent not found.' });
      await api.ok(Start, { input: { taskId } }, key);
      await live.waitFor(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(spy.data).toEqual([]);
    } finally {
      await spy.close();
      await live.close();
    }
  });
});
