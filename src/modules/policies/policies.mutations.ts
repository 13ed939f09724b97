import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { createPolicy, setPolicyEnabled, updatePolicy } from './policies.service.js';
import { createPolicyInput, updatePolicyInput } from './policies.validation.js';
import { PolicyKindEnum, PolicyType, SeverityEnum } from './policy.type.js';

const PolicyPayload = builder.simpleObject('PolicyPayload', {
  fields: (t) => ({ policy: t.field({ type: PolicyType }) }),
});

builder.mutationField('createPolicy', (t) =>
  t.fieldWithInput({
    description: 'Create a policy. `rules` are validated against the schema of its kind.',
    authScopes: { scope: 'policies:write' },
    errors: { types: commonErrors },
    input: {
      key: t.input.string(),
      name: t.input.string(),
      description: t.input.string({ required: false }),
      kind: t.input.field({ type: PolicyKindEnum }),
      defaultSeverity: t.input.field({ type: SeverityEnum }),
      rules: t.input.field({ type: 'JSON' }),
      enabled: t.input.boolean({ required: false }),
    },
    type: PolicyPayload,
    resolve: async (_root, { input }, ctx) => ({
      policy: await createPolicy(
        callerOf(ctx),
        parseInput(createPolicyInput, {
          ...input,
          description: input.description ?? undefined,
          enabled: input.enabled ?? undefined,
        }),
      ),
    }),
  }),
);

builder.mutationField('updatePolicy', (t) =>
  t.fieldWithInput({
    description: 'Change a policy. Its kind and key are fixed; omitted fields stay.',
    authScopes: { scope: 'policies:write' },
    errors: { types: commonErrors },
    input: {
      policyId: t.input.globalID(),
      name: t.input.string({ required: false }),
      description: t.input.string({ required: false }),
      defaultSeverity: t.input.field({ type: SeverityEnum, required: false }),
      rules: t.input.field({ type: 'JSON', required: false }),
    },
    type: PolicyPayload,
    resolve: async (_root, { input }, ctx) => {
      const { policyId, ...patch } = input;
      return {
        policy: await updatePolicy(callerOf(ctx), idFor('Policy', policyId), parseInput(updatePolicyInput, patch)),
      };
    },
  }),
);

for (const [name, enabled] of [
  ['enablePolicy', true],
  ['disablePolicy', false],
] as const) {
  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description: enabled
        ? 'Enable a policy: decisions take it into account.'
        : 'Disable a policy: decisions ignore it.',
      authScopes: { scope: 'policies:write' },
      errors: { types: commonErrors },
      input: { policyId: t.input.globalID() },
      type: PolicyPayload,
      resolve: async (_root, { input }, ctx) => ({
        policy: await setPolicyEnabled(callerOf(ctx), idFor('Policy', input.policyId), enabled),
      }),
    }),
  );
}
