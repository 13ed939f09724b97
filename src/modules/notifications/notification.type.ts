import { NotificationKind } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { SeverityEnum } from '../policies/policy.type.js';
import type { Rule } from './notification-rules.js';
import { inboxWhere } from './notifications.service.js';

export const NotificationKindEnum = builder.enumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification is about; each maps from activity events by the notification rules.',
});

export const NotificationType = builder.prismaNode('Notification', {
  id: { field: 'id' },
  nullable: true,
  description: 'Something you should know about, made from an activity event.',
  // Only ever your own.
  findUnique: (id, ctx) => ({ id, ...(inboxWhere(ctx.viewer) as { organizationId: string; userId: string }) }),
  authScopes: { scope: 'notifications:read' },
  fields: (t) => ({
    kind: t.expose('kind', { type: NotificationKindEnum }),
    title: t.exposeString('title'),
    verb: t.exposeString('verb', { description: 'The activity event it was made from.' }),
    eventSequence: t.exposeInt('eventSequence', { description: 'Where that event is in the activity log.' }),
    subjectId: t.id({
      description: 'The global ID of what it is about (a Violation, Budget, Agent, ApprovalRequest, …).',
      select: { subjectType: true, subjectId: true },
      resolve: (n) => encodeGlobalId(n.subjectType, n.subjectId),
    }),
    agentId: t.id({
      nullable: true,
      select: { agentId: true },
      resolve: (n) => (n.agentId ? encodeGlobalId('Agent', n.agentId) : null),
    }),
    read: t.boolean({ select: { readAt: true }, resolve: (n) => n.readAt !== null }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const NotificationRuleType = builder.objectRef<Rule>('NotificationRule').implement({
  description: 'Whether the organization makes notifications of a kind (and, for violations, from which severity).',
  fields: (t) => ({
    kind: t.field({ type: NotificationKindEnum, resolve: (r) => r.kind }),
    enabled: t.exposeBoolean('enabled'),
    minSeverity: t.field({ type: SeverityEnum, nullable: true, resolve: (r) => r.minSeverity ?? null }),
  }),
});
