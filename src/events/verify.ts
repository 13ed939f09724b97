// Recomputes the hash chain over a range of an organization's log. The first event checked
// links to the event before it, to the retention checkpoint, or (sequence 1) to "".
import { prisma } from '../db/client.js';
import type { ActivityEvent, Prisma } from '../generated/prisma/client.js';
import { type ChainedEvent, eventHash } from './append.js';

export type ChainBreak = 'MISSING_SEQUENCE' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';

export interface ChainVerification {
  ok: boolean;
  from: number;
  to: number;
  checked: number;
  brokenAt: number | null;
  reason: ChainBreak | null;
  checkpointSequence: number | null;
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

export async function verifyChain(
  organizationId: string,
  range: { from?: number | null; to?: number | null },
): Promise<ChainVerification> {
  const [head, checkpoint] = await Promise.all([
    prisma.activityChainHead.findUnique({ where: { organizationId } }),
    prisma.activityCheckpoint.findUnique({ where: { organizationId } }),
  ]);
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
  });

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
