import { z } from 'zod';

export const decideApprovalInput = z.object({
  decision: z.enum(['APPROVE', 'DENY']),
  note: z.string().trim().max(2_000).nullish(),
});
