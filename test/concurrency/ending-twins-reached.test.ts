// The ending calls the schema-wide twins search (every-mutation-twins.test.ts) cannot reach on
// filler arguments — those that need an agent's own key on a RUNNING task, or the invited
// person's token — each set up properly and sent several times at once: one twin ends the
// object, every other gets a typed answer, one event is appended, and money moves once.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { prisma, useTestApi } from '../harness.js';
import { send } from '../schema-calls.js';
import { newTenant, signJwt, type Tenant } from '../seed.js';

const api = useTestApi();
const TWINS = 6;
const gid = encodeGlobalId;

type Answer = Awaited<ReturnType<typeof send>>;
const typenames = (answers: Answer[], field: string) =>
  answers.map(({ body }) => {
    expect(body.errors ?? []).toEqual([]);
    return (body.data as Record<string, { __typename: string }>)[field]?.__typename;
  });
const events = (organizationId: string, subjectId: string, verb: string) =>
  prisma.activityEvent.count({ where: { organizationId, subjectId, verb } });

async function runningTask(t: Tenant, extra: Record<string, unknown> = {}) {
  const agent = await t.agent();
  await t.version(agent.id, '1.0.0', { publish: true });
  const budget = await t.budget({ agentId: agent.id, limit: '10' });
  const key = await t.agentKey(agent.id, ['tasks:run', 'tasks:read']);
  const created = await send(
    api.url,
    'mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on TaskPayload { task { id } } } }',
    { input: { agentId: gid('Agent', agent.id), goal: 'Summarize Q3', ...extra } },
    t.ownerKey,
  );
  const taskId = (created.body.data as { createTask: { task: { id: string } } }).createTask.task.id;
  const started = await send(
    api.url,
    'mutation($input: StartTaskInput!) { startTask(input: $input) { __typename } }',
    { input: { taskId } },
    key,
  );
  expect(started.body.data).toEqual({ startTask: { __typename: 'TaskPayload' } });
  const rawId = (await prisma.task.findFirstOrThrow({ where: { organizationId: t.organization.id } })).id;
  return { key, taskId, rawId, budget };
}

const COMPLETE = 'mutation($input: CompleteTaskInput!) { completeTask(input: $input) { __typename } }';
const FAIL = 'mutation($input: FailTaskInput!) { failTask(input: $input) { __typename } }';
const CANCEL = 'mutation($input: CancelTaskInput!) { cancelTask(input: $input) { __typename } }';

describe('ending calls sent several times at once, set up so that their object is open', () => {
  it('completeTask with a cost: one completes and charges the cost once; the others are InvalidTransitionError', async () => {
    const t = await newTenant();
    const { key, taskId, rawId, budget } = await runningTask(t);
    const answers = await Promise.all(
      Array.from({ length: TWINS }, () => send(api.url, COMPLETE, { input: { taskId, cost: '2.5' } }, key)),
    );
    const names = typenames(answers, 'completeTask');
    expect(names.filter((n) => n === 'TaskPayload')).toHaveLength(1);
    expect(names.filter((n) => n !== 'TaskPayload').every((n) => n === 'InvalidTransitionError')).toBe(true);
    expect(await events(t.organization.id, rawId, 'task.completed')).toBe(1);
    const spent = await send(
      api.url,
      'query($id: ID!) { budget(id: $id) { spent } }',
      { id: gid('Budget', budget.id) },
      t.ownerKey,
    );
    expect(spent.body.data).toEqual({ budget: { spent: '2.5' } });
  });

  it('failTask: one fails the task, once; the others are InvalidTransitionError', async () => {
    const t = await newTenant();
    const { key, taskId, rawId } = await runningTask(t);
    const answers = await Promise.all(
      Array.from({ length: TWINS }, () => send(api.url, FAIL, { input: { taskId, error: 'boom' } }, key)),
    );
    const names = typenames(answers, 'failTask');
    expect(names.filter((n) => n === 'TaskPayload')).toHaveLength(1);
    expect(names.filter((n) => n !== 'TaskPayload').every((n) => n === 'InvalidTransitionError')).toBe(true);
    expect(await events(t.organization.id, rawId, 'task.failed')).toBe(1);
  });

  it('completeTask, failTask and cancelTask racing on one RUNNING task with no retries left: exactly one of them ends it', async () => {
    // (With retries left, failTask leaves the task FAILED awaiting its retry, which cancelTask
    // may then end: two answers that succeed, one after the other, rightly.)
    const t = await newTenant();
    const { key, taskId, rawId } = await runningTask(t, { maxAttempts: 1 });
    const answers = await Promise.all([
      send(api.url, COMPLETE, { input: { taskId, cost: '1' } }, key),
      send(api.url, FAIL, { input: { taskId, error: 'boom' } }, key),
      send(api.url, CANCEL, { input: { taskId } }, t.ownerKey),
      send(api.url, COMPLETE, { input: { taskId, cost: '1' } }, key),
      send(api.url, FAIL, { input: { taskId, error: 'boom' } }, key),
      send(api.url, CANCEL, { input: { taskId } }, t.ownerKey),
    ]);
    const names = ['completeTask', 'failTask', 'cancelTask', 'completeTask', 'failTask', 'cancelTask'].map(
      (field, i) => typenames([answers[i] as Answer], field)[0],
    );
    expect(names.filter((n) => n === 'TaskPayload')).toHaveLength(1);
    expect(names.filter((n) => n !== 'TaskPayload').every((n) => n === 'InvalidTransitionError')).toBe(true);
    const ended = await prisma.activityEvent.count({
      where: {
        organizationId: t.organization.id,
        subjectId: rawId,
        verb: { in: ['task.completed', 'task.failed', 'task.cancelled'] },
      },
    });
    expect(ended).toBe(1);
  });

  it('declineInvitation by the person racing revokeInvitation by the organization: one ends it, once', async () => {
    const t = await newTenant();
    const email = `twin-${Date.now()}@example.com`;
    const added = await send(
      api.url,
      'mutation($input: AddMemberInput!) { addMember(input: $input) { ... on InvitationPayload { invitation { id } } } }',
      { input: { email, name: 'Twin', role: 'VIEWER' } },
      t.ownerKey,
    );
    const invitationId = (added.body.data as { addMember: { invitation: { id: string } } }).addMember.invitation.id;
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const jwt = await signJwt({ sub: user.id, org: t.organization.id });
    const decline = 'mutation($input: DeclineInvitationInput!) { declineInvitation(input: $input) { __typename } }';
    const revoke = 'mutation($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { __typename } }';
    const answers = await Promise.all(
      Array.from({ length: TWINS }, (_, i) =>
        i % 2
          ? send(api.url, decline, { input: { invitationId } }, jwt)
          : send(api.url, revoke, { input: { invitationId } }, t.ownerKey),
      ),
    );
    const names = answers.map((a, i) => typenames([a], i % 2 ? 'declineInvitation' : 'revokeInvitation')[0]);
    expect(names.filter((n) => n === 'InvitationPayload')).toHaveLength(1);
    expect(names.filter((n) => n !== 'InvitationPayload').every((n) => n === 'InvalidTransitionError')).toBe(true);
    const ended = await prisma.activityEvent.count({
      where: {
        organizationId: t.organization.id,
        verb: { in: ['member.invitation_declined', 'member.invitation_revoked'] },
      },
    });
    expect(ended).toBe(1);
  });

  it('removeMember several times at once: one removes the member, once', async () => {
    const t = await newTenant();
    const member = await t.member('VIEWER');
    const membershipId = gid('Membership', member.membership.id);
    const answers = await Promise.all(
      Array.from({ length: TWINS }, () =>
        send(
          api.url,
          'mutation($input: RemoveMemberInput!) { removeMember(input: $input) { __typename } }',
          { input: { membershipId } },
          t.ownerKey,
        ),
      ),
    );
    const names = typenames(answers, 'removeMember');
    expect(names.filter((n) => n === 'RemoveMemberPayload')).toHaveLength(1);
    expect(names.filter((n) => n !== 'RemoveMemberPayload').every((n) => n === 'NotFoundError')).toBe(true);
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, verb: 'member.removed' } }),
    ).toBe(1);
  });
});
