import { z } from 'zod';
import { Role } from '../../generated/prisma/enums.js';
import { email, personName } from '../organizations/organizations.validation.js';

export const addMemberInput = z.object({
  email,
  name: personName,
  role: z.enum(Role),
});

export const changeMemberRoleInput = z.object({
  role: z.enum(Role),
});
