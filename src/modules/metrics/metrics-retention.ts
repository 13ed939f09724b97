// Keeps metric storage bounded: raw points older than AGENT_METRICS_RAW_RETENTION_DAYS and
// hourly and daily rollups older than AGENT_METRICS_ROLLUP_RETENTION_DAYS are deleted, in batches (the
// BRIN indexes on time find them), by the background sweep (SWEEP_INTERVAL_SECONDS). Rollups
// are written with the points, so pruning raw points loses no history.
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { prisma } from '../../db/client.js';

const BATCH = 10_000;

/** Deletes what is past retention as of `now`; how many points and rollups it deleted. */
export async function pruneAgentMetrics(now = clock.now()) {
  const rawBefore = new Date(now.getTime() - config().AGENT_METRICS_RAW_RETENTION_DAYS * 86_400_000);
  const rollupBefore = new Date(now.getTime() - config().AGENT_METRICS_ROLLUP_RETENTION_DAYS * 86_400_000);
  let points = 0;
  let rollups = 0;
  for (;;) {
    const n = await prisma.$executeRaw`
      DELETE FROM "AgentMetricPoint" WHERE id IN (SELECT id FROM "AgentMetricPoint" WHERE time < ${rawBefore} LIMIT ${BATCH})`;
    points += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const n = await prisma.$executeRaw`
      DELETE FROM "AgentMetricRollup" WHERE ctid IN (SELECT ctid FROM "AgentMetricRollup" WHERE hour < ${rollupBefore} LIMIT ${BATCH})`;
    rollups += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const n = await prisma.$executeRaw`
      DELETE FROM "AgentMetricDailyRollup" WHERE ctid IN (SELECT ctid FROM "AgentMetricDailyRollup" WHERE day < ${rollupBefore} LIMIT ${BATCH})`;
    rollups += n;
    if (n < BATCH) break;
  }
  return { points, rollups };
}
