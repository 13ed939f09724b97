// Webhook endpoints and their deliveries: create, change, enable or disable, rotate the secret,
// redeliver. Each step is an event in the organization's log (scope webhooks:write). Sending is
// webhook-sender.ts's; which events become deliveries is webhooks.consumer.ts's.
import type { Caller } from '../../auth/viewer.js';
import type { Tx } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { NotFoundError } from '../../graphql/errors.js';
import { newWebhookSecret } from './webhook-signature.js';

/** How long signatures also carry the secret before a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

const endpointEvent = (verb: string, id: string, payload: Record<string, string | string[] | boolean | null> = {}) => ({
  verb,
  subjectType: 'WebhookEndpoint',
  subjectId: id,
  payload,
});

async function lockEndpoint(tx: Tx, caller: Caller, id: string | null) {
  const locked = await lockOwned(tx, 'WebhookEndpoint', id, caller.viewer.organizationId);
  if (!locked) throw new NotFoundError('WebhookEndpoint');
  return tx.webhookEndpoint.findUniqueOrThrow({ where: { id: locked } });
}

export function createWebhookEndpoint(
  caller: Caller,
  input: { url: string; events: string[]; description?: string | null },
) {
  return transact(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        organizationId: caller.viewer.organizationId,
        url: input.url,
        events: input.events,
        description: input.description ?? '',
        secret: newWebhookSecret(),
      },
    });
    appendEvents(tx, caller, [
      endpointEvent('webhook.created', endpoint.id, { url: endpoint.url, events: endpoint.events }),
    ]);
    return endpoint;
  });
}

export function updateWebhookEndpoint(
  caller: Caller,
  id: string | null,
  input: { url?: string | null; events?: string[] | null; description?: string | null; enabled?: boolean | null },
) {
  return transact(async (tx) => {
    const current = await lockEndpoint(tx, caller, id);
    const enabling = input.enabled === true && !current.enabled;
    const disabling = input.enabled === false && current.enabled;
    const endpoint = await tx.webhookEndpoint.update({
      where: { id: current.id },
      data: {
        ...(input.url != null ? { url: input.url } : {}),
        ...(input.events != null ? { events: input.events } : {}),
        ...(input.description != null ? { description: input.description } : {}),
        ...(enabling ? { enabled: true, disabledAt: null, disabledReason: null } : {}),
        ...(disabling ? { enabled: false, disabledAt: new Date(), disabledReason: 'disabled by a person' } : {}),
      },
    });
    appendEvents(tx, caller, [
      endpointEvent(disabling ? 'webhook.disabled' : enabling ? 'webhook.enabled' : 'webhook.updated', endpoint.id, {
        url: endpoint.url,
        events: endpoint.events,
        ...(disabling ? { reason: 'disabled by a person' } : {}),
      }),
    ]);
    return endpoint;
  });
}

export function rotateWebhookSecret(caller: Caller, id: string | null) {
  return transact(async (tx) => {
    const current = await lockEndpoint(tx, caller, id);
    const endpoint = await tx.webhookEndpoint.update({
      where: { id: current.id },
      data: {
        secret: newWebhookSecret(),
        previousSecret: current.secret,
        previousSecretUntil: new Date(Date.now() + ROTATION_OVERLAP_MS),
      },
    });
    appendEvents(tx, caller, [endpointEvent('webhook.secret_rotated', endpoint.id)]);
    return endpoint;
  });
}

/** Queues a delivery again (delivered or failed): a new retry window, sent in its event's order. */
export function redeliverWebhook(caller: Caller, deliveryId: string | null) {
  return transact(async (tx) => {
    const locked = await lockOwned(tx, 'WebhookDelivery', deliveryId, caller.viewer.organizationId);
    if (!locked) throw new NotFoundError('WebhookDelivery');
    const delivery = await tx.webhookDelivery.update({
      where: { id: locked },
      data: { status: 'PENDING', nextAttemptAt: new Date(), firstAttemptAt: null, deliveredAt: null },
    });
    appendEvents(tx, caller, [
      endpointEvent('webhook.redelivery_requested', delivery.endpointId, {
        deliveryId: delivery.id,
        eventId: delivery.eventId,
      }),
    ]);
    return delivery;
  });
}
