import { z } from 'zod';

export const actionInput = z.object({
  action: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z.array(z.string().min(1).max(64)).max(100, 'at most 100 scopes').default([]),
  estimatedCost: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a non-negative decimal amount such as "0.25"')
    .nullish()
    .transform((v) => v ?? null),
  resource: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .nullish()
    .transform((v) => v ?? null),
  description: z.string().max(5000).nullish(),
  succeeded: z.boolean().nullish(),
});
