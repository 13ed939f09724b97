// A member's inbox: read, mark read, mute kinds; and the organization's notification rules.
// Notifications belong to a person: a user's JWT, or an API key they created that is not bound to
// an agent (an agent has no inbox).
import type { Caller, Viewer } from '../../auth/viewer.js';
import type { Prisma } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { NotFoundError } from '../../graphql/errors.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { type Kind, type Rule, rulesOf } from './notification-rules.js';

/** The person whose notifications a caller reads, or null (an agent's key, a customer). */
export function inboxOf(viewer: Viewer | null): string | null {
  if (!viewer || viewer.agentId || viewer.customerId) return null;
  return viewer.userId;
}

/** Rows of the caller's inbox (nothing at all for a caller without one). */
export function inboxWhere(viewer: Viewer | null): Prisma.NotificationWhereInput {
  return { organizationId: viewer?.organizationId ?? NIL_UUID, userId: inboxOf(viewer) ?? NIL_UUID };
}

/** Marks the caller's notifications read: those named (others' ids are ignored), or all. */
export function markNotificationsRead(caller: Caller, ids: string[] | null) {
  return transact(async (tx) => {
    const where = { ...inboxWhere(caller.viewer), readAt: null, ...(ids ? { id: { in: ids } } : {}) };
    const { count } = await tx.notification.updateMany({ where, data: { readAt: new Date() } });
    const userId = inboxOf(caller.viewer);
    if (count > 0 && userId)
      appendEvents(tx, caller, [
        { verb: 'notifications.read', subjectType: 'User', subjectId: userId, payload: { count, all: ids === null } },
      ]);
    const unread = await tx.notification.count({ where: { ...inboxWhere(caller.viewer), readAt: null } });
    return { marked: count, unreadCount: unread };
  });
}

/** Sets the kinds the caller does not want (replacing the list). */
export function muteNotificationKinds(caller: Caller, kinds: Kind[]) {
  const { organizationId } = caller.viewer;
  const userId = inboxOf(caller.viewer);
  return transact(async (tx) => {
    // An agent's key or a customer has no inbox; a person must still be a member.
    const member = userId
      ? await tx.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } })
      : null;
    if (!member) throw new NotFoundError('Membership', 'Only a member of the organization has notifications to mute.');
    const membership = await tx.membership.update({
      where: { id: member.id },
      data: { mutedNotificationKinds: [...new Set(kinds)] },
    });
    appendEvents(tx, caller, [
      {
        verb: 'notifications.muted',
        subjectType: 'Membership',
        subjectId: membership.id,
        payload: { kinds: membership.mutedNotificationKinds },
      },
    ]);
    return membership.mutedNotificationKinds as Kind[];
  });
}

/** Changes some of the organization's rules (the others keep their values). */
export function updateNotificationRules(caller: Caller, changes: Rule[]) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    const [locked] = await tx.$queryRaw<{ notificationRules: unknown }[]>`
      SELECT "notificationRules" FROM "Organization" WHERE id = ${organizationId}::uuid FOR UPDATE`;
    const rules = rulesOf(locked?.notificationRules);
    for (const change of changes) rules[change.kind] = { ...change, minSeverity: change.minSeverity ?? null };
    await tx.organization.update({ where: { id: organizationId }, data: { notificationRules: rules } });
    appendEvents(tx, caller, [
      {
        verb: 'organization.notification_rules_changed',
        subjectType: 'Organization',
        subjectId: organizationId,
        payload: { kinds: changes.map((c) => c.kind) },
      },
    ]);
    return Object.values(rules);
  });
}
