// One subscriber's view of the log: with `after`, first the events it missed (read from the
// table), then live ones from the hub — in sequence order, with no gap and no duplicate.
import { Repeater } from 'graphql-yoga';
import { prisma } from '../db/client.js';
import type { ActivityEvent } from '../generated/prisma/client.js';
import { activityHub } from './hub.js';

export interface ActivityFilter {
  agentId?: string | null;
  verbs?: string[] | null;
  subjectTypes?: string[] | null;
  /** Any further condition on the event (for example on its payload). */
  where?: (event: ActivityEvent) => boolean;
}

export function matchesFilter(event: ActivityEvent, filter: ActivityFilter): boolean {
  if (filter.agentId !== undefined && filter.agentId !== null && event.agentId !== filter.agentId) return false;
  if (filter.verbs?.length && !filter.verbs.includes(event.verb)) return false;
  if (filter.subjectTypes?.length && !filter.subjectTypes.includes(event.subjectType)) return false;
  return filter.where ? filter.where(event) : true;
}

const REPLAY_BATCH = 500;

export function activityStream(
  organizationId: string,
  options: { after?: number | null; filter: ActivityFilter },
): Repeater<ActivityEvent> {
  return new Repeater<ActivityEvent>(async (push, stop) => {
    const hub = activityHub;
    if (!hub) throw new Error('the activity hub is not running');
    let last = 0;
    let chain: Promise<void> = Promise.resolve();
    // Deliveries run one after another; a failure (the database, say) ends this subscription.
    const enqueue = (step: () => Promise<void>) => {
      chain = chain.then(step).catch((error) => stop(error));
    };
    const emit = async (event: ActivityEvent) => {
      if (event.sequence <= last) return;
      last = event.sequence;
      if (matchesFilter(event, options.filter)) await push(event);
    };
    // Live events that arrive before the replay is queued wait here, so they follow it.
    const early: ActivityEvent[] = [];
    let ready = false;
    const subscription = await hub.subscribe(organizationId, (event) => {
      if (ready) enqueue(() => emit(event));
      else early.push(event);
    });
    const { since } = subscription;
    const after = options.after ?? since;
    last = after;
    if (after < since) {
      enqueue(async () => {
        let cursor = after;
        while (cursor < since) {
          const missed = await prisma.activityEvent.findMany({
            where: { organizationId, sequence: { gt: cursor, lte: since } },
            orderBy: { sequence: 'asc' },
            take: REPLAY_BATCH,
          });
          if (missed.length === 0) break;
          for (const event of missed) await emit(event);
          cursor = missed[missed.length - 1]?.sequence ?? since;
        }
        last = Math.max(last, since);
      });
    }
    ready = true;
    for (const event of early) enqueue(() => emit(event));
    await stop;
    subscription.unsubscribe();
  });
}
