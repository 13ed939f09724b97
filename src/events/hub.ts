// Per process: hands committed events to local subscribers, in sequence order, exactly once.
// For each organization that has subscribers it remembers the last sequence delivered; a
// signal (or a resync after a lost connection) makes it read every event after that one from
// the table. Because appends are serialized per organization, what it reads is always a
// gap-free prefix of the log.
import type { Logger } from 'pino';
import { prisma } from '../db/client.js';
import type { ActivityEvent } from '../generated/prisma/client.js';
import { deliveryLag } from '../observability/metrics.js';
import type { ActivitySignals, NoticeChannel } from './signals.js';

type Deliver = (event: ActivityEvent) => void;

interface OrganizationFeed {
  lastSequence: number;
  subscribers: Set<Deliver>;
  /** Reads are chained so that two signals never read the same events twice. */
  pump: Promise<void>;
}

const BATCH = 500;

/**
 * Told of every signal (null: signals may have been missed) or notice, whoever subscribes; an
 * activity signal carries the sequence that committed.
 */
export type SignalListener = (
  kind: 'activity' | NoticeChannel,
  organizationId: string | null,
  sequence?: number,
) => void;

export class ActivityHub {
  private feeds = new Map<string, Promise<OrganizationFeed>>();
  private listeners = new Set<SignalListener>();

  constructor(
    private readonly signals: ActivitySignals,
    private readonly log: Logger,
  ) {}

  start(): Promise<void> {
    return this.signals.start({
      onSignal: (organizationId, sequence) => {
        void this.poke(organizationId, sequence);
        this.tell('activity', organizationId, sequence);
      },
      onResync: () => {
        for (const organizationId of this.feeds.keys()) void this.poke(organizationId, Number.POSITIVE_INFINITY);
        this.tell('activity', null);
      },
      onNotice: (channel, organizationId) => this.tell(channel, organizationId),
    });
  }

  /** Calls `listener` on every signal and notice of this process; returns how to stop. */
  listen(listener: SignalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(kind: 'activity' | NoticeChannel, organizationId: string | null, sequence?: number) {
    for (const listener of this.listeners) listener(kind, organizationId, sequence);
  }

  stop(): Promise<void> {
    return this.signals.stop();
  }

  /**
   * Registers `deliver` for every event of the organization after `since`, the sequence the
   * process had delivered when the subscription began.
   */
  async subscribe(organizationId: string, deliver: Deliver): Promise<{ since: number; unsubscribe: () => void }> {
    let pending = this.feeds.get(organizationId);
    if (!pending) {
      pending = prisma.activityChainHead
        .findUnique({ where: { organizationId }, select: { lastSequence: true } })
        .then((head) => ({
          lastSequence: head?.lastSequence ?? 0,
          subscribers: new Set<Deliver>(),
          pump: Promise.resolve(),
        }));
      this.feeds.set(organizationId, pending);
      // A failed read must not stay cached: the next subscriber tries again.
      pending.catch(() => {
        if (this.feeds.get(organizationId) === pending) this.feeds.delete(organizationId);
      });
    }
    const feed = await pending;
    feed.subscribers.add(deliver);
    return {
      since: feed.lastSequence,
      unsubscribe: () => {
        feed.subscribers.delete(deliver);
        if (feed.subscribers.size === 0 && this.feeds.get(organizationId) === pending)
          this.feeds.delete(organizationId);
      },
    };
  }

  private async poke(organizationId: string, sequence: number): Promise<void> {
    const feed = await this.feeds.get(organizationId);
    if (!feed || sequence <= feed.lastSequence) return;
    feed.pump = feed.pump
      .then(() => this.pull(organizationId, feed))
      .catch((error) => {
        this.log.error({ err: error, organizationId }, 'reading new activity failed; the next signal retries');
      });
  }

  private async pull(organizationId: string, feed: OrganizationFeed): Promise<void> {
    for (;;) {
      const events = await prisma.activityEvent.findMany({
        where: { organizationId, sequence: { gt: feed.lastSequence } },
        orderBy: { sequence: 'asc' },
        take: BATCH,
      });
      const now = Date.now();
      for (const event of events) {
        feed.lastSequence = event.sequence;
        deliveryLag.observe(Math.max(0, now - event.occurredAt.getTime()) / 1000);
        for (const deliver of feed.subscribers) deliver(event);
      }
      if (events.length < BATCH) return;
    }
  }
}

export let activityHub: ActivityHub | null = null;

export async function startActivityHub(signals: ActivitySignals, log: Logger): Promise<ActivityHub> {
  const hub = new ActivityHub(signals, log);
  await hub.start();
  activityHub = hub;
  return hub;
}
