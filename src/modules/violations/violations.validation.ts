import { z } from 'zod';
import { Severity, ViolationCategory } from '../../generated/prisma/enums.js';

export const raiseViolationInput = z.object({
  severity: z.enum(Severity).nullish(),
  category: z.enum(ViolationCategory),
  description: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
  evidence: z
    .record(z.string(), z.unknown())
    .default({})
    .refine((e) => JSON.stringify(e).length <= 100_000, 'must be at most 100 kB of JSON'),
});

export const resolveViolationInput = z.object({
  note: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
});

export const dismissViolationInput = z.object({
  reason: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
});
