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

const url = outboundUrl;

export const deployInput = z.object({
  environment: environmentName,
  endpointUrl: url,
  healthCheckUrl: url,
});

export const retireDeploymentInput = z.object({ reason: z.string().trim().min(1).max(2000).optional() });
