import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { AgentCategoryEnum, AgentType } from './agent.type.js';
import { changeAgentStatus, createAgent, updateAgent } from './agents.service.js';
import { agentStatusInput, createAgentInput, updateAgentInput } from './agents.validation.js';

export const AgentPayload = builder.simpleObject('AgentPayload', {
  fields: (t) => ({ agent: t.field({ type: AgentType }) }),
});

const userRef = (id: { typename: string; id: string } | null | undefined) =>
  id ? { id: idFor('User', id) } : undefined;

builder.mutationField('createAgent', (t) =>
  t.fieldWithInput({
    description: 'Register an agent (status DRAFT). Its governor defaults to you.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      slug: t.input.string({ description: 'URL-safe: lowercase letters, digits, single hyphens.' }),
      name: t.input.string(),
      description: t.input.string({ required: false }),
      category: t.input.field({ type: AgentCategoryEnum }),
      capabilities: t.input.stringList({ required: false }),
      policyScopes: t.input.stringList({ required: false }),
      tags: t.input.stringList({ required: false }),
      governorId: t.input.globalID({ required: false, description: 'A member of your organization.' }),
    },
    type: AgentPayload,
    resolve: async (_root, { input }, ctx) => {
      const { governorId, ...fields } = input;
      const parsed = parseInput(createAgentInput, fields);
      return { agent: await createAgent(callerOf(ctx), parsed, userRef(governorId)) };
    },
  }),
);

builder.mutationField('updateAgent', (t) =>
  t.fieldWithInput({
    description: 'Change an agent. Omitted fields stay as they are. Retired agents cannot change.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      agentId: t.input.globalID(),
      slug: t.input.string({ required: false }),
      name: t.input.string({ required: false }),
      description: t.input.string({ required: false }),
      category: t.input.field({ type: AgentCategoryEnum, required: false }),
      capabilities: t.input.stringList({ required: false }),
      policyScopes: t.input.stringList({ required: false }),
      tags: t.input.stringList({ required: false }),
      governorId: t.input.globalID({ required: false }),
    },
    type: AgentPayload,
    resolve: async (_root, { input }, ctx) => {
      const { agentId, governorId, ...fields } = input;
      const patch = parseInput(updateAgentInput, fields);
      const clean = given(patch);
      return { agent: await updateAgent(callerOf(ctx), idFor('Agent', agentId), clean, userRef(governorId)) };
    },
  }),
);

const statusMutations = [
  ['suspendAgent', 'SUSPENDED', 'Suspend an ACTIVE agent: it is denied every action until reactivated.'],
  ['reactivateAgent', 'ACTIVE', 'Reactivate a SUSPENDED agent.'],
  ['retireAgent', 'RETIRED', 'Retire an agent for good. It stays readable for the record.'],
] as const;

for (const [name, to, description] of statusMutations) {
  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description,
      authScopes: { scope: 'agents:write' },
      errors: { types: commonErrors },
      input: {
        agentId: t.input.globalID(),
        reason: t.input.string({ required: false, description: 'Recorded in the activity log.' }),
      },
      type: AgentPayload,
      resolve: async (_root, { input }, ctx) => {
        const { reason } = parseInput(agentStatusInput, { reason: input.reason });
        return { agent: await changeAgentStatus(callerOf(ctx), idFor('Agent', input.agentId), to, reason ?? null) };
      },
    }),
  );
}
