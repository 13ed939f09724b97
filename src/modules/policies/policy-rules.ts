// The rules of each kind of policy, validated with zod when a policy is created or changed.
// What each rule means for a decision is in src/modules/decisions/evaluate.ts.
import { z } from 'zod';
import { AgentCategory, type PolicyKind } from '../../generated/prisma/enums.js';
import { patternProblem } from './patterns.js';

const scope = z.string().min(1).max(64);
const money = z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a decimal amount such as "2.50"');
const pattern = z
  .string()
  .min(1)
  .max(200)
  .superRefine((p, ctx) => {
    const problem = patternProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: `must be a valid RE2 regular expression (${problem})` });
  });

export const ruleSchemas = {
  /** Scopes an agent may act in, per agent category; any other requested scope is denied. */
  RBAC: z.strictObject({
    allowedScopes: z.partialRecord(z.enum(AgentCategory), z.array(scope).max(100)),
  }),
  /** What every agent must satisfy to act and to publish. */
  CONSTITUTIONAL: z.strictObject({
    requirePublishedVersion: z.boolean().default(true),
    requireChangelog: z.boolean().default(false),
    forbiddenScopes: z.array(scope).max(100).default([]),
    maxDataAccess: z.enum(['NONE', 'READ', 'READ_WRITE']).default('READ_WRITE'),
  }),
  /** At most `maxActions` decisions per agent in a sliding window of `windowSeconds`. */
  RATE_LIMIT: z.strictObject({
    maxActions: z.number().int().min(1).max(1_000_000),
    windowSeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400 * 31),
  }),
  /** Estimated cost above `downgradeAbove` is DOWNGRADE; above `denyAbove` is DENY. */
  BUDGET: z
    .strictObject({
      denyAbove: money.optional(),
      downgradeAbove: money.optional(),
      /**
       * Opt in to treating repeated refusals as misbehaviour: every `threshold`-th refused spend
       * authorization of an agent within `windowSeconds` raises a violation of this policy
       * (src/modules/budgets/refusal-policy.ts). Off unless set: asking first is not misbehaving.
       */
      refusals: z
        .strictObject({
          threshold: z.number().int().min(1).max(1_000_000),
          windowSeconds: z
            .number()
            .int()
            .min(1)
            .max(86_400 * 31),
        })
        .optional(),
    })
    .refine((r) => r.denyAbove || r.downgradeAbove || r.refusals, 'set denyAbove, downgradeAbove, refusals or several'),
  /** Resources matching `deny` patterns are denied; matching `requireApproval` need approval. */
  CONTENT: z.strictObject({
    deny: z.array(pattern).max(100).default([]),
    requireApproval: z.array(pattern).max(100).default([]),
  }),
  /** When the action (and, if given, a scope) matches, answer `outcome`. */
  CUSTOM: z.strictObject({
    actions: z.array(z.string().min(1).max(100)).min(1).max(100),
    scopes: z.array(scope).max(100).default([]),
    outcome: z.enum(['DENY', 'REQUIRES_APPROVAL', 'DOWNGRADE']),
    reason: z.string().max(500).default(''),
  }),
} satisfies Record<PolicyKind, z.ZodType>;

export type Rules<K extends PolicyKind> = z.output<(typeof ruleSchemas)[K]>;
