import { z } from 'zod';
import { positiveMoney } from '../budgets/budgets.validation.js';

/** A service key as callers name it in authorizeSpend, e.g. "openai:gpt-4o" or "image-gen". */
export const serviceKey = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,99}$/,
    'must be 1–100 letters, digits and . _ : / @ -, starting with a letter or digit',
  );

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().trim().max(2000),
  unit: z.string().trim().min(1, 'must not be empty').max(50),
  unitPrice: positiveMoney,
};

/** Service names the API spends under itself: trial tasks' reservations and tasks' costs. */
const RESERVED = ['trial', 'task'];

export const createServiceInput = z.object({
  key: serviceKey.refine(
    (k) => !RESERVED.includes(k),
    'is reserved for the API’s own spend ("trial": trial tasks, "task": task costs)',
  ),
  name: fields.name,
  description: fields.description.nullish(),
  unit: fields.unit,
  unitPrice: fields.unitPrice,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  fallbackServiceKey: serviceKey.nullish(),
});

export const updateServiceInput = z.object({
  name: fields.name.nullish(),
  description: fields.description.nullish(),
  unit: fields.unit.nullish(),
  unitPrice: fields.unitPrice.nullish(),
  active: z.boolean().nullish(),
  fallbackServiceKey: serviceKey.nullish(),
  clearFallback: z.boolean().nullish(),
});
