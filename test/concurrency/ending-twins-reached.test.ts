// The ending calls the schema-wide twins search (every-mutation-twins.test.ts) cannot reach on
// filler arguments — those that need an agent's own key on a RUNNING task, or the invited
// person's token — each set up properly and sent several times at once: one twin ends the
// object, every other gets a typed answer, one event is appended, and money moves once.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { manifestSchema } from '../../src/modules/versions/manifest.js';
import { createAgentVersion, publishAgentVersion } from '../../src/modules/versions/versions.service.js';
import { prisma, useTestApi } from '../harness.js';
import { send } from '../schema-calls.js';
import { newTenant, signJwt, type Tenant, validManifest } from '../seed.js';

const api = useTestApi();
const TWINS = 6;
const gid = encodeGlobalId;

type Answer = Awaited<ReturnType<typeof send>>;
const typenames = (answers: Answer[], field: string) =>
  answers.map(({ body }) => {
    expect(body.errors ?? []).toEqual([]);
    return (body.data as Record<string, { __typename: string }>)[field]?.__typename;
  });
/** Exactly one of the answers is `winner`; every other is `loser`. */
function expectOneWinner(names: (string | undefined)[], winner: string, loser = 'InvalidTransitionError') {
  expect(names.filter((n) => n === winner)).toHaveLength(1);
  expect(names.filter((n) => n !== winner).every((n) => n === loser)).toBe(true);
}
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
    expectOneWinner(names, 'TaskPayload');
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
    expectOneWinner(names, 'TaskPayload');
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
    expectOneWinner(names, 'TaskPayload');
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
    expectOneWinner(names, 'InvitationPayload');
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
    expectOneWinner(names, 'RemoveMemberPayload', 'NotFoundError');
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, verb: 'member.removed' } }),
    ).toBe(1);
  });
});

/** `name(input)` as `token`: the answer's __typename (the call must not be a GraphQL error). */
async function call(name: string, input: Record<string, unknown>, token: string, fields = '') {
  const type = `${name[0]?.toUpperCase()}${name.slice(1)}Input`;
  const { body } = await send(
    api.url,
    `mutation($input: ${type}!) { ${name}(input: $input) { __typename ${fields} } }`,
    { input },
    token,
  );
  expect(body.errors ?? []).toEqual([]);
  return (body.data as Record<string, { __typename: string } & Record<string, { id: string }>>)[name];
}

describe('certification decisions sent several times at once', () => {
  /** Something created and submitted by an operator, then certified and rejected at once by a governor. */
  async function decisionRace(t: Tenant, kind: 'Skill' | 'JobRole', create: Record<string, unknown>) {
    const [governor, operator] = [await t.member('GOVERNOR'), await t.member('OPERATOR')];
    const field = kind === 'Skill' ? 'skill' : 'jobRole';
    const created = await call(`create${kind}`, create, operator.jwt, `... on ${kind}Payload { ${field} { id } }`);
    const id = { [`${field}Id`]: created?.[field]?.id as string };
    expect((await call(`submit${kind}`, id, operator.jwt))?.__typename).toBe(`${kind}Payload`);
    const decisions = await Promise.all(
      Array.from({ length: TWINS }, (_, i) =>
        i % 2
          ? call(`reject${kind}`, { ...id, reason: 'not yet' }, governor.jwt)
          : call(`certify${kind}`, id, governor.jwt),
      ),
    );
    expectOneWinner(
      decisions.map((d) => d?.__typename),
      `${kind}Payload`,
    );
    const verb = kind === 'Skill' ? 'skill' : 'job_role';
    const decided = await prisma.activityEvent.count({
      where: { organizationId: t.organization.id, verb: { in: [`${verb}.certified`, `${verb}.rejected`] } },
    });
    expect(decided).toBe(1);
    return { governor, operator };
  }

  it('certifySkill racing rejectSkill on a skill under certification: one decision, once; then deprecateSkill twins: once', async () => {
    const t = await newTenant();
    const { governor, operator } = await decisionRace(t, 'Skill', {
      key: 'twin-skill',
      name: 'Twin',
      category: 'finance',
    });
    // A certified skill, then deprecated several times at once.
    const other = await call(
      'createSkill',
      { key: 'twin-skill-2', name: 'Twin 2', category: 'finance' },
      operator.jwt,
      '... on SkillPayload { skill { id } }',
    );
    const certified = other?.skill?.id as string;
    await call('submitSkill', { skillId: certified }, operator.jwt);
    expect((await call('certifySkill', { skillId: certified }, governor.jwt))?.__typename).toBe('SkillPayload');
    const ends = await Promise.all(
      Array.from({ length: TWINS }, () => call('deprecateSkill', { skillId: certified }, governor.jwt)),
    );
    expectOneWinner(
      ends.map((d) => d?.__typename),
      'SkillPayload',
    );
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, verb: 'skill.deprecated' } }),
    ).toBe(1);
  });

  it('certifyJobRole racing rejectJobRole on a job role under certification: one decision, once', async () => {
    await decisionRace(await newTenant(), 'JobRole', { name: 'Twin role' });
  });
});

describe('installs answered several times at once', () => {
  async function pendingInstall(t: Tenant) {
    const agent = await t.agent();
    const v = await createAgentVersion(t.caller, agent.id, {
      semver: '1.0.0',
      manifest: manifestSchema.parse(
        validManifest('1.0.0', { permissions: { scopes: ['kb:read'], requiredRoles: [], dataAccess: 'READ' } }),
      ),
      changelog: '',
    });
    await publishAgentVersion(t.caller, v.id);
    const installed = await call(
      'installAgentVersion',
      { versionId: gid('AgentVersion', v.id) },
      t.ownerKey,
      '... on InstallationPayload { installation { id } }',
    );
    return { agentId: gid('Agent', agent.id), installationId: installed?.installation?.id as string };
  }

  it('grantInstallation racing refuseInstallation on a pending install: one answer, once', async () => {
    const t = await newTenant();
    const governor = await t.member('GOVERNOR');
    const { installationId } = await pendingInstall(t);
    const answers = await Promise.all(
      Array.from({ length: TWINS }, (_, i) =>
        i % 2
          ? call('refuseInstallation', { installationId, reason: 'no' }, governor.jwt)
          : call('grantInstallation', { installationId }, governor.jwt),
      ),
    );
    const names = answers.map((a) => a?.__typename);
    expectOneWinner(names, 'InstallationPayload');
    const row = await prisma.installation.findFirstOrThrow({ where: { organizationId: t.organization.id } });
    expect(['ACTIVE', 'REFUSED']).toContain(row.status);
    const answered = await prisma.activityEvent.count({
      where: { organizationId: t.organization.id, verb: { in: ['installation.granted', 'installation.refused'] } },
    });
    expect(answered).toBe(1);
  });

  it('uninstallAgent several times at once: one uninstalls, once', async () => {
    const t = await newTenant();
    const governor = await t.member('GOVERNOR');
    const { agentId, installationId } = await pendingInstall(t);
    expect((await call('grantInstallation', { installationId }, governor.jwt))?.__typename).toBe('InstallationPayload');
    const before = await prisma.activityEvent.count({ where: { organizationId: t.organization.id } });
    const answers = await Promise.all(
      Array.from({ length: TWINS }, () => call('uninstallAgent', { agentId, reason: 'replaced' }, t.ownerKey)),
    );
    const names = answers.map((a) => a?.__typename);
    expectOneWinner(names, 'UninstallPayload');
    const after = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id },
      orderBy: { sequence: 'asc' },
      skip: before,
    });
    expect(new Set(after.map((e) => e.verb)).size).toBe(after.length);
  });
});

describe('emergency stops lifted several times at once', () => {
  const halts = (organizationId: string, verb: string) =>
    prisma.activityEvent.count({ where: { organizationId, verb } });

  it('resumeAgents without agentIds on a halted organization: one lifts the halt, once; the others are ConflictError', async () => {
    const t = await newTenant();
    expect((await call('haltAgents', { reason: 'drill' }, t.ownerKey))?.__typename).toBe('HaltPayload');
    const answers = await Promise.all(Array.from({ length: TWINS }, () => call('resumeAgents', {}, t.ownerKey)));
    expectOneWinner(
      answers.map((a) => a?.__typename),
      'HaltPayload',
      'ConflictError',
    );
    expect(await halts(t.organization.id, 'organization.resumed')).toBe(1);
  });

  it('resumeAgents naming halted agents: one lifts their halt, once; the others are ConflictError', async () => {
    const t = await newTenant();
    const agentIds = [gid('Agent', (await t.agent()).id), gid('Agent', (await t.agent()).id)];
    expect((await call('haltAgents', { reason: 'drill', agentIds }, t.ownerKey))?.__typename).toBe('HaltPayload');
    const answers = await Promise.all(
      Array.from({ length: TWINS }, () => call('resumeAgents', { agentIds }, t.ownerKey)),
    );
    expectOneWinner(
      answers.map((a) => a?.__typename),
      'HaltPayload',
      'ConflictError',
    );
    expect(await halts(t.organization.id, 'agent.resumed')).toBe(2);
  });
});
