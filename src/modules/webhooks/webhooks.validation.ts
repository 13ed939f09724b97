import { z } from 'zod';
import { outboundUrl } from '../../outbound/guard.js';
import { VERB_PATTERN } from './webhook-events.js';

const url = outboundUrl;

const events = z
  .array(z.string().trim().max(100).regex(VERB_PATTERN, 'must be a verb such as "violation.raised", "budget.*" or "*"'))
  .min(1)
  .max(100)
  .transform((list) => [...new Set(list)]);

export const createEndpointInput = z.object({
  url,
  events,
  description: z.string().trim().max(500).nullish(),
});

export const updateEndpointInput = z.object({
  url: url.nullish(),
  events: events.nullish(),
  description: z.string().trim().max(500).nullish(),
  enabled: z.boolean().nullish(),
});
