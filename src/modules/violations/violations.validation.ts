import { z } from 'zod';
import { Severity, ViolationCategory } from '../../generated/prisma/enums.js';
import { jsonObject, text } from '../../graphql/input-rules.js';

export const raiseViolationInput = z.object({
  severity: z.enum(Severity).nullish(),
  category: z.enum(ViolationCategory),
  description: text(5000),
  evidence: jsonObject(100).default({}),
});

export const resolveViolationInput = z.object({
  note: text(5000),
});

export const dismissViolationInput = z.object({
  reason: text(5000),
});
