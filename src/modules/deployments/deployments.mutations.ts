import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { DeploymentType } from './deployment.type.js';
import { deployVersion, retireDeployment } from './deployments.service.js';
import { deployInput, retireDeploymentInput } from './deployments.validation.js';

const DeploymentPayload = builder.simpleObject('DeploymentPayload', {
  fields: (t) => ({ deployment: t.field({ type: DeploymentType }) }),
});

builder.mutationField('deployAgentVersion', (t) =>
  t.fieldWithInput({
    description:
      'Deploy a PUBLISHED version of an ACTIVE agent to an environment (PENDING until its health check answers). What the agent ran there before is RETIRED. Health-check URLs follow the outbound rules of webhooks (no private or loopback addresses unless allowed).',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: {
      versionId: t.input.globalID(),
      environment: t.input.string({ description: 'e.g. "production": lower-case letters, digits, . _ -' }),
      endpointUrl: t.input.string({ description: 'Where the deployed agent answers.' }),
      healthCheckUrl: t.input.string({ description: 'Called with GET on a schedule; a 2xx answer is healthy.' }),
    },
    type: DeploymentPayload,
    resolve: async (_root, { input }, ctx) => {
      const { versionId, ...fields } = input;
      return {
        deployment: await deployVersion(
          callerOf(ctx),
          idFor('AgentVersion', versionId),
          parseInput(deployInput, given(fields)),
        ),
      };
    },
  }),
);

builder.mutationField('retireDeployment', (t) =>
  t.fieldWithInput({
    description: 'Retire a deployment: its health is no longer checked. Final.',
    authScopes: { scope: 'agents:write' },
    errors: { types: commonErrors },
    input: { deploymentId: t.input.globalID(), reason: t.input.string({ required: false }) },
    type: DeploymentPayload,
    resolve: async (_root, { input }, ctx) => {
      const { reason } = parseInput(retireDeploymentInput, given({ reason: input.reason }));
      return { deployment: await retireDeployment(callerOf(ctx), idFor('Deployment', input.deploymentId), reason) };
    },
  }),
);
