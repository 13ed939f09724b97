import { z } from 'zod';
import { jsonObject, text } from '../../graphql/input-rules.js';
import { positiveMoney } from '../budgets/budgets.validation.js';

export const startTrialInput = z.object({
  days: z.number().int().min(1, 'must be at least 1').max(90, 'must be at most 90').default(7),
  budgetCap: positiveMoney.nullish(),
});

export const extendTrialInput = z.object({
  days: z.number().int().min(1, 'must be at least 1').max(90, 'must be at most 90'),
});
export const cancelTrialInput = z.object({ reason: text(2000).nullish() });
export const convertTrialInput = z.object({ planReference: text(200) });

export const trialTaskInput = z.object({
  goal: text(5000),
  input: jsonObject(1000).default({}),
  estimatedCost: positiveMoney.nullish(),
});

export const deliverableInput = z
  .object({
    title: text(300),
    content: z.string().max(1_000_000, 'must be at most 1 MB').nullish(),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .nullish(),
  })
  .refine((d) => d.content || d.url, { message: 'give content, a url, or both', path: ['content'] });
