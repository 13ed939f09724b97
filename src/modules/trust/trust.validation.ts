import { z } from 'zod';

export const addAttestationInput = z.object({
  issuer: z.string().trim().min(1, 'must not be empty').max(200),
  claim: z.string().trim().min(1, 'must not be empty').max(2000),
  evidence: z.record(z.string(), z.unknown()).default({}),
  score: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  expiresAt: z
    .date()
    .nullish()
    .refine((d) => !d || d > new Date(), 'must be in the future')
    .transform((d) => d ?? null),
});
