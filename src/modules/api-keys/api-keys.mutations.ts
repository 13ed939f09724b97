import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { ApiKeyType } from './api-key.type.js';
import { createApiKey, revokeApiKey } from './api-keys.service.js';
import { createApiKeyInput } from './api-keys.validation.js';

const CreateApiKeyPayload = builder.simpleObject('CreateApiKeyPayload', {
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyType }),
    secret: t.string({ description: 'The full key, for `Authorization: Bearer <secret>`. Shown only now.' }),
  }),
});

const ApiKeyPayload = builder.simpleObject('ApiKeyPayload', {
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyType }) }),
});

builder.mutationField('createApiKey', (t) =>
  t.fieldWithInput({
    description: 'Create an API key with some of your scopes, optionally bound to an agent and expiring.',
    authScopes: { scope: 'api_keys:write' },
    errors: { types: commonErrors },
    input: {
      name: t.input.string(),
      scopes: t.input.stringList({ description: 'Scopes such as agents:read, agents:write (see README).' }),
      expiresAt: t.input.field({ type: 'DateTime', required: false }),
      agentId: t.input.globalID({ required: false, description: 'Bind the key to this agent.' }),
    },
    type: CreateApiKeyPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(createApiKeyInput, { ...input, agentId: undefined });
      return createApiKey(callerOf(ctx), {
        ...parsed,
        agentGiven: input.agentId != null,
        agentId: input.agentId ? idFor('Agent', input.agentId) : null,
      });
    },
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.fieldWithInput({
    description: 'Revoke an API key. It stops working at once.',
    authScopes: { scope: 'api_keys:write' },
    errors: { types: commonErrors },
    input: { apiKeyId: t.input.globalID() },
    type: ApiKeyPayload,
    resolve: async (_root, { input }, ctx) => ({
      apiKey: await revokeApiKey(callerOf(ctx), idFor('ApiKey', input.apiKeyId)),
    }),
  }),
);
