import semver from 'semver';
import { z } from 'zod';
import { manifestSchema } from './manifest.js';

const version = z.string().refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.2.0');
const changelog = z.string().max(20_000, 'must be at most 20000 characters');

export const createAgentVersionInput = z
  .object({ semver: version, manifest: manifestSchema, changelog: changelog.default('') })
  .refine((v) => v.manifest.version === v.semver, {
    path: ['manifest', 'version'],
    message: 'must equal the version being created',
  });

export const updateAgentVersionInput = z.object({
  manifest: manifestSchema.nullish(),
  changelog: changelog.nullish(),
});
