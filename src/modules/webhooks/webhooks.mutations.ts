import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { WebhookDeliveryType, WebhookEndpointType } from './webhook.type.js';
import {
  createWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './webhooks.service.js';
import { createEndpointInput, updateEndpointInput } from './webhooks.validation.js';

const WithSecret = builder.simpleObject('WebhookEndpointSecretPayload', {
  fields: (t) => ({
    webhookEndpoint: t.field({ type: WebhookEndpointType }),
    secret: t.string({ description: 'whsec_…: verify signatures with it. Shown here, on creation and rotation.' }),
  }),
});
const EndpointPayload = builder.simpleObject('WebhookEndpointPayload', {
  fields: (t) => ({ webhookEndpoint: t.field({ type: WebhookEndpointType }) }),
});
const DeliveryPayload = builder.simpleObject('WebhookDeliveryPayload', {
  fields: (t) => ({ delivery: t.field({ type: WebhookDeliveryType }) }),
});

builder.mutationField('createWebhookEndpoint', (t) =>
  t.fieldWithInput({
    description:
      'POST the events whose verbs match `events` (exact, `prefix.*`, `*`) to `url`, signed. Private and loopback addresses are refused unless WEBHOOK_ALLOWED_PRIVATE_HOSTS allows them.',
    authScopes: { scope: 'webhooks:write' },
    errors: { types: commonErrors },
    input: {
      url: t.input.string(),
      events: t.input.stringList(),
      description: t.input.string({ required: false }),
    },
    type: WithSecret,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(createEndpointInput, given(input));
      const webhookEndpoint = await createWebhookEndpoint(callerOf(ctx), parsed);
      return { webhookEndpoint, secret: webhookEndpoint.secret };
    },
  }),
);

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.fieldWithInput({
    description:
      'Change an endpoint; `enabled: false` disables it, `enabled: true` enables it again (pending deliveries resume).',
    authScopes: { scope: 'webhooks:write' },
    errors: { types: commonErrors },
    input: {
      webhookEndpointId: t.input.globalID(),
      url: t.input.string({ required: false }),
      events: t.input.stringList({ required: false }),
      description: t.input.string({ required: false }),
      enabled: t.input.boolean({ required: false }),
    },
    type: EndpointPayload,
    resolve: async (_root, { input }, ctx) => {
      const { webhookEndpointId, ...rest } = input;
      const parsed = parseInput(updateEndpointInput, given(rest));
      return {
        webhookEndpoint: await updateWebhookEndpoint(
          callerOf(ctx),
          idFor('WebhookEndpoint', webhookEndpointId),
          parsed,
        ),
      };
    },
  }),
);

builder.mutationField('rotateWebhookSecret', (t) =>
  t.fieldWithInput({
    description: 'A new signing secret; for 24 hours deliveries carry signatures under both, so receivers can switch.',
    authScopes: { scope: 'webhooks:write' },
    errors: { types: commonErrors },
    input: { webhookEndpointId: t.input.globalID() },
    type: WithSecret,
    resolve: async (_root, { input }, ctx) => {
      const webhookEndpoint = await rotateWebhookSecret(
        callerOf(ctx),
        idFor('WebhookEndpoint', input.webhookEndpointId),
      );
      return { webhookEndpoint, secret: webhookEndpoint.secret };
    },
  }),
);

builder.mutationField('redeliverWebhook', (t) =>
  t.fieldWithInput({
    description: 'Send a delivery again (delivered or failed), with a new retry window.',
    authScopes: { scope: 'webhooks:write' },
    errors: { types: commonErrors },
    input: { deliveryId: t.input.globalID() },
    type: DeliveryPayload,
    resolve: async (_root, { input }, ctx) => ({
      delivery: await redeliverWebhook(callerOf(ctx), idFor('WebhookDelivery', input.deliveryId)),
    }),
  }),
);
