import { z } from 'zod';
import { text } from '../../graphql/input-rules.js';

export const createCustomerInput = z.object({
  name: text(200),
  email: z.email('must be an email address').max(320).toLowerCase(),
  externalRef: text(200).nullish(),
});
