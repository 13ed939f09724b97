// The only writer of ActivityEvent. Called inside the caller's transaction, after its change,
// so that the event commits (or rolls back) with it. Per organization, events form a gap-free
// sequence and a hash chain: hash = sha256(prevHash + canonical JSON of the event). Locking the
// organization's chain head row serializes appends, so sequence order is commit order: when
// sequence N is visible to a reader, so is every sequence before it.
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { Caller } from '../auth/viewer.js';
import type { Prisma, Tx } from '../db/client.js';
import type { ActorType } from '../generated/prisma/enums.js';
import { ACTIVITY_CHANNEL, signalPayload } from './signals.js';

// RFC 8785 JSON canonicalization; the package is CommonJS whose types claim a default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;

export interface NewEvent {
  verb: string;
  subjectType: string;
  subjectId: string;
  agentId?: string | null;
  payload?: Prisma.InputJsonObject;
}

export interface ChainedEvent {
  organizationId: string;
  sequence: number;
  verb: string;
  actorType: ActorType;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  agentId: string | null;
  payload: Prisma.InputJsonObject;
  requestId: string | null;
  occurredAt: Date;
}

/** The hash of an event given the previous one's; the spine's audit recomputes it. */
export function eventHash(prevHash: string, event: ChainedEvent): string {
  const canonical = canonicalize({ ...event, occurredAt: event.occurredAt.toISOString() });
  return createHash('sha256')
    .update(prevHash + canonical)
    .digest('hex');
}

/** Appends `events` in order; returns their sequence numbers. */
export async function appendEvents(tx: Tx, caller: Caller, events: NewEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const { organizationId } = caller.viewer;
  const [head] = await tx.$queryRaw<{ lastSequence: number; lastHash: string }[]>`
    SELECT "lastSequence", "lastHash" FROM "ActivityChainHead"
     WHERE "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  if (!head) throw new Error(`No activity chain head for organization ${organizationId}`);
  let { lastSequence: sequence, lastHash: prevHash } = head;
  const occurredAt = new Date();
  const rows = events.map((e) => {
    const event: ChainedEvent = {
      organizationId,
      sequence: ++sequence,
      verb: e.verb,
      actorType: caller.viewer.actorType,
      actorId: caller.viewer.actorId,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      agentId: e.agentId ?? null,
      payload: e.payload ?? {},
      requestId: caller.requestId,
      occurredAt,
    };
    const hash = eventHash(prevHash, event);
    const row = { ...event, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx.activityEvent.createMany({ data: rows });
  await tx.activityChainHead.update({
    where: { organizationId },
    data: { lastSequence: sequence, lastHash: prevHash },
  });
  // Delivered by PostgreSQL only if this transaction commits (src/events/pg-notify.ts).
  await tx.$executeRaw`SELECT pg_notify(${ACTIVITY_CHANNEL}, ${signalPayload(organizationId, sequence)})`;
  return rows.map((r) => r.sequence);
}
