import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { ServiceType } from './service.type.js';
import { archiveService, createService, updateService } from './services.service.js';
import { createServiceInput, updateServiceInput } from './services.validation.js';

const ServicePayload = builder.simpleObject('ServicePayload', {
  fields: (t) => ({ service: t.field({ type: ServiceType }) }),
});

builder.mutationField('createService', (t) =>
  t.fieldWithInput({
    description: 'Add a priced service to your catalog. Its key is unique in your organization, archived or not.',
    authScopes: { scope: 'budgets:write' },
    errors: { types: commonErrors },
    input: {
      key: t.input.string(),
      name: t.input.string(),
      description: t.input.string({ required: false }),
      unit: t.input.string({ description: 'What one unit is, e.g. "1K tokens".' }),
      unitPrice: t.input.field({ type: 'Decimal' }),
      currency: t.input.string({ required: false, description: 'ISO 4217; USD unless given.' }),
      fallbackServiceKey: t.input.string({
        required: false,
        description: 'A cheaper service of the catalog reserved instead when this one does not fit.',
      }),
    },
    type: ServicePayload,
    resolve: async (_root, { input }, ctx) => ({
      service: await createService(callerOf(ctx), parseInput(createServiceInput, given(input))),
    }),
  }),
);

builder.mutationField('updateService', (t) =>
  t.fieldWithInput({
    description:
      'Change a service: its price applies to new authorizations only; `active: false` refuses it until activated again.',
    authScopes: { scope: 'budgets:write' },
    errors: { types: commonErrors },
    input: {
      serviceId: t.input.globalID(),
      name: t.input.string({ required: false }),
      description: t.input.string({ required: false }),
      unit: t.input.string({ required: false }),
      unitPrice: t.input.field({ type: 'Decimal', required: false }),
      active: t.input.boolean({ required: false }),
      fallbackServiceKey: t.input.string({ required: false }),
      clearFallback: t.input.boolean({ required: false, description: 'Remove the fallback service.' }),
    },
    type: ServicePayload,
    resolve: async (_root, { input }, ctx) => {
      const { serviceId, ...patch } = input;
      return {
        service: await updateService(
          callerOf(ctx),
          idFor('Service', serviceId),
          parseInput(updateServiceInput, given(patch)),
        ),
      };
    },
  }),
);

builder.mutationField('archiveService', (t) =>
  t.fieldWithInput({
    description: 'Archive a service: authorizations for it are refused from now on; its key and history stay.',
    authScopes: { scope: 'budgets:write' },
    errors: { types: commonErrors },
    input: { serviceId: t.input.globalID() },
    type: ServicePayload,
    resolve: async (_root, { input }, ctx) => ({
      service: await archiveService(callerOf(ctx), idFor('Service', input.serviceId)),
    }),
  }),
);
