import { z } from 'zod';
import { AgentCategory } from '../../generated/prisma/enums.js';
import { slug } from '../organizations/organizations.validation.js';

const label = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');
const labels = z
  .array(label)
  .max(50, 'at most 50 entries')
  .transform((l) => [...new Set(l)]);

export const agentFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(5000, 'must be at most 5000 characters'),
  category: z.enum(AgentCategory),
  capabilities: labels,
  policyScopes: labels,
  tags: labels,
};

export const createAgentInput = z.object({
  slug,
  name: agentFields.name,
  description: agentFields.description.default(''),
  category: agentFields.category,
  capabilities: agentFields.capabilities.default([]),
  policyScopes: agentFields.policyScopes.default([]),
  tags: agentFields.tags.default([]),
});

export const updateAgentInput = z.object({
  slug: slug.nullish(),
  name: agentFields.name.nullish(),
  description: agentFields.description.nullish(),
  category: agentFields.category.nullish(),
  capabilities: agentFields.capabilities.nullish(),
  policyScopes: agentFields.policyScopes.nullish(),
  tags: agentFields.tags.nullish(),
});

export const agentsFilter = z.object({
  search: z.string().max(200, 'must be at most 200 characters').nullish(),
  tag: label.nullish(),
});

export const agentStatusInput = z.object({
  reason: z.string().max(2000, 'must be at most 2000 characters').nullish(),
});
