import { z } from 'zod';
import { PolicyKind, Severity } from '../../generated/prisma/enums.js';

const key = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9_.-]{0,31}$/, 'must be 1–32 uppercase letters, digits, "_", "." or "-", such as L0-01');

export const createPolicyInput = z.object({
  key,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(5000).default(''),
  kind: z.enum(PolicyKind),
  defaultSeverity: z.enum(Severity),
  rules: z.unknown(),
  enabled: z.boolean().default(true),
});

export const updatePolicyInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
  description: z.string().max(5000).nullish(),
  defaultSeverity: z.enum(Severity).nullish(),
  rules: z.unknown().optional(),
});
