// One LISTEN connection per process. When it drops it reconnects with exponential backoff and
// asks the hub to catch up, which reads every event after the last one it delivered.
import pg from 'pg';
import type { Logger } from 'pino';
import type { Tx } from '../db/client.js';
import { listenReconnects } from '../observability/metrics.js';
import {
  ACTIVITY_CHANNEL,
  type ActivitySignalHandlers,
  type ActivitySignals,
  NOTICE_CHANNELS,
  type NoticeChannel,
  parseSignal,
} from './signals.js';

export const LISTENER_APPLICATION_NAME = 'agg-activity-listener';

/** Sends `channel`'s notice for `organizationId` to every process when `tx` commits (none if it rolls back). */
export async function sendNotice(tx: Tx, channel: NoticeChannel, organizationId: string) {
  await tx.$executeRaw`SELECT pg_notify(${channel}, ${organizationId})`;
}

export class PgNotifySignals implements ActivitySignals {
  private client: pg.Client | null = null;
  private handlers: ActivitySignalHandlers | null = null;
  private stopped = false;
  private reconnecting: Promise<void> | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
    private readonly backoff = { initialMs: 50, maxMs: 5_000 },
  ) {}

  async start(handlers: ActivitySignalHandlers): Promise<void> {
    this.handlers = handlers;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.reconnecting?.catch(() => {});
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: LISTENER_APPLICATION_NAME });
    client.on('notification', (message) => {
      if (message.channel !== ACTIVITY_CHANNEL) {
        if (message.payload) this.handlers?.onNotice?.(message.channel as NoticeChannel, message.payload);
        return;
      }
      const signal = message.payload ? parseSignal(message.payload) : null;
      if (signal) this.handlers?.onSignal(signal.organizationId, signal.sequence);
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => {});
      if (!this.stopped) {
        this.log.warn({ err: error }, 'activity listener connection lost; reconnecting');
        this.reconnecting ??= this.reconnect().finally(() => {
          this.reconnecting = null;
        });
      }
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${ACTIVITY_CHANNEL}`);
    for (const channel of NOTICE_CHANNELS) await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private async reconnect(): Promise<void> {
    let delay = this.backoff.initialMs;
    while (!this.stopped) {
      try {
        await this.connect();
        listenReconnects.inc();
        this.log.info('activity listener reconnected; catching up');
        this.handlers?.onResync();
        return;
      } catch (error) {
        this.log.warn({ err: error, retryInMs: delay }, 'activity listener reconnect failed');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
    }
  }
}
