import pino from 'pino';

/** Structured JSON logs. Every request logs through a child carrying its request id. */
export function createLogger(level: string) {
  return pino({ level, base: { service: 'agent-governance-graph' } });
}
export type { Logger } from 'pino';
