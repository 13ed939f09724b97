import type { z } from 'zod';
import { ValidationError } from './errors.js';
import { unsafeInputIssues } from './safe-input.js';

/** Parses a mutation's input with its zod schema; every problem becomes a ValidationError issue. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root: string | string[] = 'input',
): z.output<S> {
  const unsafe = unsafeInputIssues(value, Array.isArray(root) ? root : [root]);
  if (unsafe.length) throw new ValidationError(unsafe);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: [...(Array.isArray(root) ? root : [root]), ...issue.path.map(String)],
      message: issue.message,
    })),
  );
}

/** The fields a client gave: GraphQL's null and undefined both mean "not given" to zod defaults. */
export function given<T extends Record<string, unknown>>(fields: T): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null)) as Partial<{
    [K in keyof T]: NonNullable<T[K]>;
  }>;
}
