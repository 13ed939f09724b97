import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { parseInput } from '../../graphql/validation.js';
import { CustomerType } from './customer.type.js';
import { createCustomer } from './customers.service.js';
import { createCustomerInput } from './customers.validation.js';

const CustomerPayload = builder.simpleObject('CustomerPayload', {
  fields: (t) => ({ customer: t.field({ type: CustomerType }) }),
});

builder.mutationField('createCustomer', (t) =>
  t.fieldWithInput({
    description: 'Add a customer. Email and external reference are unique in your organization.',
    authScopes: { scope: 'customers:write' },
    errors: { types: commonErrors },
    input: {
      name: t.input.string(),
      email: t.input.string(),
      externalRef: t.input.string({ required: false, description: 'Your id for them (CRM, billing).' }),
    },
    type: CustomerPayload,
    resolve: async (_root, { input }, ctx) => ({
      customer: await createCustomer(callerOf(ctx), parseInput(createCustomerInput, input)),
    }),
  }),
);
