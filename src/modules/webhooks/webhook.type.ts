import { WebhookDeliveryStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const WebhookDeliveryStatusEnum = builder.enumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING (sending or waiting to retry) → DELIVERED, or FAILED after the retry window.',
});

export const WebhookAttemptType = builder.prismaObject('WebhookAttempt', {
  description: 'One try of a delivery.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt'),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    responseStatus: t.exposeInt('responseStatus', {
      nullable: true,
      description: 'The HTTP status, if one came back.',
    }),
    latencyMs: t.exposeInt('latencyMs'),
    error: t.exposeString('error', { nullable: true }),
  }),
});

export const WebhookDeliveryType = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  nullable: true,
  description: 'One activity event for one endpoint, with every try.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'webhooks:write') }),
  authScopes: { scope: 'webhooks:write' },
  fields: (t) => ({
    endpoint: t.relation('endpoint'),
    eventSequence: t.exposeInt('eventSequence'),
    verb: t.exposeString('verb'),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', {
      type: 'DateTime',
      description: 'When a PENDING delivery is tried next.',
    }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true }),
    responseStatus: t.exposeInt('responseStatus', { nullable: true }),
    latencyMs: t.exposeInt('latencyMs', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    attemptLog: t.relation('attemptLog', { query: { orderBy: { attempt: 'asc' } } }),
  }),
});

export const WebhookEndpointType = builder.prismaNode('WebhookEndpoint', {
  id: { field: 'id' },
  nullable: true,
  description:
    'Where your organization’s events are POSTed, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'webhooks:write') }),
  authScopes: { scope: 'webhooks:write' },
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description'),
    events: t.exposeStringList('events', { description: 'Verbs delivered: exact, `prefix.*` or `*`.' }),
    enabled: t.exposeBoolean('enabled'),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    previousSecretUntil: t.expose('previousSecretUntil', {
      type: 'DateTime',
      nullable: true,
      description: 'After a rotation: until then, deliveries are signed with the old secret too.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveries: t.relatedConnection('deliveries', {
      description: 'The delivery log, newest event first.',
      cursor: 'id',
      totalCount: true,
      args: { status: t.arg({ type: WebhookDeliveryStatusEnum, required: false }) },
      query: (args) => ({
        where: args.status ? { status: args.status } : {},
        orderBy: [{ eventSequence: 'desc' }, { id: 'desc' }],
      }),
    }),
  }),
});
