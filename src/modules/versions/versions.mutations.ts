import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { AgentVersionType } from './version.type.js';
import {
  archiveAgentVersion,
  createAgentVersion,
  publishAgentVersion,
  updateAgentVersion,
} from './versions.service.js';
import { createAgentVersionInput, updateAgentVersionInput } from './versions.validation.js';

const AgentVersionPayload = builder.simpleObject('AgentVersionPayload', {
  fields: (t) => ({ version: t.field({ type: AgentVersionType }) }),
});

builder.mutationField('createAgentVersion', (t) =>
  t.fieldWithInput({
    description: 'Create a DRAFT version with its manifest. `manifest.version` must equal `semver`.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      agentId: t.input.globalID(),
      semver: t.input.string(),
      manifest: t.input.field({ type: 'JSON' }),
      changelog: t.input.string({ required: false }),
    },
    type: AgentVersionPayload,
    resolve: async (_root, { input }, ctx) => {
      const { agentId, ...fields } = input;
      const parsed = parseInput(createAgentVersionInput, { ...fields, changelog: fields.changelog ?? undefined });
      return { version: await createAgentVersion(callerOf(ctx), idFor('Agent', agentId), parsed) };
    },
  }),
);

builder.mutationField('updateAgentVersion', (t) =>
  t.fieldWithInput({
    description: 'Edit a DRAFT version. Published and archived versions are immutable.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      versionId: t.input.globalID(),
      manifest: t.input.field({ type: 'JSON', required: false }),
      changelog: t.input.string({ required: false }),
    },
    type: AgentVersionPayload,
    resolve: async (_root, { input }, ctx) => {
      const { versionId, ...fields } = input;
      const patch = parseInput(updateAgentVersionInput, fields);
      return { version: await updateAgentVersion(callerOf(ctx), idFor('AgentVersion', versionId), patch) };
    },
  }),
);

const lifecycle = [
  [
    'publishAgentVersion',
    publishAgentVersion,
    'Publish a DRAFT: it must be greater than every published version; the one it supersedes is archived.',
  ],
  [
    'archiveAgentVersion',
    archiveAgentVersion,
    'Archive a version. Archiving the current version leaves the agent without one.',
  ],
] as const;

for (const [name, action, description] of lifecycle) {
  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description,
      authScopes: { scope: 'agents:write' },
      errors: { types: commonErrors },
      input: { versionId: t.input.globalID() },
      type: AgentVersionPayload,
      resolve: async (_root, { input }, ctx) => ({
        version: await action(callerOf(ctx), idFor('AgentVersion', input.versionId)),
      }),
    }),
  );
}
