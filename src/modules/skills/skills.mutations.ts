import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { AgentType } from '../agents/agent.type.js';
import { assignAgentJobRole, updateAgentSkills } from './agent-skills.service.js';
import { type Certifiable, type CertificationStep, certificationStep } from './certification.js';
import { JobRoleType, SkillType } from './skill.type.js';
import { createJobRole, createSkill, updateJobRole, updateSkill } from './skills.service.js';
import {
  agentSkillsInput,
  certificationReason,
  createJobRoleInput,
  createSkillInput,
  updateJobRoleInput,
  updateSkillInput,
} from './skills.validation.js';

const SkillPayload = builder.simpleObject('SkillPayload', { fields: (t) => ({ skill: t.field({ type: SkillType }) }) });
const JobRolePayload = builder.simpleObject('JobRolePayload', {
  fields: (t) => ({ jobRole: t.field({ type: JobRoleType }) }),
});
const AgentSkillsPayload = builder.simpleObject('AgentSkillsPayload', {
  fields: (t) => ({ agent: t.field({ type: AgentType }) }),
});

const ids = (list: readonly { typename: string; id: string }[] | null | undefined, typename: string) =>
  list?.map((g) => idFor(typename, g));

builder.mutationField('createSkill', (t) =>
  t.fieldWithInput({
    description: 'Add a skill as DRAFT; submit it for certification before agents may hold it.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      key: t.input.string({ description: 'Unique in your organization: lower-case letters, digits, . _ -' }),
      name: t.input.string(),
      category: t.input.string({ description: 'e.g. "finance", "legal", "support".' }),
      description: t.input.string({ required: false }),
    },
    type: SkillPayload,
    resolve: async (_root, { input }, ctx) => ({
      skill: await createSkill(callerOf(ctx), parseInput(createSkillInput, given(input))),
    }),
  }),
);

builder.mutationField('updateSkill', (t) =>
  t.fieldWithInput({
    description: 'Change a DRAFT or REJECTED skill (certified ones are frozen).',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      skillId: t.input.globalID(),
      name: t.input.string({ required: false }),
      category: t.input.string({ required: false }),
      description: t.input.string({ required: false }),
    },
    type: SkillPayload,
    resolve: async (_root, { input }, ctx) => {
      const { skillId, ...patch } = input;
      return {
        skill: await updateSkill(callerOf(ctx), idFor('Skill', skillId), parseInput(updateSkillInput, given(patch))),
      };
    },
  }),
);

builder.mutationField('createJobRole', (t) =>
  t.fieldWithInput({
    description:
      'Add a job role as DRAFT with the skills it requires (not REJECTED or DEPRECATED ones); it is certified only once all of them are.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      name: t.input.string({ description: 'Unique in your organization.' }),
      description: t.input.string({ required: false }),
      requiredSkillIds: t.input.globalIDList({ required: false }),
    },
    type: JobRolePayload,
    resolve: async (_root, { input }, ctx) => ({
      jobRole: await createJobRole(
        callerOf(ctx),
        parseInput(createJobRoleInput, given({ ...input, requiredSkillIds: ids(input.requiredSkillIds, 'Skill') })),
      ),
    }),
  }),
);

builder.mutationField('updateJobRole', (t) =>
  t.fieldWithInput({
    description: 'Change a DRAFT or REJECTED job role; requiredSkillIds replaces the list.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      jobRoleId: t.input.globalID(),
      name: t.input.string({ required: false }),
      description: t.input.string({ required: false }),
      requiredSkillIds: t.input.globalIDList({ required: false }),
    },
    type: JobRolePayload,
    resolve: async (_root, { input }, ctx) => {
      const { jobRoleId, requiredSkillIds, ...patch } = input;
      return {
        jobRole: await updateJobRole(
          callerOf(ctx),
          idFor('JobRole', jobRoleId),
          parseInput(updateJobRoleInput, given({ ...patch, requiredSkillIds: ids(requiredSkillIds, 'Skill') })),
        ),
      };
    },
  }),
);

// The certification steps, the same for both kinds (certification.ts owns the rules).
const STEPS: { step: CertificationStep; describe: (noun: string) => string }[] = [
  {
    step: 'submit',
    describe: (noun) => `Submit a DRAFT or REJECTED ${noun} for certification (PENDING_CERTIFICATION).`,
  },
  {
    step: 'certify',
    describe: (noun) =>
      `Certify a pending ${noun}: agents may use it from now on. Needs certification:decide; never what you submitted.${noun === 'job role' ? ' Every required skill must be CERTIFIED.' : ''}`,
  },
  {
    step: 'reject',
    describe: (noun) => `Reject a pending ${noun}, with the reason (it can be changed and submitted again).`,
  },
  {
    step: 'deprecate',
    describe: (noun) =>
      `Deprecate a CERTIFIED or REJECTED ${noun} (final). Refused while it is in use; the refusal says by what.`,
  },
];

const KINDS = [
  { kind: 'Skill', noun: 'skill', idField: 'skillId', payload: SkillPayload, field: 'skill' },
  { kind: 'JobRole', noun: 'job role', idField: 'jobRoleId', payload: JobRolePayload, field: 'jobRole' },
] as const satisfies readonly { kind: Certifiable; noun: string; idField: string; payload: unknown; field: string }[];

for (const { kind, noun, idField, payload, field } of KINDS)
  for (const { step, describe } of STEPS)
    builder.mutationField(`${step}${kind}`, (t) =>
      t.fieldWithInput({
        description: describe(noun),
        authScopes: { scope: step === 'submit' ? 'agents:write' : 'certification:decide' },
        errors: { types: commonErrors },
        input: {
          [idField]: t.input.globalID({ required: true }),
          ...(step === 'reject' || step === 'deprecate'
            ? { reason: t.input.string({ required: step === 'reject', description: 'Why; kept on the record.' }) }
            : {}),
        },
        type: payload,
        resolve: async (_root, { input }, ctx) => {
          const fields = input as unknown as Record<string, { typename: string; id: string }> & { reason?: string };
          const { reason } = parseInput(certificationReason, given({ reason: fields.reason }));
          const id = idFor(kind, fields[idField] as { typename: string; id: string });
          return { [field]: await certificationStep(callerOf(ctx), kind, id, step, reason ?? null) } as never;
        },
      }),
    );

builder.mutationField('assignAgentJobRole', (t) =>
  t.fieldWithInput({
    description: 'Give an agent a CERTIFIED job role, or take its job role away with `jobRoleId: null`.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: { agentId: t.input.globalID(), jobRoleId: t.input.globalID({ required: false }) },
    type: AgentSkillsPayload,
    resolve: async (_root, { input }, ctx) => ({
      agent: await assignAgentJobRole(
        callerOf(ctx),
        idFor('Agent', input.agentId),
        input.jobRoleId ? { id: idFor('JobRole', input.jobRoleId) } : null,
      ),
    }),
  }),
);

builder.mutationField('updateAgentSkills', (t) =>
  t.fieldWithInput({
    description: 'Give an agent CERTIFIED skills and take others away, in one step.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      agentId: t.input.globalID(),
      add: t.input.globalIDList({ required: false }),
      remove: t.input.globalIDList({ required: false }),
    },
    type: AgentSkillsPayload,
    resolve: async (_root, { input }, ctx) => ({
      agent: await updateAgentSkills(
        callerOf(ctx),
        idFor('Agent', input.agentId),
        parseInput(agentSkillsInput, given({ add: ids(input.add, 'Skill'), remove: ids(input.remove, 'Skill') })),
      ),
    }),
  }),
);
