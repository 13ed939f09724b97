import { z } from 'zod';
import { outboundUrl } from '../../outbound/guard.js';

/** An environment's name, e.g. "production", "staging", "eu-west". */
export const environmentName = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,49}$/,
    'must be 1–50 lower-case letters, digits and . _ -, starting with a letter or digit',
  );

/** Where the deployed agent answers: recorded, never called by the server, so it may be private. */
const endpointUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine((value) => URL.canParse(value), 'is not a URL')
  .refine(
    (value) => !URL.canParse(value) || ['http:', 'https:'].includes(new URL(value).protocol),
    'must be http or https',
  )
  .refine(
    (value) => !URL.canParse(value) || !(new URL(value).username || new URL(value).password),
    'must not carry credentials',
  );

export const deployInput = z.object({
  environment: environmentName,
  endpointUrl,
  // Called on a schedule: the outbound rules apply.
  healthCheckUrl: outboundUrl,
});

export const retireDeploymentInput = z.object({ reason: z.string().trim().min(1).max(2000).optional() });
