import { z } from 'zod';
import { BudgetWindow, SpendPriority } from '../../generated/prisma/enums.js';

const decimal = /^-?\d{1,12}(\.\d{1,6})?$/;
export const positiveMoney = z
  .string()
  .regex(decimal, 'must be a decimal amount such as "12.50"')
  .refine((v) => Number(v) > 0, 'must be greater than zero');
const nonNegativeMoney = z
  .string()
  .regex(decimal, 'must be a decimal amount such as "12.50"')
  .refine((v) => !v.startsWith('-'), 'must not be negative');

export const budgetFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  limit: positiveMoney,
  perCallLimit: positiveMoney.nullish(),
  thresholds: z
    .array(z.number().gt(0, 'must be greater than 0').max(2, 'must be at most 2'))
    .max(10)
    .transform((t) => [...new Set(t)].sort((a, b) => a - b)),
  highPriorityReserve: z.number().min(0).lt(1, 'must be below 1 (a share of the limit)'),
};

export const createBudgetInput = z.object({
  name: budgetFields.name,
  window: z.enum(BudgetWindow),
  limit: budgetFields.limit,
  perCallLimit: budgetFields.perCallLimit,
  thresholds: budgetFields.thresholds.default([0.5, 0.8, 1]),
  highPriorityReserve: budgetFields.highPriorityReserve.default(0),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
});

/**
 * Whose budget: ORGANIZATION names no ID, AGENT exactly an agentId, CONTEXT exactly a contextId.
 * TRIAL budgets come with trials. An ID the subject does not name is refused, not ignored.
 */
export const budgetSubjectInput = z
  .object({
    subjectType: z.enum(['ORGANIZATION', 'AGENT', 'CONTEXT', 'TRIAL']),
    agentId: z.string().nullish(),
    contextId: z.string().nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.subjectType === 'TRIAL')
      ctx.addIssue({ code: 'custom', path: ['subjectType'], message: 'TRIAL budgets are created by startTrial' });
    const needs = { AGENT: 'agentId', CONTEXT: 'contextId' } as const;
    for (const field of ['agentId', 'contextId'] as const) {
      const named = needs[input.subjectType as keyof typeof needs] === field;
      if (named && input[field] == null)
        ctx.addIssue({ code: 'custom', path: [field], message: `is required for a ${input.subjectType} budget` });
      if (!named && input[field] != null && input.subjectType !== 'TRIAL')
        ctx.addIssue({ code: 'custom', path: [field], message: `must not be given for a ${input.subjectType} budget` });
    }
  })
  .transform((input) =>
    input.subjectType === 'AGENT'
      ? { type: 'AGENT' as const, agentId: input.agentId as string }
      : input.subjectType === 'CONTEXT'
        ? { type: 'CONTEXT' as const, contextId: input.contextId as string }
        : { type: 'ORGANIZATION' as const },
  );

export const updateBudgetInput = z.object({
  name: budgetFields.name.nullish(),
  limit: budgetFields.limit.nullish(),
  perCallLimit: budgetFields.perCallLimit,
  thresholds: budgetFields.thresholds.nullish(),
  highPriorityReserve: budgetFields.highPriorityReserve.nullish(),
});

export const authorizeSpendInput = z
  .object({
    amount: positiveMoney.nullish(),
    quantity: positiveMoney.nullish(),
    priority: z.enum(SpendPriority).default('NORMAL'),
    service: z.string().trim().min(1, 'must not be empty').max(100),
    requestKey: z.string().min(1, 'must not be empty').max(200),
    fallback: z.object({ amount: positiveMoney, description: z.string().trim().min(1).max(500) }).nullish(),
    contextId: z.string().nullish(),
  })
  .refine((r) => r.amount != null || r.quantity != null, {
    path: ['amount'],
    message: 'give an amount, or a quantity of a service priced in the catalog',
  })
  .refine((r) => r.amount == null || r.quantity == null, {
    path: ['quantity'],
    message: 'give an amount or a quantity, not both',
  })
  .refine((r) => !r.fallback || r.amount == null || Number(r.fallback.amount) < Number(r.amount), {
    path: ['fallbackAmount'],
    message: 'must be less than the amount',
  });

export const settleSpendInput = z
  .object({
    actualAmount: nonNegativeMoney.nullish(),
    actualQuantity: nonNegativeMoney.nullish(),
    usage: z
      .object({
        inputTokens: z.number().int().min(0).default(0),
        outputTokens: z.number().int().min(0).default(0),
        apiCalls: z.number().int().min(0).default(0),
      })
      .default({ inputTokens: 0, outputTokens: 0, apiCalls: 0 }),
  })
  .refine((r) => (r.actualAmount == null) !== (r.actualQuantity == null), {
    path: ['actualAmount'],
    message: 'give actualAmount, or actualQuantity for a reservation priced from the catalog (one of them)',
  });

export const adjustBudgetInput = z.object({
  amount: z
    .string()
    .regex(decimal, 'must be a decimal amount such as "-5.00"')
    .refine((v) => Number(v) !== 0, 'must not be zero'),
  reason: z.string().trim().min(1, 'must not be empty').max(500),
});
