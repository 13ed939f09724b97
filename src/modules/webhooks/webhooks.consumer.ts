// The webhooks consumer of the activity log (src/events/consumers.ts): for each event, one
// delivery per enabled endpoint that asked for its verb. The sender (webhook-sender.ts) sends them.
import { Prisma, type Tx } from '../../db/client.js';
import type { EventConsumer } from '../../events/consumers.js';
import { verbMatches } from './webhook-events.js';

export const webhooksConsumer: EventConsumer = {
  name: 'webhooks',
  notice: 'agg_webhooks',
  // Without an enabled endpoint nothing can be delivered: the log is passed over unread.
  idleSql: (organizationId) =>
    Prisma.sql`NOT EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE "organizationId" = ${organizationId}::uuid AND enabled)`,
  async handle(tx: Tx, organizationId, events) {
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { organizationId, enabled: true },
      select: { id: true, events: true, createdAt: true },
    });
    if (endpoints.length === 0) return { made: 0 };
    const rows = events.flatMap((event) =>
      endpoints
        // An endpoint hears what happens after it exists, not the history before it.
        .filter((e) => e.createdAt <= event.occurredAt && verbMatches(e.events, event.verb))
        .map((e) => ({
          organizationId,
          endpointId: e.id,
          eventId: event.id,
          eventSequence: event.sequence,
          verb: event.verb,
        })),
    );
    if (rows.length === 0) return { made: 0 };
    const { count } = await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
    return { made: count };
  },
};
