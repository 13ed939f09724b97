import { IANAZone } from 'luxon';
import { z } from 'zod';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { given, parseInput } from '../../graphql/validation.js';
import { OrganizationType } from './organization.type.js';

const updateOrganizationInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
  timeZone: z
    .string()
    .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as Europe/Paris')
    .nullish(),
});

const OrganizationPayload = builder.simpleObject('OrganizationPayload', {
  fields: (t) => ({ organization: t.field({ type: OrganizationType }) }),
});

builder.mutationField('updateOrganization', (t) =>
  t.fieldWithInput({
    description: 'Rename your organization or change its time zone (budget windows start at midnight in it).',
    authScopes: { scope: 'settings:write' },
    errors: { types: commonErrors },
    input: { name: t.input.string({ required: false }), timeZone: t.input.string({ required: false }) },
    type: OrganizationPayload,
    resolve: async (_root, { input }, ctx) => {
      const caller = callerOf(ctx);
      const patch = parseInput(updateOrganizationInput, input);
      const data = given(patch);
      const organization = await transact(async (tx) => {
        const updated = await tx.organization.update({ where: { id: caller.viewer.organizationId }, data });
        appendEvents(tx, caller, [
          { verb: 'organization.updated', subjectType: 'Organization', subjectId: updated.id, payload: data },
        ]);
        return updated;
      });
      return { organization };
    },
  }),
);
