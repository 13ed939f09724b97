// zod rules that many inputs share, with the same messages everywhere.
import { z } from 'zod';

/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A JSON object of at most `kb` kilobytes. */
export const jsonObject = (kb: number) =>
  z
    .record(z.string(), z.unknown())
    .refine((v) => JSON.stringify(v).length <= kb * 1000, `must be at most ${kb} kB of JSON`);
