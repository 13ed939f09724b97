// The notifications consumer of the activity log (src/events/consumers.ts): for each event, the
// notification the rules make of it (notification-rules.ts), one row per recipient.
import type { Tx } from '../../db/client.js';
import type { EventConsumer } from '../../events/consumers.js';
import { type Member, NOTIFYING_VERBS, noticeOf, recipientsOf, rulesOf } from './notification-rules.js';

export const notificationsConsumer: EventConsumer = {
  name: 'notifications',
  notice: 'agg_notifications',
  verbs: NOTIFYING_VERBS,
  async handle(tx: Tx, organizationId, events) {
    const organization = await tx.organization.findUnique({
      where: { id: organizationId },
      select: { notificationRules: true },
    });
    if (!organization) return { made: 0 };
    const rules = rulesOf(organization.notificationRules);
    const notices = events.flatMap((event) => {
      const notice = noticeOf(event, rules);
      return notice ? [{ event, notice }] : [];
    });
    if (notices.length === 0) return { made: 0 };
    const members = (await tx.membership.findMany({
      where: { organizationId },
      select: { userId: true, role: true, mutedNotificationKinds: true },
    })) as Member[];
    // An approval asked through an API key is answered to the person who created the key.
    const keyIds = notices.flatMap(({ notice }) =>
      notice.requester?.type === 'API_KEY' && notice.requester.id ? [notice.requester.id] : [],
    );
    const keys = keyIds.length
      ? await tx.apiKey.findMany({
          where: { id: { in: keyIds }, organizationId },
          select: { id: true, createdById: true },
        })
      : [];
    const requesterUser = (r: { type: string; id: string | null } | undefined) =>
      !r?.id
        ? null
        : r.type === 'USER'
          ? r.id
          : r.type === 'API_KEY'
            ? (keys.find((k) => k.id === r.id)?.createdById ?? null)
            : null;
    const rows = notices.flatMap(({ event, notice }) =>
      recipientsOf(notice, event, members, requesterUser(notice.requester)).map((userId) => ({
        organizationId,
        userId,
        kind: notice.kind,
        title: notice.title,
        eventId: event.id,
        eventSequence: event.sequence,
        verb: event.verb,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        agentId: event.agentId,
      })),
    );
    if (rows.length === 0) return { made: 0 };
    const { count } = await tx.notification.createMany({ data: rows, skipDuplicates: true });
    return { made: count };
  },
};
