import { z } from 'zod';
import { ALL_SCOPES, type Scope } from '../../auth/scopes.js';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z
    .array(z.enum(ALL_SCOPES as [Scope, ...Scope[]], { message: `must be one of: ${ALL_SCOPES.join(', ')}` }))
    .min(1, 'at least one scope is required')
    .transform((s) => [...new Set(s)]),
  expiresAt: z
    .date()
    .nullish()
    .refine((d) => !d || d > new Date(), 'must be in the future'),
  agentId: z.string().nullish(),
});
