import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { codedError } from '../../graphql/errors.js';
import { tenantOf } from '../../graphql/tenant.js';
import { ActivityFilterInput, activityWhere } from './activity.filter.js';
import { ActivityEventType } from './activity-event.type.js';

/** A cursor is an event's sequence number, as a string ("42"). */
export function parseSequenceCursor(cursor: string, arg = 'after'): number {
  if (!/^\d{1,10}$/.test(cursor)) throw codedError('BAD_USER_INPUT', `${arg} must be a sequence number such as "42"`);
  return Number(cursor);
}

builder.queryField('activity', (t) =>
  t.connection({
    type: ActivityEventType,
    description: 'The activity log of your organization, newest first. Cursors are sequence numbers.',
    authScopes: { scope: 'activity:read' },
    args: { filter: t.arg({ type: ActivityFilterInput, required: false }) },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection(
        { args, toCursor: (event) => String(event.sequence) },
        ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) => {
          const sequence = {
            ...(after ? { lt: parseSequenceCursor(after, 'after') } : {}),
            ...(before ? { gt: parseSequenceCursor(before, 'before') } : {}),
          };
          return prisma.activityEvent.findMany({
            where: { ...activityWhere(tenantOf(ctx), args.filter), sequence },
            orderBy: { sequence: inverted ? 'asc' : 'desc' },
            take: limit,
          });
        },
      ),
  }),
);
