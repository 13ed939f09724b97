// Issue 17 §5: the emergency stop. haltAgents refuses every decision, spend authorization, task
// start and message of the halted agents (or the whole organization) with a reason that names
// the halt; reservations already open can still be settled; resumeAgents lifts it; both are
// events; only agents:halt (OWNER, ADMIN) may do either.
import { beforeEach, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/transaction.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { createTaskIn } from '../../src/modules/tasks/tasks.service.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const post = (query: string, variables: unknown, token: string) =>
  postGraphQL(api.url, query, variables, token).then((r) => r.body);

const Halt = `mutation($input: HaltAgentsInput!) { haltAgents(input: $input) {
  __typename ... on HaltPayload { organization { haltedAt haltReason } agents { id haltedAt haltReason } } ... on Error { code message } } }`;
const Resume = `mutation($input: ResumeAgentsInput!) { resumeAgents(input: $input) {
  __typename ... on HaltPayload { organization { haltedAt } agents { id haltedAt } } ... on Error { code message } } }`;
const Evaluate = `mutation($input: EvaluateActionInput!) { evaluateAction(input: $input) { ... on Decision { outcome reasons } } }`;
const Authorize = `mutation($input: AuthorizeSpendInput!) { authorizeSpend(input: $input) {
  __typename ... on SpendDecision { outcome reasons reservation { id } } } }`;
const Settle = `mutation($input: SettleSpendInput!) { settleSpend(input: $input) { __typename } }`;
const Start = `mutation($input: StartTaskInput!) { startTask(input: $input) { __typename ... on Error { message } } }`;

let t: Tenant;
let agent: { id: string; gid: string };
let other: { id: string; gid: string };
beforeEach(async () => {
  t = await newTenant('Halting');
  const make = async (slug: string) => {
    const a = await t.agent({ slug });
    await t.version(a.id, '1.0.0', { publish: true });
    return { id: a.id, gid: encodeGlobalId('Agent', a.id) };
  };
  agent = await make('halted-one');
  other = await make('still-running');
  await t.budget({ limit: '100' });
});

const evaluate = (a: { gid: string }) =>
  post(Evaluate, { input: { agentId: a.gid, action: 'kb.search', scopes: ['kb:read'] } }, t.ownerKey).then(
    (r) => r.data?.evaluateAction,
  );
const authorize = (a: { gid: string }, key: string) =>
  post(Authorize, { input: { agentId: a.gid, amount: '1.00', service: 'llm', requestKey: key } }, t.ownerKey).then(
    (r) => r.data?.authorizeSpend,
  );

describe('the emergency stop', () => {
  it('a halted agent is refused everything, naming the halt; others go on; open reservations still settle', async () => {
    const open = (await authorize(agent, 'before-halt')) as { reservation: { id: string } };
    const task = await transact((tx) =>
      createTaskIn(tx, t.caller, {
        agentId: agent.id,
        contextGiven: false,
        contextId: null,
        goal: 'summarize',
        input: {},
        priority: 'NORMAL',
        sandbox: false,
        maxAttempts: 1,
      } as never),
    );

    const context = await post(
      `mutation($input: CreateContextInput!) { createContext(input: $input) { ... on AgentContextPayload { context { id } } } }`,
      {
        input: {
          name: 'Ops',
          collaborationModel: 'HIERARCHICAL',
          participants: [{ agentId: agent.gid, role: 'LEAD' }, { agentId: other.gid }],
        },
      },
      t.ownerKey,
    );
    const contextId = (context.data?.createContext as { context: { id: string } }).context.id;

    const halted = await post(Halt, { input: { reason: 'runaway loop', agentIds: [agent.gid] } }, t.ownerKey);
    expect(halted.data?.haltAgents).toMatchObject({
      __typename: 'HaltPayload',
      organization: { haltedAt: null },
      agents: [{ id: agent.gid, haltReason: 'runaway loop' }],
    });

    expect(await evaluate(agent)).toEqual({ outcome: 'DENY', reasons: ['the agent is halted: runaway loop'] });
    expect(await authorize(agent, 'after-halt')).toMatchObject({
      outcome: 'REJECTED',
      reasons: ['the agent is halted: runaway loop'],
      reservation: null,
    });
    const agentKey = await t.agentKey(agent.id, ['tasks:run', 'tasks:read']);
    const start = await post(Start, { input: { taskId: encodeGlobalId('Task', task.id) } }, agentKey);
    expect(start.errors, JSON.stringify(start.errors)).toBeUndefined();
    expect(start.data?.startTask).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringMatching(/halted: runaway loop/),
    });
    const message = await post(
      `mutation($input: PostContextMessageInput!) { postContextMessage(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          contextId,
          fromAgentId: agent.gid,
          toAgentIds: [],
          type: 'BROADCAST',
          content: { text: 'still here' },
        },
      },
      t.ownerKey,
    );
    expect(message.data?.postContextMessage).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringMatching(/halted: runaway loop/),
    });
    expect(await prisma.contextMessage.count({ where: { organizationId: t.organization.id } })).toBe(0);
    expect(await prisma.violation.count({ where: { organizationId: t.organization.id } })).toBe(0);
    expect(await evaluate(other)).toMatchObject({ outcome: 'ALLOW' });
    // What was reserved before the halt can still be settled.
    const settled = await post(
      Settle,
      { input: { reservationId: open.reservation.id, actualAmount: '0.50' } },
      t.ownerKey,
    );
    expect(settled.data?.settleSpend).toEqual({ __typename: 'SpendReservationPayload' });

    const resumed = await post(Resume, { input: { agentIds: [agent.gid] } }, t.ownerKey);
    expect(resumed.data?.resumeAgents).toMatchObject({ agents: [{ id: agent.gid, haltedAt: null }] });
    expect(await evaluate(agent)).toMatchObject({ outcome: 'ALLOW' });
    const verbs = (
      await prisma.activityEvent.findMany({
        where: { organizationId: t.organization.id, verb: { in: ['agent.halted', 'agent.resumed'] } },
        orderBy: { sequence: 'asc' },
      })
    ).map((e) => [e.verb, e.subjectId]);
    expect(verbs).toEqual([
      ['agent.halted', agent.id],
      ['agent.resumed', agent.id],
    ]);
  });

  it('an empty agentIds is a ValidationError and halts nothing', async () => {
    const answer = await post(Halt, { input: { reason: 'x', agentIds: [] } }, t.ownerKey);
    expect(answer.data?.haltAgents).toMatchObject({ __typename: 'ValidationError' });
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: t.organization.id } })).toMatchObject({
      haltedAt: null,
    });
  });

  it('naming more than 100 agents is a ValidationError (halt the organization instead) and halts nothing', async () => {
    const many = Array.from({ length: 101 }, () => agent.gid);
    for (const [mutation, input] of [
      [Halt, { reason: 'x', agentIds: many }],
      [Resume, { agentIds: many }],
    ] as const) {
      const answer = await post(mutation, { input }, t.ownerKey);
      expect(Object.values(answer.data ?? {})[0]).toMatchObject({
        __typename: 'ValidationError',
        message: 'input.agentIds: must name at most 100 agents (leave it out for the whole organization)',
      });
    }
    expect(await prisma.agent.count({ where: { organizationId: t.organization.id, haltedAt: { not: null } } })).toBe(0);
  });

  it('under concurrent authorizations, none is allowed after the halt is acknowledged', async () => {
    const racing = Array.from({ length: 30 }, (_, i) => authorize(agent, `race-${i}`));
    const halted = await post(Halt, { input: { reason: 'mid-burst', agentIds: [agent.gid] } }, t.ownerKey);
    expect(halted.data?.haltAgents).toMatchObject({ __typename: 'HaltPayload' });
    const haltCommitted = Date.now();
    await Promise.all(racing);
    const after = await Promise.all(Array.from({ length: 20 }, (_, i) => authorize(agent, `after-${i}`)));
    expect(after.every((d) => (d as { outcome: string }).outcome === 'REJECTED')).toBe(true);
    // Every reservation the ledger holds was created before the halt's commit was acknowledged.
    const late = await prisma.spendReservation.count({
      where: { agentId: agent.id, status: 'PENDING', createdAt: { gt: new Date(haltCommitted) } },
    });
    expect(late).toBe(0);
  });

  /**
   * 30 authorizations and decisions of `target` sent, `stop` sent amid them (it appends `verb`),
   * then `lift`: nothing allowed may follow the stop in the log.
   */
  async function raceStop(
    target: { id: string; gid: string },
    round: number,
    stop: () => Promise<unknown>,
    verb: string,
    lift: () => Promise<unknown>,
    /** Spend is governed by budgets, not policies: a policy race looks at decisions only. */
    decisionsOnly = false,
  ) {
    const racing = Array.from({ length: 30 }, (_, i) =>
      i % 3 ? authorize(target, `log-race-${verb}-${round}-${i}`) : evaluate(target),
    );
    await stop();
    await Promise.all(racing);
    const log = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, OR: [{ agentId: target.id }, { verb }] },
      orderBy: { sequence: 'asc' },
      select: { verb: true, sequence: true, payload: true },
    });
    const stoppedAt = log.findLast((e) => e.verb === verb)?.sequence;
    expect(stoppedAt).toBeDefined();
    const allowed = (e: (typeof log)[number]) =>
      (!decisionsOnly && (e.verb === 'spend.authorized' || e.verb === 'spend.downgraded')) ||
      (e.verb === 'decision.recorded' && (e.payload as { outcome?: string }).outcome === 'ALLOW');
    expect(log.filter((e) => allowed(e) && e.sequence > (stoppedAt ?? 0))).toEqual([]);
    await lift();
  }

  it('an authorization or decision racing the halt commits before it or is refused: nothing allowed follows the halt in the log', async () => {
    for (let round = 0; round < 4; round++) {
      const target = round % 2 ? other : agent;
      const whole = round >= 2;
      await raceStop(
        target,
        round,
        async () => {
          const halted = await post(
            Halt,
            { input: { reason: `round ${round}`, ...(whole ? {} : { agentIds: [target.gid] }) } },
            t.ownerKey,
          );
          expect(halted.data?.haltAgents).toMatchObject({ __typename: 'HaltPayload' });
        },
        whole ? 'organization.halted' : 'agent.halted',
        () => post(Resume, { input: whole ? {} : { agentIds: [target.gid] } }, t.ownerKey),
      );
    }
  });

  it('an authorization or decision racing suspendAgent commits before it or is refused: nothing allowed follows agent.suspended', async () => {
    const status = (name: string) => `mutation($input: SuspendAgentInput!) { ${name}(input: $input) { __typename } }`;
    for (let round = 0; round < 3; round++) {
      const target = round % 2 ? other : agent;
      await raceStop(
        target,
        round,
        async () => {
          const r = await post(status('suspendAgent'), { input: { agentId: target.gid } }, t.ownerKey);
          expect(r.data).toEqual({ suspendAgent: { __typename: 'AgentPayload' } });
        },
        'agent.suspended',
        () =>
          post(
            status('reactivateAgent').replace('SuspendAgentInput', 'ReactivateAgentInput'),
            { input: { agentId: target.gid } },
            t.ownerKey,
          ),
      );
    }
  });

  it('decisions racing a new policy that denies them are decided before it commits or by it: no ALLOW follows policy.created', async () => {
    const create = `mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { __typename } }`;
    const disable = `mutation($input: DisablePolicyInput!) { disablePolicy(input: $input) { __typename } }`;
    for (let round = 0; round < 3; round++) {
      let policyId = '';
      await raceStop(
        agent,
        round,
        async () => {
          const r = await post(
            create,
            {
              input: {
                key: `DENY-KB-${round}`,
                name: 'no kb',
                kind: 'RBAC',
                defaultSeverity: 'LOW',
                rules: { allowedScopes: { UTILITY: ['email:send'] } },
              },
            },
            t.ownerKey,
          );
          expect(r.data).toEqual({ createPolicy: { __typename: 'PolicyPayload' } });
          policyId = encodeGlobalId(
            'Policy',
            (
              await prisma.policy.findFirstOrThrow({
                where: { organizationId: t.organization.id, key: `DENY-KB-${round}` },
              })
            ).id,
          );
        },
        'policy.created',
        () => post(disable, { input: { policyId } }, t.ownerKey),
        true,
      );
    }
  });

  it('without agentIds the whole organization is halted, until it is resumed', async () => {
    await post(Halt, { input: { reason: 'incident 42' } }, t.ownerKey);
    expect(await evaluate(other)).toEqual({ outcome: 'DENY', reasons: ['the organization is halted: incident 42'] });
    expect(await authorize(other, 'org-halt')).toMatchObject({
      outcome: 'REJECTED',
      reasons: ['the organization is halted: incident 42'],
    });
    const again = await post(Resume, { input: {} }, t.ownerKey);
    expect(again.data?.resumeAgents).toMatchObject({ organization: { haltedAt: null } });
    expect(await evaluate(other)).toMatchObject({ outcome: 'ALLOW' });
    expect((await post(Resume, { input: {} }, t.ownerKey)).data?.resumeAgents).toMatchObject({
      __typename: 'ConflictError',
    });
  });

  it('needs agents:halt (OWNER, ADMIN): a GOVERNOR is FORBIDDEN, and another organization’s agent is NotFoundError', async () => {
    const governor = await t.member('GOVERNOR');
    const refused = await post(Halt, { input: { reason: 'x', agentIds: [agent.gid] } }, governor.key);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const rival = await newTenant('Rival');
    const foreign = await post(Halt, { input: { reason: 'x', agentIds: [agent.gid] } }, rival.ownerKey);
    expect(foreign.data?.haltAgents).toMatchObject({ __typename: 'NotFoundError' });
    expect((await prisma.agent.findUniqueOrThrow({ where: { id: agent.id } })).haltedAt).toBeNull();
  });
});
