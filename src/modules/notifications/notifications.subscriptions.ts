import { Repeater } from 'graphql-yoga';
import { prisma } from '../../db/client.js';
import { activityHub } from '../../events/hub.js';
import type { Notification } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { NotificationType } from './notification.type.js';
import { inboxWhere } from './notifications.service.js';

/**
 * Your notifications as they are made. The notifications consumer says when it made some for an
 * organization (a notice to every process); each subscriber then reads its own inbox after the
 * last one it pushed, so a notice lost or repeated costs nothing.
 */
function inboxStream(where: ReturnType<typeof inboxWhere>): Repeater<Notification> {
  return new Repeater<Notification>(async (push, stop) => {
    const hub = activityHub;
    if (!hub) throw new Error('the activity hub is not running');
    const latest = await prisma.notification.findFirst({ where, orderBy: [{ eventSequence: 'desc' }, { id: 'desc' }] });
    let last = { sequence: latest?.eventSequence ?? 0, id: latest?.id ?? NIL_UUID };
    let reading: Promise<void> = Promise.resolve();
    const read = () => {
      reading = reading
        .then(async () => {
          const fresh = await prisma.notification.findMany({
            where: {
              ...where,
              OR: [{ eventSequence: { gt: last.sequence } }, { eventSequence: last.sequence, id: { gt: last.id } }],
            },
            orderBy: [{ eventSequence: 'asc' }, { id: 'asc' }],
            take: 100,
          });
          for (const n of fresh) {
            last = { sequence: n.eventSequence, id: n.id };
            await push(n);
          }
          if (fresh.length === 100) read();
        })
        .catch((error) => stop(error));
    };
    const unlisten = hub.listen((kind, organizationId) => {
      if (kind === 'agg_notifications' && (organizationId === null || organizationId === where.organizationId)) read();
      if (kind === 'activity' && organizationId === null) read();
    });
    await stop;
    unlisten();
  });
}

builder.subscriptionField('notificationAdded', (t) =>
  t.prismaField({
    type: NotificationType,
    description: 'Each notification made for you, as it is made.',
    authScopes: { scope: 'notifications:read' },
    subscribe: (_root, _args, ctx) => inboxStream(inboxWhere(viewerOf(ctx))),
    resolve: (query, notification) =>
      prisma.notification.findUniqueOrThrow({ ...query, where: { id: (notification as Notification).id } }),
  }),
);
