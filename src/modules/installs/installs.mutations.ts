import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { AgentType } from '../agents/agent.type.js';
import { OrganizationType } from '../organizations/organization.type.js';
import { InstallationType } from './installation.type.js';
import { grantInstallation, installAgentVersion, refuseInstallation, uninstallAgent } from './installs.service.js';
import { updateRuntime } from './runtime.service.js';

const InstallationPayload = builder.simpleObject('InstallationPayload', {
  fields: (t) => ({ installation: t.field({ type: InstallationType }) }),
});
const UninstallPayload = builder.simpleObject('UninstallPayload', {
  fields: (t) => ({ agent: t.field({ type: AgentType }) }),
});
const RuntimePayload = builder.simpleObject('RuntimePayload', {
  fields: (t) => ({ organization: t.field({ type: OrganizationType }) }),
});

const scope = z.string().trim().min(1).max(64);
const note = z.string().trim().max(2000);
const grantInput = z.object({ scopes: z.array(scope).max(100).nullish(), note: note.nullish() });
const refuseInput = z.object({ reason: note.min(1, 'must not be empty') });
const uninstallInput = z.object({ reason: note.nullish() });
const runtimeInput = z.object({
  dependencies: z
    .array(z.object({ name: z.string().trim().min(1).max(214), version: z.string().trim().min(1).max(100) }))
    .max(500)
    .default([]),
  services: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
});

builder.mutationField('installAgentVersion', (t) =>
  t.fieldWithInput({
    description:
      'Install the PUBLISHED version of an agent: its compatibility is checked (incompatible: ValidationError, nothing stored) and the scopes its manifest requests wait for a governor’s grant (grantInstallation). An upgrade asking for no new scope, or a version asking for none, is active at once. Until then the agent keeps its current version.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: { versionId: t.input.globalID() },
    type: InstallationPayload,
    resolve: async (_root, { input }, ctx) => ({
      installation: await installAgentVersion(callerOf(ctx), idFor('AgentVersion', input.versionId)),
    }),
  }),
);

builder.mutationField('grantInstallation', (t) =>
  t.fieldWithInput({
    description:
      'Grant a pending install the scopes it requested — all, or the ones named — and make it active: its version becomes current and the agent acts only within the granted scopes.',
    authScopes: { scope: 'installs:grant' },
    errors: { types: commonErrors },
    input: {
      installationId: t.input.globalID(),
      scopes: t.input.stringList({ required: false, description: 'Some of the requested scopes; all when omitted.' }),
      note: t.input.string({ required: false }),
    },
    type: InstallationPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(grantInput, given({ scopes: input.scopes, note: input.note }));
      return {
        installation: await grantInstallation(
          callerOf(ctx),
          idFor('Installation', input.installationId),
          parsed.scopes ?? null,
          parsed.note ?? null,
        ),
      };
    },
  }),
);

builder.mutationField('refuseInstallation', (t) =>
  t.fieldWithInput({
    description: 'Refuse a pending install, with the reason: nothing changes for the agent.',
    authScopes: { scope: 'installs:grant' },
    errors: { types: commonErrors },
    input: { installationId: t.input.globalID(), reason: t.input.string() },
    type: InstallationPayload,
    resolve: async (_root, { input }, ctx) => {
      const { reason } = parseInput(refuseInput, { reason: input.reason });
      return {
        installation: await refuseInstallation(callerOf(ctx), idFor('Installation', input.installationId), reason),
      };
    },
  }),
);

builder.mutationField('uninstallAgent', (t) =>
  t.fieldWithInput({
    description:
      'Uninstall an agent: its grants are revoked — every decision is DENY and every spend authorization REJECTED until it is installed again.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: { agentId: t.input.globalID(), reason: t.input.string({ required: false }) },
    type: UninstallPayload,
    resolve: async (_root, { input }, ctx) => {
      const { reason } = parseInput(uninstallInput, given({ reason: input.reason }));
      return { agent: await uninstallAgent(callerOf(ctx), idFor('Agent', input.agentId), reason ?? null) };
    },
  }),
);

const RuntimeDependencyInput = builder.inputType('RuntimeDependencyInput', {
  fields: (t) => ({ name: t.string(), version: t.string() }),
});

builder.mutationField('updateOrganizationRuntime', (t) =>
  t.fieldWithInput({
    description:
      'Say what your organization provides to the agents it installs (replaces it): dependency versions (python, node, packages) and services besides the catalog.',
    authScopes: { scope: 'settings:write' },
    errors: { types: commonErrors },
    input: {
      dependencies: t.input.field({ type: [RuntimeDependencyInput], required: false }),
      services: t.input.stringList({ required: false }),
    },
    type: RuntimePayload,
    resolve: async (_root, { input }, ctx) => ({
      organization: await updateRuntime(callerOf(ctx), parseInput(runtimeInput, given(input))),
    }),
  }),
);
