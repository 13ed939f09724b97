// Sends webhook deliveries: at least once, in event order per endpoint, one sender per endpoint
// across every server process (a lease on the endpoint row), retried with exponential backoff
// and jitter for WEBHOOK_RETRY_WINDOW_SECONDS, after which the delivery FAILS, the endpoint is
// disabled and `webhook.disabled` is appended (which notifies). Each try is logged.
//
// Delivery is head-of-line: an endpoint's next delivery waits until the earlier one succeeded
// or failed for good, so a receiver sees events in order.
import type { Logger } from 'pino';
import { systemCaller } from '../../auth/viewer.js';
import { config } from '../../config.js';
import { prisma } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { backgroundLoop } from '../../events/consumers.js';
import type { ActivityHub } from '../../events/hub.js';
import { eventRecord } from '../../events/record.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../generated/prisma/client.js';
import { type Outcome, outboundRequest } from '../../outbound/request.js';
import { signedHeaders } from './webhook-signature.js';

/** Deliveries one claim of an endpoint sends at most before letting others have a turn. */
const PER_CLAIM = 50;
const ENDPOINTS_PER_PASS = 20;

/** One POST through the outbound guard, with the webhook timeout. */
export function post(url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
  return outboundRequest('POST', url, {
    headers: { 'content-type': 'application/json', ...headers },
    body,
    timeoutMs: config().WEBHOOK_TIMEOUT_MS,
    userAgent: 'agent-governance-graph-webhooks',
  });
}

/** The delay before try `attempt + 1`: base · 2^(attempt−1), jittered ±50 %, at most an hour. */
export function backoffMs(attempt: number): number {
  const base = config().WEBHOOK_RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1);
  return Math.min(3_600_000, Math.round(base * (0.5 + Math.random())));
}

/** The body of a delivery: Standard Webhooks' envelope around the event as the export writes it. */
async function bodyOf(delivery: WebhookDelivery): Promise<string | null> {
  const event = await prisma.activityEvent.findUnique({ where: { id: delivery.eventId } });
  if (!event) return null;
  return JSON.stringify({ type: event.verb, timestamp: event.occurredAt.toISOString(), data: eventRecord(event) });
}

async function claimEndpoints(): Promise<WebhookEndpoint[]> {
  const leaseMs = config().WEBHOOK_TIMEOUT_MS * 2 + 10_000;
  return prisma.$queryRaw<WebhookEndpoint[]>`
    UPDATE "WebhookEndpoint" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond'
     WHERE id IN (
       SELECT e.id FROM "WebhookEndpoint" e
        WHERE e.enabled AND (e."leaseUntil" IS NULL OR e."leaseUntil" < now())
          AND EXISTS (SELECT 1 FROM "WebhookDelivery" d
                       WHERE d."endpointId" = e.id AND d.status = 'PENDING' AND d."nextAttemptAt" <= now())
        LIMIT ${ENDPOINTS_PER_PASS} FOR UPDATE SKIP LOCKED)
    RETURNING *`;
}

async function renewLease(endpointId: string) {
  const leaseMs = config().WEBHOOK_TIMEOUT_MS * 2 + 10_000;
  await prisma.$executeRaw`
    UPDATE "WebhookEndpoint" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond' WHERE id = ${endpointId}::uuid`;
}

/** Sends an endpoint's due deliveries in order; stops at the first that must wait. */
async function drain(endpoint: WebhookEndpoint, log: Logger, stopping: () => boolean): Promise<void> {
  for (let sent = 0; sent < PER_CLAIM && !stopping(); sent++) {
    const delivery = await prisma.webhookDelivery.findFirst({
      where: { endpointId: endpoint.id, status: 'PENDING' },
      orderBy: [{ eventSequence: 'asc' }, { id: 'asc' }],
    });
    if (!delivery || delivery.nextAttemptAt > new Date()) return;
    await renewLease(endpoint.id);
    const body = await bodyOf(delivery);
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const secrets = [
      endpoint.secret,
      ...(endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now
        ? [endpoint.previousSecret]
        : []),
    ];
    const outcome: Outcome =
      body === null
        ? { status: null, latencyMs: 0, error: 'the event is no longer in the log (retention)' }
        : await post(endpoint.url, signedHeaders(secrets, delivery.eventId, timestamp, body), body);
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const gone = body === null;
    const attempt = delivery.attempts + 1;
    const firstAttemptAt = delivery.firstAttemptAt ?? now;
    const givingUp =
      !ok && (gone || now.getTime() - firstAttemptAt.getTime() >= config().WEBHOOK_RETRY_WINDOW_SECONDS * 1000);
    const error = outcome.error ?? (ok ? null : `HTTP ${outcome.status}`);
    await transact(async (tx) => {
      await tx.webhookAttempt.create({
        data: {
          deliveryId: delivery.id,
          attempt,
          startedAt: now,
          responseStatus: outcome.status,
          latencyMs: outcome.latencyMs,
          error,
        },
      });
      await tx.webhookDelivery.update({
        where: { id: delivery.id },
        data: {
          attempts: attempt,
          firstAttemptAt,
          lastAttemptAt: now,
          responseStatus: outcome.status,
          latencyMs: outcome.latencyMs,
          error,
          ...(ok
            ? { status: 'DELIVERED', deliveredAt: new Date() }
            : givingUp
              ? { status: 'FAILED' }
              : { nextAttemptAt: new Date(now.getTime() + backoffMs(attempt)) }),
        },
      });
      if (givingUp && !gone) {
        const reason = `delivery of event ${delivery.eventSequence} (${delivery.verb}) kept failing for ${config().WEBHOOK_RETRY_WINDOW_SECONDS} s: ${error}`;
        await tx.webhookEndpoint.update({
          where: { id: endpoint.id },
          data: { enabled: false, disabledAt: now, disabledReason: reason },
        });
        appendEvents(tx, systemCaller(endpoint.organizationId), [
          {
            verb: 'webhook.disabled',
            subjectType: 'WebhookEndpoint',
            subjectId: endpoint.id,
            payload: { url: endpoint.url, reason },
          },
        ]);
      }
    });
    if (!ok) {
      log.warn({ endpointId: endpoint.id, attempt, error, givingUp }, 'webhook delivery failed');
      // The next delivery waits for this one (order), unless its event is gone for good.
      if (!gone) return;
    }
  }
}

/** One pass: claim the endpoints with due deliveries and send them (until `stopping`). */
export async function sendDueWebhooks(log: Logger, stopping: () => boolean = () => false): Promise<void> {
  const endpoints = await claimEndpoints();
  await Promise.all(
    endpoints.map(async (endpoint) => {
      try {
        await drain(endpoint, log, stopping);
      } catch (error) {
        log.error({ err: error, endpointId: endpoint.id }, 'webhook sender failed; a pass retries');
      }
      // Released at once (stopping, failed or done), so another process need not wait the lease out.
      await prisma.$executeRaw`UPDATE "WebhookEndpoint" SET "leaseUntil" = NULL WHERE id = ${endpoint.id}::uuid`.catch(
        () => {},
      );
    }),
  );
}

/** Runs the sender in this process: on every webhook notice, and every EVENT_CONSUMER_INTERVAL_MS. */
export function startWebhookSender(hub: ActivityHub, log: Logger): () => Promise<void> {
  return backgroundLoop(hub, 'agg_webhooks', (stopping) => sendDueWebhooks(log, stopping), log, 'webhooks');
}
