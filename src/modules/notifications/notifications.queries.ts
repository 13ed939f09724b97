import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { NotificationKindEnum, NotificationRuleType, NotificationType } from './notification.type.js';
import { rulesOf } from './notification-rules.js';
import { inboxWhere } from './notifications.service.js';

const NotificationsFilter = builder.inputType('NotificationsFilter', {
  fields: (t) => ({
    unread: t.boolean({ required: false, description: 'true: only unread; false: only read.' }),
    kinds: t.field({ type: [NotificationKindEnum], required: false }),
  }),
});

type Filter = typeof NotificationsFilter.$inferInput | null | undefined;

function notificationsWhere(viewer: Parameters<typeof inboxWhere>[0], filter: Filter): Prisma.NotificationWhereInput {
  return {
    ...inboxWhere(viewer),
    ...(filter?.unread == null ? {} : { readAt: filter.unread ? null : { not: null } }),
    ...(filter?.kinds?.length ? { kind: { in: filter.kinds } } : {}),
  };
}

builder.queryField('notifications', (t) =>
  t.prismaConnection({
    type: NotificationType,
    cursor: 'id',
    description: 'Your notifications, newest first.',
    authScopes: { scope: 'notifications:read' },
    args: { filter: t.arg({ type: NotificationsFilter, required: false }) },
    totalCount: (_parent, { filter }, ctx) =>
      prisma.notification.count({ where: notificationsWhere(ctx.viewer, filter) }),
    resolve: (query, _root, { filter }, ctx) =>
      prisma.notification.findMany({
        ...query,
        where: notificationsWhere(ctx.viewer, filter),
        orderBy: [{ eventSequence: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.queryField('unreadNotificationCount', (t) =>
  t.int({
    description: 'How many of your notifications are unread.',
    authScopes: { scope: 'notifications:read' },
    resolve: (_root, _args, ctx) => prisma.notification.count({ where: { ...inboxWhere(ctx.viewer), readAt: null } }),
  }),
);

builder.prismaObjectFields('Organization', (t) => ({
  notificationRules: t.field({
    type: [NotificationRuleType],
    description: 'Which notifications the organization makes (updateNotificationRules).',
    authScopes: { scope: 'org:read' },
    select: { notificationRules: true },
    resolve: (org) => Object.values(rulesOf(org.notificationRules)),
  }),
}));

builder.prismaObjectFields('Membership', (t) => ({
  mutedNotificationKinds: t.field({
    type: [NotificationKindEnum],
    description: 'Kinds of notification this member does not receive (muteNotificationKinds).',
    select: { mutedNotificationKinds: true },
    resolve: (m) => m.mutedNotificationKinds,
  }),
}));
