// Issue 20 §1: skills and job roles are certified before agents may use them (the Genesis
// workflow): DRAFT → PENDING_CERTIFICATION → CERTIFIED or REJECTED (with a reason) → DEPRECATED.
// Certifying needs certification:decide (GOVERNOR and above) and is never done by the one who
// submitted; only CERTIFIED ones are given to agents; something in use is not deprecated.
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

type Result = Record<string, unknown> & {
  __typename: string;
  message?: string;
  issues?: { path: string[]; message: string }[];
};
type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const Errors = `... on ValidationError { issues { path message } } ... on ConflictError { message }
  ... on InvalidTransitionError { message } ... on NotFoundError { message }`;
const SkillFields = 'id key status rejectionReason submittedById decidedById';

async function mutate(name: string, input: Record<string, unknown>, token: string, fields: string): Promise<Result> {
  const inputType = `${name[0]?.toUpperCase()}${name.slice(1)}Input`;
  const body = await post(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { __typename ${fields} ${Errors} } }`,
    { input },
    token,
  );
  if (body.errors) return { __typename: 'errors', message: body.errors.map((e) => e.extensions?.code).join(',') };
  return body.data?.[name] as Result;
}
const skillStep = (name: string, input: Record<string, unknown>, token: string) =>
  mutate(name, input, token, `... on SkillPayload { skill { ${SkillFields} } }`);
const roleStep = (name: string, input: Record<string, unknown>, token: string) =>
  mutate(
    name,
    input,
    token,
    '... on JobRolePayload { jobRole { id name status rejectionReason requiredSkills { key } } }',
  );
const agentStep = (name: string, input: Record<string, unknown>, token: string) =>
  mutate(
    name,
    input,
    token,
    '... on AgentSkillsPayload { agent { jobRole { name } skills { key } missingSkills { key } } }',
  );

let t: Tenant;
let governor: { jwt: string; key: string; userId: string };
let operator: { jwt: string; key: string };
let n = 0;
beforeEach(async () => {
  t = await newTenant('Genesis');
  governor = await t.member('GOVERNOR');
  operator = await t.member('OPERATOR');
});

/** A skill created and submitted by the operator; certified by the governor unless told otherwise. */
async function skill(key = `skill-${++n}`, certify = true) {
  const created = await skillStep('createSkill', { key, name: key, category: 'finance' }, operator.jwt);
  const id = (created.skill as { id: string }).id;
  await skillStep('submitSkill', { skillId: id }, operator.jwt);
  if (certify)
    expect(await skillStep('certifySkill', { skillId: id }, governor.jwt)).toMatchObject({
      skill: { status: 'CERTIFIED' },
    });
  return id;
}

describe('certifying skills', () => {
  it('goes DRAFT → PENDING_CERTIFICATION → CERTIFIED, each step an event saying who moved it', async () => {
    const created = await skillStep(
      'createSkill',
      { key: 'invoice-extraction', name: 'Invoice extraction', category: 'finance' },
      operator.jwt,
    );
    expect(created).toMatchObject({
      __typename: 'SkillPayload',
      skill: { key: 'invoice-extraction', status: 'DRAFT' },
    });
    const id = (created.skill as { id: string }).id;
    const submitted = await skillStep('submitSkill', { skillId: id }, operator.jwt);
    expect(submitted).toMatchObject({ skill: { status: 'PENDING_CERTIFICATION', decidedById: null } });
    expect((submitted.skill as { submittedById: string }).submittedById).toBeTruthy();
    const certified = await skillStep('certifySkill', { skillId: id }, governor.jwt);
    expect(certified).toMatchObject({
      skill: { status: 'CERTIFIED', decidedById: encodeGlobalId('User', governor.userId) },
    });
    const events = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, subjectType: 'Skill' },
      orderBy: { sequence: 'asc' },
    });
    expect(events.map((e) => [e.verb, (e.payload as { to?: string }).to ?? null])).toEqual([
      ['skill.created', null],
      ['skill.submitted', 'PENDING_CERTIFICATION'],
      ['skill.certified', 'CERTIFIED'],
    ]);
    const list = await post(
      `{ skills(filter: {status: [CERTIFIED]}) { edges { node { key status ... on Certifiable { decidedAt } } } } }`,
      {},
      governor.jwt,
    );
    expect(list.data?.skills).toMatchObject({ edges: [{ node: { key: 'invoice-extraction', status: 'CERTIFIED' } }] });
  });

  it('the one who submitted cannot certify it — not by JWT, not by their key — nor can an agent key or an OPERATOR', async () => {
    const owner = await skillStep('createSkill', { key: 'mine', name: 'Mine', category: 'x' }, t.ownerKey);
    const id = (owner.skill as { id: string }).id;
    await skillStep('submitSkill', { skillId: id }, t.ownerKey);
    expect(await skillStep('certifySkill', { skillId: id }, t.ownerJwt)).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringContaining('someone else must decide'),
    });
    expect(await skillStep('certifySkill', { skillId: id }, t.ownerKey)).toMatchObject({ __typename: 'ConflictError' });
    expect(await skillStep('certifySkill', { skillId: id }, operator.jwt)).toMatchObject({ message: 'FORBIDDEN' });
    const agent = await t.agent();
    const agentKey = await t.agentKey(agent.id, ['certification:decide']);
    expect(await skillStep('certifySkill', { skillId: id }, agentKey)).toMatchObject({ __typename: 'ConflictError' });
    expect(
      await skillStep('createSkill', { key: 'v', name: 'v', category: 'x' }, (await t.member('VIEWER')).jwt),
    ).toMatchObject({
      message: 'FORBIDDEN',
    });
    const row = await prisma.skill.findUniqueOrThrow({
      where: { id: Buffer.from(id, 'base64url').toString().split(':')[1] },
    });
    expect(row.status).toBe('PENDING_CERTIFICATION');
  });

  it('a rejection needs a reason; a rejected skill can be changed and submitted again; a certified one is frozen', async () => {
    const id = await skill('drafty', false);
    expect(await skillStep('rejectSkill', { skillId: id }, governor.jwt)).toMatchObject({ message: 'BAD_USER_INPUT' });
    expect(await skillStep('rejectSkill', { skillId: id, reason: '  ' }, governor.jwt)).toMatchObject({
      __typename: 'ValidationError',
    });
    expect(await skillStep('rejectSkill', { skillId: id, reason: 'too vague' }, governor.jwt)).toMatchObject({
      skill: { status: 'REJECTED', rejectionReason: 'too vague' },
    });
    expect(await skillStep('certifySkill', { skillId: id }, governor.jwt)).toMatchObject({
      __typename: 'InvalidTransitionError',
      message: 'Skill cannot go from REJECTED to CERTIFIED.',
    });
    expect(await skillStep('updateSkill', { skillId: id, name: 'Clearer' }, operator.jwt)).toMatchObject({
      __typename: 'SkillPayload',
    });
    expect(await skillStep('submitSkill', { skillId: id }, operator.jwt)).toMatchObject({
      skill: { status: 'PENDING_CERTIFICATION', rejectionReason: null },
    });
    await skillStep('certifySkill', { skillId: id }, governor.jwt);
    expect(await skillStep('updateSkill', { skillId: id, name: 'Changed' }, operator.jwt)).toMatchObject({
      __typename: 'InvalidTransitionError',
    });
    expect(await skillStep('submitSkill', { skillId: id }, operator.jwt)).toMatchObject({
      __typename: 'InvalidTransitionError',
    });
    expect(await skillStep('createSkill', { key: 'drafty', name: 'again', category: 'x' }, operator.jwt)).toMatchObject(
      {
        __typename: 'ConflictError',
      },
    );
    expect(await skillStep('createSkill', { key: 'Bad Key!', name: 'x', category: 'x' }, operator.jwt)).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'key'] }],
    });
  });
});

describe('certifying once', () => {
  it('of concurrent decisions on one pending skill exactly one takes effect', async () => {
    const id = await skill('contested', false);
    const other = await t.member('GOVERNOR');
    const results = await Promise.all([
      skillStep('certifySkill', { skillId: id }, governor.jwt),
      skillStep('certifySkill', { skillId: id }, other.jwt),
      skillStep('rejectSkill', { skillId: id, reason: 'no' }, governor.jwt),
      skillStep('rejectSkill', { skillId: id, reason: 'no' }, other.jwt),
    ]);
    expect(results.filter((r) => r.__typename === 'SkillPayload')).toHaveLength(1);
    expect(results.filter((r) => r.__typename === 'InvalidTransitionError')).toHaveLength(3);
    const steps = await prisma.activityEvent.count({
      where: { organizationId: t.organization.id, verb: { in: ['skill.certified', 'skill.rejected'] } },
    });
    expect(steps).toBe(1);
  });
});

describe('job roles', () => {
  it('require skills; a job role is certified only once every required skill is', async () => {
    const certified = await skill('kyc');
    const pending = await skill('aml', false);
    const created = await roleStep(
      'createJobRole',
      { name: 'Compliance analyst', requiredSkillIds: [certified, pending] },
      operator.jwt,
    );
    expect(created).toMatchObject({ jobRole: { status: 'DRAFT', requiredSkills: [{ key: 'aml' }, { key: 'kyc' }] } });
    const id = (created.jobRole as { id: string }).id;
    await roleStep('submitJobRole', { jobRoleId: id }, operator.jwt);
    expect(await roleStep('certifyJobRole', { jobRoleId: id }, governor.jwt)).toMatchObject({
      __typename: 'ConflictError',
      message: 'Every required skill must be CERTIFIED first: aml (PENDING_CERTIFICATION).',
    });
    await skillStep('certifySkill', { skillId: pending }, governor.jwt);
    expect(await roleStep('certifyJobRole', { jobRoleId: id }, governor.jwt)).toMatchObject({
      jobRole: { status: 'CERTIFIED' },
    });
    const verbs = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, subjectType: 'JobRole' },
      orderBy: { sequence: 'asc' },
      select: { verb: true },
    });
    expect(verbs.map((v) => v.verb)).toEqual(['job_role.created', 'job_role.submitted', 'job_role.certified']);
  });

  it('cannot require rejected, deprecated, unknown or another organization’s skills; nothing is stored', async () => {
    const rejected = await skill('nope', false);
    await skillStep('rejectSkill', { skillId: rejected, reason: 'no' }, governor.jwt);
    const other = await newTenant('Other');
    const theirs = await skillStep('createSkill', { key: 'theirs', name: 'x', category: 'x' }, other.ownerKey);
    const result = await roleStep(
      'createJobRole',
      {
        name: 'Bad role',
        requiredSkillIds: [rejected, (theirs.skill as { id: string }).id, encodeGlobalId('Agent', crypto.randomUUID())],
      },
      operator.jwt,
    );
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        { path: ['input', 'requiredSkillIds', '0'], message: expect.stringContaining('REJECTED') },
        { path: ['input', 'requiredSkillIds', '1'], message: 'no skill with this ID in your organization' },
        { path: ['input', 'requiredSkillIds', '2'], message: 'no skill with this ID in your organization' },
      ],
    });
    expect(await prisma.jobRole.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });
});

describe('agents, their job role and skills', () => {
  async function certifiedRole(name: string, skills: string[]) {
    const role = await roleStep('createJobRole', { name, requiredSkillIds: skills }, operator.jwt);
    const id = (role.jobRole as { id: string }).id;
    await roleStep('submitJobRole', { jobRoleId: id }, operator.jwt);
    await roleStep('certifyJobRole', { jobRoleId: id }, governor.jwt);
    return id;
  }

  it('only CERTIFIED ones are given; the agent shows its job role, skills and the required skills it lacks', async () => {
    const a = await t.agent();
    const agentId = encodeGlobalId('Agent', a.id);
    const parse = await skill('parse');
    const match = await skill('match');
    const draft = await skill('draft-only', false);
    const roleId = await certifiedRole('Reconciler', [parse, match]);
    const draftRole = (await roleStep('createJobRole', { name: 'Not yet' }, operator.jwt)).jobRole as { id: string };

    expect(await agentStep('assignAgentJobRole', { agentId, jobRoleId: draftRole.id }, operator.jwt)).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        { path: ['input', 'jobRoleId'], message: 'job role "Not yet" is DRAFT; only CERTIFIED ones can be assigned' },
      ],
    });
    expect(await agentStep('updateAgentSkills', { agentId, add: [parse, draft] }, operator.jwt)).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'add', '1'] }],
    });
    expect(await prisma.agentSkill.count({ where: { agentId: a.id } })).toBe(0);

    expect(await agentStep('assignAgentJobRole', { agentId, jobRoleId: roleId }, operator.jwt)).toMatchObject({
      agent: { jobRole: { name: 'Reconciler' }, skills: [], missingSkills: [{ key: 'match' }, { key: 'parse' }] },
    });
    const withSkill = await agentStep('updateAgentSkills', { agentId, add: [parse] }, operator.jwt);
    expect(withSkill).toMatchObject({ agent: { skills: [{ key: 'parse' }], missingSkills: [{ key: 'match' }] } });
    expect(
      await agentStep('updateAgentSkills', { agentId, add: [match], remove: [parse] }, operator.jwt),
    ).toMatchObject({
      agent: { skills: [{ key: 'match' }], missingSkills: [{ key: 'parse' }] },
    });
    expect(await agentStep('updateAgentSkills', { agentId, remove: [parse] }, operator.jwt)).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'remove', '0'], message: 'the agent does not hold this skill' }],
    });
    expect(await agentStep('assignAgentJobRole', { agentId, jobRoleId: null }, operator.jwt)).toMatchObject({
      agent: { jobRole: null, missingSkills: [] },
    });
    const events = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, agentId: a.id, verb: { startsWith: 'agent.' } },
      orderBy: { sequence: 'asc' },
    });
    expect(events.map((e) => [e.verb, e.payload])).toEqual([
      ['agent.created', expect.anything()],
      ['agent.job_role_assigned', { jobRole: 'Reconciler', previousJobRoleId: null }],
      ['agent.skills_changed', { added: ['parse'], removed: [] }],
      ['agent.skills_changed', { added: ['match'], removed: ['parse'] }],
      ['agent.job_role_assigned', { jobRole: null, previousJobRoleId: expect.any(String) }],
    ]);
  });

  it('deprecating a skill or job role in use is refused, naming the use; once unused it is deprecated and can no longer be given', async () => {
    const a = await t.agent();
    const agentId = encodeGlobalId('Agent', a.id);
    const s = await skill('legacy');
    const roleId = await certifiedRole('Legacy role', [s]);
    await agentStep('updateAgentSkills', { agentId, add: [s] }, operator.jwt);
    await agentStep('assignAgentJobRole', { agentId, jobRoleId: roleId }, operator.jwt);
    expect(await skillStep('deprecateSkill', { skillId: s }, governor.jwt)).toMatchObject({
      __typename: 'ConflictError',
      message: 'It is still in use (held by 1 agent; required by 1 job role not deprecated): reassign those first.',
    });
    expect(await roleStep('deprecateJobRole', { jobRoleId: roleId }, governor.jwt)).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringContaining('performed by 1 agent'),
    });
    await agentStep('assignAgentJobRole', { agentId, jobRoleId: null }, operator.jwt);
    expect(await roleStep('deprecateJobRole', { jobRoleId: roleId, reason: 'replaced' }, governor.jwt)).toMatchObject({
      jobRole: { status: 'DEPRECATED' },
    });
    await agentStep('updateAgentSkills', { agentId, remove: [s] }, operator.jwt);
    expect(await skillStep('deprecateSkill', { skillId: s }, governor.jwt)).toMatchObject({
      skill: { status: 'DEPRECATED' },
    });
    expect(await agentStep('updateAgentSkills', { agentId, add: [s] }, operator.jwt)).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ message: 'skill "legacy" is DEPRECATED; it must be CERTIFIED' }],
    });
    expect(await skillStep('submitSkill', { skillId: s }, operator.jwt)).toMatchObject({
      __typename: 'InvalidTransitionError',
    });
  });

  it('a deprecation racing assignments never leaves an agent holding a deprecated skill', async () => {
    const agents = await Promise.all(Array.from({ length: 8 }, () => t.agent()));
    for (let round = 0; round < 5; round++) {
      const s = await skill(`racy-${round}`);
      const results = await Promise.all([
        skillStep('deprecateSkill', { skillId: s }, governor.jwt),
        ...agents.map((a) =>
          agentStep('updateAgentSkills', { agentId: encodeGlobalId('Agent', a.id), add: [s] }, operator.jwt),
        ),
      ]);
      const id = Buffer.from(s, 'base64url').toString().split(':')[1] as string;
      const row = await prisma.skill.findUniqueOrThrow({ where: { id } });
      const holders = await prisma.agentSkill.count({ where: { skillId: id } });
      if (row.status === 'DEPRECATED') expect(holders).toBe(0);
      else expect(results[0]).toMatchObject({ __typename: 'ConflictError' });
      expect(results.every((r) => r.__typename !== 'errors')).toBe(true);
    }
  });

  it('another organization’s agents, skills and job roles are as good as missing', async () => {
    const other = await newTenant('Elsewhere');
    const theirAgent = await other.agent();
    const s = await skill('ours');
    expect(
      await agentStep(
        'updateAgentSkills',
        { agentId: encodeGlobalId('Agent', theirAgent.id), add: [s] },
        other.ownerKey,
      ),
    ).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ message: 'no skill with this ID in your organization' }],
    });
    expect(
      await agentStep('updateAgentSkills', { agentId: encodeGlobalId('Agent', theirAgent.id), add: [s] }, t.ownerKey),
    ).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect(await skillStep('certifySkill', { skillId: s }, other.ownerJwt)).toMatchObject({
      __typename: 'NotFoundError',
    });
    const seen = await post(
      `query($id: ID!) { node(id: $id) { id } skills { edges { node { key } } } }`,
      { id: s },
      other.ownerKey,
    );
    expect(seen.data).toEqual({ node: null, skills: { edges: [] } });
  });

  it('a page of agents with job role, skills and missing skills costs the same statements for 3 and for 15', async () => {
    const s1 = await skill('s1');
    const s2 = await skill('s2');
    const roleId = await certifiedRole('Worker', [s1, s2]);
    for (let i = 0; i < 15; i++) {
      const a = await t.agent();
      const agentId = encodeGlobalId('Agent', a.id);
      await agentStep('assignAgentJobRole', { agentId, jobRoleId: roleId }, operator.jwt);
      await agentStep('updateAgentSkills', { agentId, add: [s1] }, operator.jwt);
    }
    const Page = `query($first: Int!) { agents(first: $first) { edges { node { name jobRole { name requiredSkills { key } }
      skills { key status } missingSkills { key } } } } }`;
    const count = async (first: number) => {
      await post(Page, { first: 1 }, t.ownerKey);
      const statements = await api.statements(() => post(Page, { first }, t.ownerKey));
      return statements.length;
    };
    const page = await post(Page, { first: 15 }, t.ownerKey);
    const edges = (page.data?.agents as { edges: { node: { skills: unknown[]; missingSkills: unknown[] } }[] }).edges;
    expect(edges.every((e) => e.node.skills.length === 1 && e.node.missingSkills.length === 1)).toBe(true);
    const three = await count(3);
    expect(await count(15)).toBe(three);
    expect(three).toBeLessThanOrEqual(2);
  });
});
