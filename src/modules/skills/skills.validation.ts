import { z } from 'zod';

/** A skill's key, e.g. "invoice-extraction" or "legal.contract-review". */
export const skillKey = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    'must be 1–100 lower-case letters, digits and . _ -, starting with a letter or digit',
  );

const name = z.string().trim().min(1, 'must not be empty').max(200);
const description = z.string().trim().max(4000);
const category = z.string().trim().min(1, 'must not be empty').max(100);
const reason = z.string().trim().min(1, 'must not be empty').max(2000);

export const createSkillInput = z.object({ key: skillKey, name, category, description: description.default('') });
export const updateSkillInput = z.object({
  name: name.optional(),
  category: category.optional(),
  description: description.optional(),
});

/** At most this many required skills per job role, and skills changed per call. */
export const MAX_SKILLS = 100;
const skillIds = z.array(z.string().nullable()).max(MAX_SKILLS, `at most ${MAX_SKILLS} skills`);

export const createJobRoleInput = z.object({
  name,
  description: description.default(''),
  requiredSkillIds: skillIds.default([]),
});
export const updateJobRoleInput = z.object({
  name: name.optional(),
  description: description.optional(),
  requiredSkillIds: skillIds.optional(),
});
export const certificationReason = z.object({ reason: reason.optional() });
export const agentSkillsInput = z
  .object({ add: skillIds.default([]), remove: skillIds.default([]) })
  .refine((v) => v.add.length + v.remove.length > 0, {
    message: 'name at least one skill to add or remove',
    path: ['add'],
  });
