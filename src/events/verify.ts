// Recomputes the hash chain over a range of an organization's log. The first event checked
// links to the event before it, to the retention checkpoint, or (sequence 1) to "".
import { prisma } from '../db/client.js';
import type { ActivityEvent, Prisma } from '../generated/prisma/client.js';
import { type ChainedEvent, eventHash } from './append.js';
import { type CheckpointInput, checkpointValid, latestCheckpoint } from './checkpoints.js';

export type ChainBreak =
  | 'MISSING_SEQUENCE'
  | 'PREV_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'HEAD_MISMATCH'
  | 'TRUNCATED'
  | 'REWRITTEN'
  | 'CHECKPOINT_INVALID';

export interface ChainVerification {
  ok: boolean;
  from: number;
  to: number;
  checked: number;
  brokenAt: number | null;
  reason: ChainBreak | null;
  checkpointSequence: number | null;
  /** The signed checkpoint the log was compared with (given, or the newest stored). */
  signedCheckpointSequence: number | null;
}

const BATCH = 1_000;

function chained(e: ActivityEvent): ChainedEvent {
  return {
    organizationId: e.organizationId,
    sequence: e.sequence,
    verb: e.verb,
    actorType: e.actorType,
    actorId: e.actorId,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    agentId: e.agentId,
    payload: e.payload as Prisma.InputJsonObject,
    requestId: e.requestId,
    occurredAt: e.occurredAt,
  };
}

/**
 * Why the log's tail does not match what was signed or what the head says, or null. A rewrite
 * that recomputes every hash and the head is still caught by a signed checkpoint covering it; a
 * truncation that winds the head back, by a checkpoint beyond the head.
 */
async function tailProblem(
  organizationId: string,
  tip: Tip | null,
  signed: CheckpointInput | null,
  prunedUpTo: number,
): Promise<{ at: number; reason: ChainBreak } | null> {
  const last = tip?.lastSequence ?? 0;
  if (signed) {
    if (!checkpointValid(organizationId, signed)) return { at: signed.sequence, reason: 'CHECKPOINT_INVALID' };
    if (signed.sequence > last) return { at: last + 1, reason: 'TRUNCATED' };
    if (signed.sequence > prunedUpTo) {
      const event = await prisma.activityEvent.findUnique({
        where: { organizationId_sequence: { organizationId, sequence: signed.sequence } },
        select: { hash: true },
      });
      if (!event) return { at: signed.sequence, reason: 'TRUNCATED' };
      if (event.hash !== signed.hash) return { at: signed.sequence, reason: 'REWRITTEN' };
    }
  }
  if (last > prunedUpTo && (tip?.newestSequence !== last || tip.newestHash !== tip.lastHash))
    return { at: Math.min(last, tip?.newestSequence ?? last), reason: 'HEAD_MISMATCH' };
  return null;
}

interface Tip {
  lastSequence: number;
  lastHash: string;
  newestSequence: number | null;
  newestHash: string | null;
}

/** The chain head and the newest event, read in one statement (one snapshot: appends race it). */
async function tipOf(organizationId: string): Promise<Tip | null> {
  const [tip] = await prisma.$queryRaw<Tip[]>`
    SELECT h."lastSequence", h."lastHash", e.sequence AS "newestSequence", e.hash AS "newestHash"
      FROM "ActivityChainHead" h
      LEFT JOIN LATERAL (
        SELECT sequence, hash FROM "ActivityEvent"
         WHERE "organizationId" = h."organizationId" ORDER BY sequence DESC LIMIT 1
      ) e ON true
     WHERE h."organizationId" = ${organizationId}::uuid`;
  return tip ?? null;
}

export async function verifyChain(
  organizationId: string,
  range: { from?: number | null; to?: number | null },
  given?: CheckpointInput | null,
): Promise<ChainVerification> {
  // The signed checkpoint is read before the head: heads only grow, so a checkpoint beyond the
  // head read after it can only mean the log was cut.
  const [checkpoint, stored] = await Promise.all([
    prisma.activityCheckpoint.findUnique({ where: { organizationId } }),
    given ? null : latestCheckpoint(organizationId),
  ]);
  const signed = given ?? stored;
  const tip = await tipOf(organizationId);
  const head = tip && { lastSequence: tip.lastSequence, lastHash: tip.lastHash };
  const first = (checkpoint?.sequence ?? 0) + 1;
  const from = Math.max(range.from ?? first, first);
  const to = Math.min(range.to ?? head?.lastSequence ?? 0, head?.lastSequence ?? 0);
  const result = (checked: number, brokenAt: number | null, reason: ChainBreak | null): ChainVerification => ({
    ok: brokenAt === null,
    from,
    to,
    checked,
    brokenAt,
    reason,
    checkpointSequence: checkpoint?.sequence ?? null,
    signedCheckpointSequence: signed?.sequence ?? null,
  });

  const tail = await tailProblem(organizationId, tip, signed, checkpoint?.sequence ?? 0);
  if (tail) return result(0, tail.at, tail.reason);

  let prevHash: string | null;
  if (from === 1) prevHash = '';
  else if (checkpoint && from === checkpoint.sequence + 1) prevHash = checkpoint.hash;
  else {
    const before = await prisma.activityEvent.findUnique({
      where: { organizationId_sequence: { organizationId, sequence: from - 1 } },
      select: { hash: true },
    });
    if (!before) return result(0, from - 1, 'MISSING_SEQUENCE');
    prevHash = before.hash;
  }

  let expected = from;
  let checked = 0;
  while (expected <= to) {
    const events = await prisma.activityEvent.findMany({
      where: { organizationId, sequence: { gte: expected, lte: to } },
      orderBy: { sequence: 'asc' },
      take: BATCH,
    });
    if (events.length === 0) return result(checked, expected, 'MISSING_SEQUENCE');
    for (const event of events) {
      if (event.sequence !== expected) return result(checked, expected, 'MISSING_SEQUENCE');
      if (event.prevHash !== prevHash) return result(checked, event.sequence, 'PREV_HASH_MISMATCH');
      if (eventHash(prevHash, chained(event)) !== event.hash) return result(checked, event.sequence, 'HASH_MISMATCH');
      prevHash = event.hash;
      checked += 1;
      expected += 1;
    }
  }
  return result(checked, null, null);
}
