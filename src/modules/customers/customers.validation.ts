import { z } from 'zod';

export const createCustomerInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  email: z.email('must be an email address').max(320).toLowerCase(),
  externalRef: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
});
