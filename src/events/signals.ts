// How a process learns that an organization's log has grown. The delivery rule lives in the
// hub (src/events/hub.ts): a signal only says "something up to this sequence committed"; the
// hub reads the events themselves from the table, so a signal lost or duplicated costs nothing.
// PostgreSQL NOTIFY implements this today (pg-notify.ts); a Redis target can implement the same
// interface when fan-out outgrows NOTIFY.

export const ACTIVITY_CHANNEL = 'agg_activity';

export interface ActivitySignalHandlers {
  /** Events of `organizationId` up to `sequence` have committed. */
  onSignal(organizationId: string, sequence: number): void;
  /** Signals may have been missed (the connection dropped and came back): catch up. */
  onResync(): void;
  /** A consumer of the log made something of an organization's events (NOTICE_CHANNELS). */
  onNotice?(channel: NoticeChannel, organizationId: string): void;
}

/**
 * Channels on which a process says "something changed for this organization" to every process:
 * consumers of the log (src/events/consumers.ts) made notifications or queued webhook
 * deliveries; an API key was revoked (every process forgets its cached keys of the
 * organization). Like activity signals, a notice only wakes readers, who read what is new from
 * the tables.
 */
export const NOTICE_CHANNELS = ['agg_notifications', 'agg_webhooks', 'agg_api_keys'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export interface ActivitySignals {
  start(handlers: ActivitySignalHandlers): Promise<void>;
  stop(): Promise<void>;
}

export function signalPayload(organizationId: string, sequence: number): string {
  return `${organizationId}:${sequence}`;
}

export function parseSignal(payload: string): { organizationId: string; sequence: number } | null {
  const [organizationId, sequence] = payload.split(':');
  const n = Number(sequence);
  return organizationId && Number.isInteger(n) ? { organizationId, sequence: n } : null;
}
