// How an activity event is written for readers outside the database — the one owner of that
// shape: GraphQL's ActivityEvent, the NDJSON/CSV export and webhook bodies all use it. IDs are
// global IDs, as everywhere in the API (base64 of "Type:uuid"); the payload is JSON.
import type { ActivityEvent } from '../generated/prisma/client.js';
import { encodeGlobalId } from '../graphql/global-id.js';

/** The global ID of whoever acted (a user, an API key, a customer), or null for the system. */
export function actorGlobalId(e: Pick<ActivityEvent, 'actorType' | 'actorId'>): string | null {
  if (!e.actorId) return null;
  const type = e.actorType === 'API_KEY' ? 'ApiKey' : e.actorType === 'CUSTOMER' ? 'Customer' : 'User';
  return encodeGlobalId(type, e.actorId);
}

export function subjectGlobalId(e: Pick<ActivityEvent, 'subjectType' | 'subjectId'>): string {
  return encodeGlobalId(e.subjectType, e.subjectId);
}

export function agentGlobalId(e: Pick<ActivityEvent, 'agentId'>): string | null {
  return e.agentId ? encodeGlobalId('Agent', e.agentId) : null;
}

/** The columns of an exported event, in order. */
export const RECORD_COLUMNS = [
  'id',
  'sequence',
  'occurredAt',
  'verb',
  'actorType',
  'actorId',
  'subjectType',
  'subjectId',
  'agentId',
  'requestId',
  'payload',
  'prevHash',
  'hash',
] as const;

export type EventRecord = Record<(typeof RECORD_COLUMNS)[number], unknown>;

export function eventRecord(e: ActivityEvent): EventRecord {
  return {
    id: encodeGlobalId('ActivityEvent', e.id),
    sequence: e.sequence,
    occurredAt: e.occurredAt.toISOString(),
    verb: e.verb,
    actorType: e.actorType,
    actorId: actorGlobalId(e),
    subjectType: e.subjectType,
    subjectId: subjectGlobalId(e),
    agentId: agentGlobalId(e),
    requestId: e.requestId,
    payload: e.payload,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
