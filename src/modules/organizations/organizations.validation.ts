import { z } from 'zod';

export const slug = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens (URL-safe)');

export const email = z
  .email('must be an email address')
  .max(254)
  .transform((e) => e.toLowerCase());
export const personName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const createOrganizationInput = z.object({
  name: z.string().trim().min(1).max(200),
  slug,
  owner: z.object({ email, name: personName }),
});
