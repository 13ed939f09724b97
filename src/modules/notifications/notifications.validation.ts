import { z } from 'zod';
import { NotificationKind } from '../../generated/prisma/enums.js';
import { ruleSchema } from './notification-rules.js';

export const markReadInput = z
  .object({ ids: z.array(z.string()).max(1_000).nullish(), all: z.boolean().nullish() })
  .refine((v) => (v.ids != null) !== (v.all === true), { message: 'give either ids or all: true' });

export const muteInput = z.object({ kinds: z.array(z.enum(NotificationKind)).max(50) });

export const rulesInput = z.object({
  rules: z
    .array(ruleSchema)
    .min(1)
    .max(50)
    .refine((rules) => new Set(rules.map((r) => r.kind)).size === rules.length, { message: 'one rule per kind' })
    .refine((rules) => rules.every((r) => !r.minSeverity || r.kind === 'VIOLATION_RAISED'), {
      message: 'minSeverity applies to VIOLATION_RAISED only',
    }),
});
