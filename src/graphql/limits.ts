import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;

/** `first`/`last` of every connection: asking for more than 100 is an error, not a silent cap. */
export function connectionSize(arg: 'first' | 'last') {
  return z
    .number()
    .int()
    .min(0, `${arg} must not be negative`)
    .max(MAX_PAGE_SIZE, `${arg} must be at most ${MAX_PAGE_SIZE}`)
    .nullish();
}
