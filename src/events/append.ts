// The only writer of ActivityEvent. Per organization, events form a gap-free sequence and a
// hash chain: hash = sha256(prevHash + canonical JSON of the event). Locking the organization's
// chain head row serializes appends, so sequence order is commit order: when sequence N is
// visible to a reader, so is every sequence before it.
//
// appendEvents puts events in the transaction's outbox; the outbox is written just before the
// transaction commits (src/db/transaction.ts), so the chain head is the last lock a transaction
// takes and is held only for the append itself. Events commit (or roll back) with the change.
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { v7 as uuidv7 } from 'uuid';
import type { Caller } from '../auth/viewer.js';
import { bulkInsertSql } from '../db/bulk-insert.js';
import type { Prisma, Tx } from '../db/client.js';
import { isManaged, onBeforeCommit } from '../db/transaction.js';
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

/** An appended event: its id at once, its sequence number once the transaction's outbox is written. */
export interface EventRef {
  id: string;
  sequence: number | null;
}

/** An event in a transaction's outbox, not yet written. */
export interface PendingEvent extends NewEvent, EventRef {
  organizationId: string;
  actorType: ActorType;
  actorId: string | null;
  requestId: string | null;
  occurredAt: Date;
}

const outboxes = new WeakMap<Tx, PendingEvent[]>();

const EVENT_COLUMNS = {
  id: 'uuid',
  organizationId: 'uuid',
  sequence: 'int',
  verb: 'text',
  actorType: '"ActorType"',
  actorId: 'text',
  subjectType: 'text',
  subjectId: 'text',
  agentId: 'uuid',
  payload: 'jsonb',
  requestId: 'text',
  occurredAt: 'timestamptz',
  prevHash: 'text',
  hash: 'text',
};

/** The hash of an event given the previous one's; the spine's audit recomputes it. */
export function eventHash(prevHash: string, event: ChainedEvent): string {
  const canonical = canonicalize({ ...event, occurredAt: event.occurredAt.toISOString() });
  return createHash('sha256')
    .update(prevHash + canonical)
    .digest('hex');
}

/** Queues `events`, in order, to be appended when the transaction commits. */
export function appendEvents(tx: Tx, caller: Caller, events: NewEvent[]): EventRef[] {
  if (events.length === 0) return [];
  if (!isManaged(tx)) throw new Error('appendEvents: open the transaction with transact()');
  let outbox = outboxes.get(tx);
  if (!outbox) {
    const fresh: PendingEvent[] = [];
    outbox = fresh;
    outboxes.set(tx, fresh);
    onBeforeCommit(tx, async () => {
      outboxes.delete(tx);
      await writeOutbox(tx, fresh);
    });
  }
  const occurredAt = new Date();
  const queued = events.map((e) => ({
    ...e,
    id: uuidv7(),
    sequence: null,
    organizationId: caller.viewer.organizationId,
    actorType: caller.viewer.actorType,
    actorId: caller.viewer.actorId,
    requestId: caller.requestId,
    occurredAt,
  }));
  outbox.push(...queued);
  return queued;
}

/** Events queued in `tx` and not yet written (a recomputation in the same transaction sees them). */
export function pendingEvents(tx: Tx): readonly PendingEvent[] {
  return outboxes.get(tx) ?? [];
}

/** Writes an outbox: per organization, locks the chain head, chains, inserts and signals. */
async function writeOutbox(tx: Tx, outbox: PendingEvent[]) {
  const organizations = [...new Set(outbox.map((e) => e.organizationId))].sort();
  for (const organizationId of organizations) {
    const [head] = await tx.$queryRaw<{ lastSequence: number; lastHash: string }[]>`
      SELECT "lastSequence", "lastHash" FROM "ActivityChainHead"
       WHERE "organizationId" = ${organizationId}::uuid FOR UPDATE`;
    if (!head) throw new Error(`No activity chain head for organization ${organizationId}`);
    let { lastSequence: sequence, lastHash: prevHash } = head;
    const rows = outbox
      .filter((e) => e.organizationId === organizationId)
      .map((e) => {
        const event: ChainedEvent = {
          organizationId,
          sequence: ++sequence,
          verb: e.verb,
          actorType: e.actorType,
          actorId: e.actorId,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          agentId: e.agentId ?? null,
          payload: e.payload ?? {},
          requestId: e.requestId,
          occurredAt: e.occurredAt,
        };
        e.sequence = event.sequence;
        const hash = eventHash(prevHash, event);
        const row = { id: e.id, ...event, prevHash, hash };
        prevHash = hash;
        return row;
      });
    // The events, the new head and the signal in one statement. The signal is delivered by
    // PostgreSQL only if this transaction commits (src/events/pg-notify.ts).
    await tx.$executeRaw`
      WITH events AS (${bulkInsertSql('ActivityEvent', EVENT_COLUMNS, rows)}),
           head AS (UPDATE "ActivityChainHead" SET "lastSequence" = ${sequence}, "lastHash" = ${prevHash}
                     WHERE "organizationId" = ${organizationId}::uuid)
      SELECT pg_notify(${ACTIVITY_CHANNEL}, ${signalPayload(organizationId, sequence)})`;
  }
}
