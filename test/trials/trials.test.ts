import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../src/clock.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { sweepExpiredTrials } from '../../src/modules/trials/trials.service.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { headOf, newTenant, signJwt, type Tenant } from '../seed.js';

const api = useTestApi();
afterEach(() => clock.set());

const CreateCustomer = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      __typename
      ... on CustomerPayload { customer { id name email } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
    }
  }
`);
const Start = graphql(`
  mutation StartTrial($input: StartTrialInput!) {
    startTrial(input: $input) {
      __typename
      ... on TrialPayload { trial { id status daysRemaining expiresAt listing { name version } } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
      ... on NotFoundError { message }
    }
  }
`);
const CancelT = graphql(`
  mutation CancelTrial($input: CancelTrialInput!) {
    cancelTrial(input: $input) { __typename ... on TrialPayload { trial { status cancelReason endedAt } } ... on InvalidTransitionError { from to } ... on NotFoundError { message } }
  }
`);
const ConvertT = graphql(`
  mutation ConvertTrial($input: ConvertTrialInput!) {
    convertTrial(input: $input) { __typename ... on TrialPayload { trial { status planReference daysRemaining } } ... on InvalidTransitionError { from to } ... on ValidationError { issues { path } } }
  }
`);
const CompleteT = graphql(`
  mutation CompleteTrial($input: CompleteTrialInput!) {
    completeTrial(input: $input) { __typename ... on TrialPayload { trial { status } } ... on InvalidTransitionError { from to } }
  }
`);
const ExtendT = graphql(`
  mutation ExtendTrial($input: ExtendTrialInput!) {
    extendTrial(input: $input) { __typename ... on TrialPayload { trial { daysRemaining } } ... on TrialNotActiveError { status } ... on ValidationError { issues { path } } }
  }
`);
const Execute = graphql(`
  mutation ExecuteTrialTask($input: ExecuteTrialTaskInput!) {
    executeTrialTask(input: $input) {
      __typename
      ... on TrialTaskPayload { taskId taskStatus }
      ... on TrialNotActiveError { status message }
      ... on BudgetExceededError { message budgetId }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { message }
      ... on PolicyDeniedError { reasons violationId }
    }
  }
`);
const Deliver = graphql(`
  mutation AddDeliverable($input: AddTrialDeliverableInput!) {
    addTrialDeliverable(input: $input) {
      __typename
      ... on TrialDeliverablePayload { deliverable { id title } }
      ... on TrialNotActiveError { status }
      ... on ValidationError { issues { path message } }
    }
  }
`);
const GetTrial = graphql(`
  query GetTrial($id: ID!) {
    trial(id: $id) { status daysRemaining endedAt deliverables(first: 10) { totalCount edges { node { title content url } } } }
  }
`);
const ListTrials = graphql(`
  query ListTrials($filter: TrialsFilter) { trials(first: 50, filter: $filter) { totalCount edges { node { id status } } } }
`);
const Marketplace = graphql(`
  query Marketplace($filter: MarketplaceFilter) {
    marketplaceAgents(first: 20, filter: $filter) { edges { node { id name version trustTier tags trialStats { started converted conversionRate } } } }
  }
`);
const CustomerView = graphql(`query CustomerView { agents(first: 5) { totalCount } }`);
const CustomersList = graphql(`query CustomersList { customers(first: 10) { totalCount } }`);
const StartTask = graphql(`
  mutation StartTrialTaskRun($input: StartTaskInput!) { startTask(input: $input) { __typename } }
`);
const CompleteTask = graphql(`
  mutation CompleteTrialTaskRun($input: CompleteTaskInput!) { completeTask(input: $input) { __typename } }
`);
const Updated = graphql(`
  subscription TrialUpdated($filter: TrialStreamFilter, $after: String) { trialUpdated(filter: $filter, after: $after) { status } }
`);

const gid = (type: string, id: string) => encodeGlobalId(type, id);
const DAY = 86_400_000;

async function offered(t: Tenant, name = 'Writer', tags: string[] = []) {
  const a = await t.agent({ name, tags });
  await t.version(a.id, '2.1.0', { publish: true });
  return a;
}

let n = 0;
async function customer(t: Tenant, name = 'Ada') {
  const r = await api.ok(
    CreateCustomer,
    { input: { name, email: `c${++n}-${Math.random()}@example.com`, externalRef: `crm-${n}-${Math.random()}` } },
    t.ownerKey,
  );
  if (r.createCustomer.__typename !== 'CustomerPayload') throw new Error(JSON.stringify(r.createCustomer));
  const id = r.createCustomer.customer.id;
  const dbId = Buffer.from(id, 'base64url').toString().split(':')[1] as string;
  return { id, jwt: await signJwt({ sub: dbId, org: t.organization.id }) };
}

async function started(t: Tenant, agentId: string, customerId: string, extra: Record<string, unknown> = {}) {
  const r = await api.ok(Start, { input: { agentId: gid('Agent', agentId), customerId, ...extra } }, t.ownerKey);
  if (r.startTrial.__typename !== 'TrialPayload') throw new Error(JSON.stringify(r.startTrial));
  return r.startTrial.trial.id;
}

const verbs = async (organizationId: string) =>
  (
    await prisma.activityEvent.findMany({
      where: { organizationId, subjectType: 'Trial' },
      orderBy: { sequence: 'asc' },
    })
  ).map((e) => e.verb);

describe('customers', () => {
  it('creates customers with unique email and external reference, validating input', async () => {
    const t = await newTenant();
    const ok = await api.ok(
      CreateCustomer,
      { input: { name: 'Ada', email: 'ADA@example.com', externalRef: 'x1' } },
      t.ownerKey,
    );
    expect(ok.createCustomer).toMatchObject({ customer: { name: 'Ada', email: 'ada@example.com' } });
    const dup = await api.ok(CreateCustomer, { input: { name: 'Ada 2', email: 'ada@example.com' } }, t.ownerKey);
    expect(dup.createCustomer).toEqual({
      __typename: 'ConflictError',
      message: 'A customer with that email or external reference already exists.',
    });
    const bad = await api.ok(CreateCustomer, { input: { name: '', email: 'nope' } }, t.ownerKey);
    expect(bad.createCustomer).toMatchObject({
      issues: [{ path: ['input', 'name'] }, { path: ['input', 'email'], message: 'must be an email address' }],
    });
    expect((await api.ok(CustomersList, {}, t.ownerKey)).customers.totalCount).toBe(1);
  });
});

describe('the marketplace', () => {
  it('lists ACTIVE published agents with their version, trust tier and trial statistics, filtered', async () => {
    const t = await newTenant();
    const writer = await offered(t, 'Writer', ['docs']);
    await offered(t, 'Coder', ['code']);
    await t.agent({ name: 'Draft only' });
    const c1 = await customer(t);
    const c2 = await customer(t);
    const converted = await started(t, writer.id, c1.id);
    await api.ok(ConvertT, { input: { trialId: converted, planReference: 'pro-annual' } }, t.ownerKey);
    await started(t, writer.id, c2.id);
    const all = await api.ok(Marketplace, {}, c1.jwt);
    expect(all.marketplaceAgents.edges.map((e) => e.node.name)).toEqual(['Coder', 'Writer']);
    expect(all.marketplaceAgents.edges[1]?.node).toMatchObject({
      version: '2.1.0',
      trustTier: expect.any(String),
      trialStats: { started: 2, converted: 1, conversionRate: 0.5 },
    });
    expect((await api.ok(Marketplace, { filter: { tag: 'code' } }, t.ownerKey)).marketplaceAgents.edges).toHaveLength(
      1,
    );
    expect(
      (await api.ok(Marketplace, { filter: { search: 'writ' } }, t.ownerKey)).marketplaceAgents.edges,
    ).toHaveLength(1);
    expect(
      (await api.ok(Marketplace, { filter: { minTrustTier: 'VERIFIED' } }, t.ownerKey)).marketplaceAgents.edges,
    ).toHaveLength(0);
  });
});

describe('the trial lifecycle', () => {
  it('starts a 7-day trial with its capped TOTAL budget, and refuses agents that are not offered', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const r = await api.ok(Start, { input: { agentId: gid('Agent', a.id), customerId: c.id } }, t.ownerKey);
    expect(r.startTrial).toMatchObject({
      trial: { status: 'ACTIVE', daysRemaining: 7, listing: { name: 'Writer', version: '2.1.0' } },
    });
    const trial = await prisma.trial.findFirstOrThrow({ where: { organizationId: t.organization.id } });
    const budget = await prisma.budget.findUniqueOrThrow({ where: { id: trial.budgetId as string } });
    expect(budget).toMatchObject({ subjectType: 'TRIAL', subjectId: trial.id, window: 'TOTAL' });
    expect(budget.limit.toString()).toBe('25');
    expect(await verbs(t.organization.id)).toEqual(['trial.started']);

    const draft = await t.agent();
    expect(
      (await api.ok(Start, { input: { agentId: gid('Agent', draft.id), customerId: c.id } }, t.ownerKey)).startTrial,
    ).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'agentId'], message: 'the agent must be ACTIVE with a published version' }],
    });
    expect(
      (await api.ok(Start, { input: { agentId: gid('Agent', a.id), customerId: c.id, days: 0 } }, t.ownerKey))
        .startTrial,
    ).toMatchObject({ issues: [{ path: ['input', 'days'] }] });
    expect(
      (await api.ok(Start, { input: { agentId: gid('Agent', a.id), customerId: gid('Customer', a.id) } }, t.ownerKey))
        .startTrial,
    ).toEqual({ __typename: 'NotFoundError', message: 'Customer not found.' });
  });

  it('allows one trial per customer and agent, ever, also under concurrent starts (extendTrial gives more time)', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.ok(Start, { input: { agentId: gid('Agent', a.id), customerId: c.id } }, t.ownerKey),
      ),
    );
    const kinds = results.map((r) => r.startTrial.__typename).sort();
    expect(kinds).toEqual([
      'ConflictError',
      'ConflictError',
      'ConflictError',
      'ConflictError',
      'ConflictError',
      'TrialPayload',
    ]);
    expect(await prisma.trial.count({ where: { organizationId: t.organization.id } })).toBe(1);
    expect(await prisma.budget.count({ where: { organizationId: t.organization.id, subjectType: 'TRIAL' } })).toBe(1);
    // Not after it ended either (the seed's UNIQUE(customer_id, agent_id)).
    const trialId = (await prisma.trial.findFirstOrThrow({ where: { organizationId: t.organization.id } })).id;
    await api.ok(CancelT, { input: { trialId: gid('Trial', trialId) } }, t.ownerKey);
    const again = await api.ok(Start, { input: { agentId: gid('Agent', a.id), customerId: c.id } }, t.ownerKey);
    expect(again.startTrial).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringMatching(/one trial per customer and agent/),
    });
  });

  it('ends by cancel, convert or complete; every other step is refused', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const one = await started(t, a.id, c.id);
    expect(
      (await api.ok(CancelT, { input: { trialId: one, reason: 'not now' } }, t.ownerKey)).cancelTrial,
    ).toMatchObject({
      trial: { status: 'CANCELLED', cancelReason: 'not now' },
    });
    expect(
      (await api.ok(ConvertT, { input: { trialId: one, planReference: 'pro' } }, t.ownerKey)).convertTrial,
    ).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'CANCELLED',
      to: 'CONVERTED',
    });
    const two = await started(t, a.id, (await customer(t, 'Bea')).id);
    expect(
      (await api.ok(ConvertT, { input: { trialId: two, planReference: ' ' } }, t.ownerKey)).convertTrial,
    ).toMatchObject({
      __typename: 'ValidationError',
    });
    expect(
      (await api.ok(ConvertT, { input: { trialId: two, planReference: 'pro-annual' } }, t.ownerKey)).convertTrial,
    ).toEqual({
      __typename: 'TrialPayload',
      trial: { status: 'CONVERTED', planReference: 'pro-annual', daysRemaining: 0 },
    });
    const three = await started(t, a.id, (await customer(t, 'Cy')).id);
    expect((await api.ok(CompleteT, { input: { trialId: three } }, t.ownerKey)).completeTrial).toMatchObject({
      trial: { status: 'COMPLETED' },
    });
    expect((await api.ok(CompleteT, { input: { trialId: three } }, t.ownerKey)).completeTrial).toMatchObject({
      from: 'COMPLETED',
      to: 'COMPLETED',
    });
    expect(await verbs(t.organization.id)).toEqual([
      'trial.started',
      'trial.cancelled',
      'trial.started',
      'trial.converted',
      'trial.started',
      'trial.completed',
    ]);
  });

  it('expires on time: EXPIRED whenever read after expiresAt, recorded once by the sweep; extend is ADMIN only', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const trialId = await started(t, a.id, c.id, { days: 2 });
    const operator = await t.member('OPERATOR');
    expect((await api.gql(ExtendT, { input: { trialId, days: 1 } }, operator.key)).errors?.[0]?.extensions.code).toBe(
      'FORBIDDEN',
    );
    expect((await api.ok(ExtendT, { input: { trialId, days: 1 } }, t.ownerKey)).extendTrial).toEqual({
      __typename: 'TrialPayload',
      trial: { daysRemaining: 3 },
    });
    const base = Date.now();
    clock.set(() => new Date(base + 2.5 * DAY));
    expect((await api.ok(GetTrial, { id: trialId }, t.ownerKey)).trial).toMatchObject({
      status: 'ACTIVE',
      daysRemaining: 1,
    });
    clock.set(() => new Date(base + 3 * DAY + 1000));
    expect((await api.ok(GetTrial, { id: trialId }, t.ownerKey)).trial).toMatchObject({
      status: 'EXPIRED',
      daysRemaining: 0,
    });
    expect((await api.ok(ListTrials, { filter: { status: ['EXPIRED'] } }, t.ownerKey)).trials.totalCount).toBe(1);
    expect((await api.ok(ListTrials, { filter: { status: ['ACTIVE'] } }, t.ownerKey)).trials.totalCount).toBe(0);
    expect((await api.ok(ExtendT, { input: { trialId, days: 1 } }, t.ownerKey)).extendTrial).toEqual({
      __typename: 'TrialNotActiveError',
      status: 'EXPIRED',
    });
    expect((await api.ok(CancelT, { input: { trialId } }, t.ownerKey)).cancelTrial).toMatchObject({ from: 'EXPIRED' });
    expect(await sweepExpiredTrials()).toBeGreaterThanOrEqual(1);
    expect(await sweepExpiredTrials()).toBe(0);
    expect((await verbs(t.organization.id)).filter((v) => v === 'trial.expired')).toHaveLength(1);
    // One trial per customer and agent, ever: an expired trial is not a reason for a second.
    expect(
      (await api.ok(Start, { input: { agentId: gid('Agent', a.id), customerId: c.id } }, t.ownerKey)).startTrial
        .__typename,
    ).toBe('ConflictError');
  });
});

describe('trial tasks and deliverables', () => {
  it("a trial's end cancels its open tasks and releases their reservations; its tasks cannot start after; a cost above the reservation is a violation", async () => {
    const t = await newTenant();
    const a = await offered(t);
    const key = await t.agentKey(a.id, ['tasks:run', 'tasks:read']);
    const taskOf = (r: { executeTrialTask: { __typename: string; taskId?: string } }) =>
      r.executeTrialTask.taskId as string;
    // Two queued tasks under a cap of 2.00, then the trial is cancelled (on main the agent could
    // still start one and complete it at 5.00: the archived budget ended at 265 %).
    const c = await customer(t);
    const trialId = await started(t, a.id, c.id, { budgetCap: '2' });
    const run = () => api.ok(Execute, { input: { trialId, goal: 'Write', estimatedCost: '1' } }, c.jwt);
    const [one, two] = [taskOf(await run()), taskOf(await run())];
    await api.ok(StartTask, { input: { taskId: one } }, key);
    await api.ok(CancelT, { input: { trialId, reason: 'no' } }, c.jwt);
    const dbTrialId = Buffer.from(trialId, 'base64url').toString().split(':')[1] as string;
    const tasks = await prisma.task.findMany({ where: { trialId: dbTrialId } });
    expect(tasks.map((x) => x.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const reservations = await prisma.spendReservation.findMany({
      where: { id: { in: tasks.map((x) => x.reservationId as string) } },
    });
    expect(reservations.map((r) => r.status)).toEqual(['RELEASED', 'RELEASED']);
    expect((await api.ok(StartTask, { input: { taskId: two } }, key)).startTask.__typename).toBe('TrialNotActiveError');
    expect((await api.ok(CompleteTask, { input: { taskId: one, cost: '5' } }, key)).completeTask.__typename).toBe(
      'InvalidTransitionError',
    );
    const trial = await prisma.trial.findUniqueOrThrow({ where: { id: dbTrialId } });
    const usage = await prisma.budgetUsage.findFirstOrThrow({ where: { budgetId: trial.budgetId as string } });
    expect([usage.spent.toString(), usage.reserved.toString()]).toEqual(['0', '0']);

    // A queued task of a trial past its expiry (not yet swept) cannot start.
    const b = await offered(t, 'Other');
    const bKey = await t.agentKey(b.id, ['tasks:run', 'tasks:read']);
    const c2 = await customer(t, 'Eve');
    const trial2 = await started(t, b.id, c2.id, { days: 1, budgetCap: '2' });
    const queued = taskOf(await api.ok(Execute, { input: { trialId: trial2, goal: 'x', estimatedCost: '1' } }, c2.jwt));
    const running = taskOf(
      await api.ok(Execute, { input: { trialId: trial2, goal: 'y', estimatedCost: '1' } }, c2.jwt),
    );
    await api.ok(StartTask, { input: { taskId: running } }, bKey);
    // Completing above the reservation: recorded, and a HIGH BUDGET violation.
    await api.ok(CompleteTask, { input: { taskId: running, cost: '1.5' } }, bKey);
    expect(await prisma.violation.count({ where: { agentId: b.id, category: 'BUDGET', severity: 'HIGH' } })).toBe(1);
    clock.set(() => new Date(Date.now() + 2 * DAY));
    expect((await api.ok(StartTask, { input: { taskId: queued } }, bKey)).startTask.__typename).toBe(
      'TrialNotActiveError',
    );
  });

  it('CONTENT rules see a trial task’s goal and input: a denied one reserves nothing and creates no task', async () => {
    const t = await newTenant();
    await t.policy('CONTENT', { deny: ['^pii://'] });
    const a = await offered(t);
    const c = await customer(t);
    const trialId = await started(t, a.id, c.id);
    for (const input of [{ goal: 'pii://customers' }, { goal: 'summarize', input: { source: { url: 'pii://x' } } }]) {
      const r = await api.ok(Execute, { input: { trialId, ...input } }, c.jwt);
      expect(r.executeTrialTask.__typename).toBe('PolicyDeniedError');
    }
    expect(await prisma.task.count({ where: { agentId: a.id } })).toBe(0);
    expect(await prisma.spendReservation.count({ where: { agentId: a.id } })).toBe(0);
    expect(await prisma.violation.count({ where: { agentId: a.id, category: 'DATA_ACCESS' } })).toBe(2);
    const ok = await api.ok(Execute, { input: { trialId, goal: 'summarize', input: { source: 'public://x' } } }, c.jwt);
    expect(ok.executeTrialTask.__typename).toBe('TrialTaskPayload');
  });

  it('a refused trial task leaves its decision in the log', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const trialId = await started(t, a.id, c.id, { budgetCap: '1' });
    const r = await api.ok(Execute, { input: { trialId, goal: 'x', estimatedCost: '5' } }, c.jwt);
    expect(r.executeTrialTask.__typename).toBe('BudgetExceededError');
    const rejected = await prisma.activityEvent.findMany({ where: { agentId: a.id, verb: 'spend.rejected' } });
    expect(rejected).toHaveLength(1);
    expect(await prisma.violation.count({ where: { agentId: a.id } })).toBe(0);
  });

  it('runs sandbox tasks against the trial budget until the cap, then BudgetExceededError', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const trialId = await started(t, a.id, c.id, { budgetCap: '3' });
    const run = (estimatedCost: string, token = c.jwt) =>
      api.ok(Execute, { input: { trialId, goal: 'Write a haiku', estimatedCost } }, token);
    const first = await run('2');
    expect(first.executeTrialTask).toMatchObject({ taskStatus: 'QUEUED' });
    const over = await run('1.5');
    expect(over.executeTrialTask).toMatchObject({ __typename: 'BudgetExceededError' });
    expect(
      await prisma.task.count({
        where: { trialId: (await prisma.trial.findFirstOrThrow({ where: { organizationId: t.organization.id } })).id },
      }),
    ).toBe(1);

    // The agent completes the task for less than reserved: the difference is free again.
    const key = await t.agentKey(a.id, ['tasks:run', 'tasks:read']);
    const taskId = first.executeTrialTask.__typename === 'TrialTaskPayload' ? first.executeTrialTask.taskId : '';
    expect(
      await prisma.task.findFirstOrThrow({ where: { id: Buffer.from(taskId, 'base64url').toString().split(':')[1] } }),
    ).toMatchObject({ sandbox: true });
    await api.ok(StartTask, { input: { taskId } }, key);
    await api.ok(CompleteTask, { input: { taskId, cost: '0.5' } }, key);
    expect((await run('2.5')).executeTrialTask.__typename).toBe('TrialTaskPayload');
    expect((await run('0.1')).executeTrialTask.__typename).toBe('BudgetExceededError');

    await api.ok(CancelT, { input: { trialId } }, c.jwt);
    expect((await run('0.1')).executeTrialTask).toEqual({
      __typename: 'TrialNotActiveError',
      status: 'CANCELLED',
      message: 'The trial is CANCELLED, not ACTIVE.',
    });
  });

  it('keeps deliverables readable by the customer after the trial is cancelled', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const trialId = await started(t, a.id, c.id);
    expect(
      (await api.ok(Deliver, { input: { trialId, title: 'Empty' } }, t.ownerKey)).addTrialDeliverable,
    ).toMatchObject({ issues: [{ path: ['input', 'content'], message: 'give content, a url, or both' }] });
    expect(
      (await api.ok(Deliver, { input: { trialId, title: 'Bad', url: 'ftp://x' } }, t.ownerKey)).addTrialDeliverable,
    ).toMatchObject({ issues: [{ path: ['input', 'url'] }] });
    expect(
      (await api.ok(Deliver, { input: { trialId, title: 'T', content: 'x', taskId: gid('Task', a.id) } }, t.ownerKey))
        .addTrialDeliverable,
    ).toMatchObject({ issues: [{ path: ['input', 'taskId'], message: 'must be a task of this trial' }] });
    await api.ok(Deliver, { input: { trialId, title: 'Report', content: '# Findings' } }, t.ownerKey);
    await api.ok(Deliver, { input: { trialId, title: 'Deck', url: 'https://example.com/deck' } }, t.ownerKey);
    await api.ok(CancelT, { input: { trialId, reason: 'budget' } }, c.jwt);
    const seen = await api.ok(GetTrial, { id: trialId }, c.jwt);
    expect(seen.trial).toMatchObject({
      status: 'CANCELLED',
      deliverables: {
        totalCount: 2,
        edges: [
          { node: { title: 'Report', content: '# Findings', url: null } },
          { node: { title: 'Deck', content: null, url: 'https://example.com/deck' } },
        ],
      },
    });
    expect(
      (await api.ok(Deliver, { input: { trialId, title: 'Late', content: 'x' } }, t.ownerKey)).addTrialDeliverable,
    ).toEqual({
      __typename: 'TrialNotActiveError',
      status: 'CANCELLED',
    });
  });
});

describe("a customer's view", () => {
  it('a customer JWT sees the marketplace and their own trials, and nothing else of the organization', async () => {
    const t = await newTenant();
    const a = await offered(t);
    const mine = await customer(t, 'Ada');
    const theirs = await customer(t, 'Bob');
    const myTrial = await started(t, a.id, mine.id);
    const theirTrial = await started(t, a.id, theirs.id);
    const list = await api.ok(ListTrials, {}, mine.jwt);
    expect(list.trials.edges.map((e) => e.node.id)).toEqual([myTrial]);
    expect((await api.ok(GetTrial, { id: theirTrial }, mine.jwt)).trial).toBeNull();
    expect((await api.ok(CancelT, { input: { trialId: theirTrial } }, mine.jwt)).cancelTrial).toEqual({
      __typename: 'NotFoundError',
      message: 'Trial not found.',
    });
    expect((await api.gql(CustomerView, {}, mine.jwt)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await api.gql(CustomersList, {}, mine.jwt)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(
      (await api.gql(ConvertT, { input: { trialId: myTrial, planReference: 'x' } }, mine.jwt)).errors?.[0]?.extensions
        .code,
    ).toBe('FORBIDDEN');
    // A customer starts trials for themselves only.
    const b = await offered(t, 'Other');
    const self = await api.ok(Start, { input: { agentId: gid('Agent', b.id) } }, mine.jwt);
    expect(self.startTrial.__typename).toBe('TrialPayload');
    const forOther = await api.ok(Start, { input: { agentId: gid('Agent', b.id), customerId: theirs.id } }, mine.jwt);
    expect(forOther.startTrial).toEqual({ __typename: 'NotFoundError', message: 'Customer not found.' });

    const live = await subscribeWs(api.url, Updated, { after: await headOf(t.organization.id) }, mine.jwt);
    const asOther = await subscribeWs(
      api.url,
      Updated,
      { filter: { customerId: theirs.id }, after: await headOf(t.organization.id) },
      mine.jwt,
    );
    try {
      await api.ok(CancelT, { input: { trialId: theirTrial } }, t.ownerKey);
      await api.ok(CancelT, { input: { trialId: myTrial } }, t.ownerKey);
      const [got] = await live.waitFor(1);
      expect(got?.trialUpdated.status).toBe('CANCELLED');
      await new Promise((r) => setTimeout(r, 200));
      expect(live.data).toHaveLength(1);
      expect(asOther.data).toEqual([]);
    } finally {
      await live.close();
      await asOther.close();
    }
  });
});

describe('tenant isolation', () => {
  it("another organization cannot see, change or hear of a trial, nor sign in the first one's customers", async () => {
    const t = await newTenant();
    const rival = await newTenant();
    const a = await offered(t);
    const c = await customer(t);
    const trialId = await started(t, a.id, c.id);
    const spy = await subscribeWs(api.url, Updated, {}, rival.ownerKey);
    try {
      expect((await api.ok(GetTrial, { id: trialId }, rival.ownerKey)).trial).toBeNull();
      expect((await api.ok(ListTrials, {}, rival.ownerKey)).trials.totalCount).toBe(0);
      expect((await api.ok(Marketplace, {}, rival.ownerKey)).marketplaceAgents.edges).toHaveLength(0);
      expect((await api.ok(CancelT, { input: { trialId } }, rival.ownerKey)).cancelTrial.__typename).toBe(
        'NotFoundError',
      );
      expect(
        (await api.ok(Execute, { input: { trialId, goal: 'x' } }, rival.ownerKey)).executeTrialTask.__typename,
      ).toBe('NotFoundError');
      expect(
        (await api.ok(Start, { input: { agentId: gid('Agent', a.id), customerId: c.id } }, rival.ownerKey)).startTrial,
      ).toEqual({ __typename: 'NotFoundError', message: 'Customer not found.' });
      const dbId = Buffer.from(c.id, 'base64url').toString().split(':')[1] as string;
      const forged = await signJwt({ sub: dbId, org: rival.organization.id });
      expect((await api.gql(ListTrials, {}, forged)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      await api.ok(CompleteT, { input: { trialId } }, t.ownerKey);
      await new Promise((r) => setTimeout(r, 300));
      expect(spy.data).toEqual([]);
    } finally {
      await spy.close();
    }
  });
});
