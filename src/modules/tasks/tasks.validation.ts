import { z } from 'zod';
import { TaskPriority, TaskStepStatus } from '../../generated/prisma/enums.js';
import { jsonObject, text } from '../../graphql/input-rules.js';
import { positiveMoney } from '../budgets/budgets.validation.js';

const tokens = z.number().int().min(0, 'must not be negative');

export const createTaskInput = z.object({
  goal: text(5000),
  input: jsonObject(1000).default({}),
  priority: z.enum(TaskPriority).default('NORMAL'),
  sandbox: z.boolean().default(false),
  maxAttempts: z.number().int().min(1, 'must be at least 1').max(20, 'must be at most 20').default(3),
});

export const recordStepInput = z.object({
  step: text(200),
  state: jsonObject(1000).default({}),
  status: z.enum(TaskStepStatus),
});

export const completeTaskInput = z.object({
  output: jsonObject(1000).default({}),
  cost: positiveMoney.nullish(),
  usage: z
    .object({ inputTokens: tokens.default(0), outputTokens: tokens.default(0), apiCalls: tokens.default(0) })
    .default({ inputTokens: 0, outputTokens: 0, apiCalls: 0 }),
});

export const failTaskInput = z.object({ error: text(10_000) });
export const cancelTaskInput = z.object({ reason: text(2000).nullish() });
