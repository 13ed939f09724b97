import { z } from 'zod';
import { prisma } from '../../db/client.js';
import type { Organization } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { listOfAtMost } from '../../graphql/cost.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { text } from '../../graphql/input-rules.js';
import { parseInput } from '../../graphql/validation.js';
import { OrganizationType } from '../organizations/organization.type.js';
import { AgentType } from './agent.type.js';
import { haltAgents, resumeAgents } from './halt.service.js';

/** The most agents one halt or resume names (more: halt the organization). */
const MAX_NAMED_AGENTS = 100;

const HaltPayload = builder.simpleObject('HaltPayload', {
  fields: (t) => ({
    organization: t.field({ type: OrganizationType }),
    agents: t.field({
      type: [AgentType],
      description: 'The agents halted or resumed by name (none for the organization).',
      complexity: listOfAtMost(MAX_NAMED_AGENTS),
    }),
  }),
});

const haltInput = z.object({ reason: text(500) });
const agentIdsInput = z.object({
  agentIds: z
    .array(z.unknown())
    .min(1, 'must name at least one agent (leave it out for the whole organization)')
    .max(MAX_NAMED_AGENTS, `must name at most ${MAX_NAMED_AGENTS} agents (leave it out for the whole organization)`)
    .nullish(),
});

/** The payload: the organization and the agents named, as they are after the change. */
async function payloadOf(result: { organization: Organization; agentIds: string[] }) {
  return {
    organization: result.organization,
    agents: await prisma.agent.findMany({ where: { id: { in: result.agentIds } }, orderBy: { id: 'asc' } }),
  };
}

const agentIdsOf = (input: { agentIds?: { typename: string; id: string }[] | null }) => {
  parseInput(agentIdsInput, { agentIds: input.agentIds });
  return input.agentIds?.map((id) => idFor('Agent', id)) ?? null;
};

builder.mutationField('haltAgents', (t) =>
  t.fieldWithInput({
    description:
      'Emergency stop. From this commit on every decision, spend authorization, task start and message of the named agents — or, without agentIds, of the whole organization — is refused with a reason that names the halt. Reservations already open can still be settled or released. resumeAgents lifts it.',
    authScopes: { scope: 'agents:halt' },
    errors: { types: commonErrors },
    input: {
      reason: t.input.string(),
      agentIds: t.input.globalIDList({ required: false, description: 'Without it: the whole organization.' }),
    },
    type: HaltPayload,
    resolve: async (_root, { input }, ctx) => {
      const { reason } = parseInput(haltInput, { reason: input.reason });
      return payloadOf(await haltAgents(callerOf(ctx), { reason, agentIds: agentIdsOf(input) }));
    },
  }),
);

builder.mutationField('resumeAgents', (t) =>
  t.fieldWithInput({
    description:
      "Lift a halt: of the named agents, or without agentIds the organization's own (agents halted by name stay halted).",
    authScopes: { scope: 'agents:halt' },
    errors: { types: commonErrors },
    input: { agentIds: t.input.globalIDList({ required: false }) },
    type: HaltPayload,
    resolve: async (_root, { input }, ctx) => {
      return payloadOf(await resumeAgents(callerOf(ctx), { agentIds: agentIdsOf(input) }));
    },
  }),
);
