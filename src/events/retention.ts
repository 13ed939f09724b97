// Retention (ACTIVITY_RETENTION_DAYS, off by default): events older than the cut-off are
// deleted, and the organization's checkpoint records the last deleted sequence and its hash,
// so the chain still verifies from there. The only path by which events leave the table: the
// append-only trigger lets a DELETE through only inside this transaction.
import { systemCaller } from '../auth/viewer.js';
import { prisma } from '../db/client.js';
import { transact } from '../db/transaction.js';
import { appendEvents } from './append.js';

export async function pruneActivity(
  olderThan: Date,
): Promise<{ organizationId: string; throughSequence: number; deleted: number }[]> {
  const candidates = await prisma.activityEvent.groupBy({
    by: ['organizationId'],
    where: { occurredAt: { lt: olderThan } },
    _max: { sequence: true },
  });
  const pruned = [];
  for (const candidate of candidates) {
    const { organizationId } = candidate;
    const through = candidate._max.sequence;
    if (!through) continue;
    const result = await transact(async (tx) => {
      const last = await tx.activityEvent.findUniqueOrThrow({
        where: { organizationId_sequence: { organizationId, sequence: through } },
        select: { hash: true },
      });
      await tx.activityCheckpoint.upsert({
        where: { organizationId },
        create: { organizationId, sequence: through, hash: last.hash, prunedAt: new Date() },
        update: { sequence: through, hash: last.hash, prunedAt: new Date() },
      });
      await tx.$executeRaw`SELECT set_config('agg.activity_retention', 'on', true)`;
      const { count } = await tx.activityEvent.deleteMany({ where: { organizationId, sequence: { lte: through } } });
      appendEvents(tx, systemCaller(organizationId, 'retention'), [
        {
          verb: 'activity.pruned',
          subjectType: 'Organization',
          subjectId: organizationId,
          payload: { throughSequence: through, deleted: count, olderThan: olderThan.toISOString() },
        },
      ]);
      return { organizationId, throughSequence: through, deleted: count };
    });
    pruned.push(result);
  }
  return pruned;
}
