// Calls each deployment's health-check URL every DEPLOYMENT_CHECK_INTERVAL_SECONDS, in every
// server process: a pass claims the due deployments (moving their next check forward, FOR UPDATE
// SKIP LOCKED, so across processes each due check is made once), calls them at most
// DEPLOYMENT_CHECK_CONCURRENCY at a time through the outbound guard with
// DEPLOYMENT_CHECK_TIMEOUT_MS, and records each answer (deployments.service recordCheck).
import type { Logger } from 'pino';
import { config } from '../../config.js';
import { prisma } from '../../db/client.js';
import { backgroundLoop } from '../../events/consumers.js';
import type { ActivityHub } from '../../events/hub.js';
import type { Deployment } from '../../generated/prisma/client.js';
import { outboundRequest } from '../../outbound/request.js';
import { recordCheck } from './deployments.service.js';

/** Deployments one pass claims at most; the next pass takes the rest. */
const PER_PASS = 200;

async function claimDue(): Promise<Pick<Deployment, 'id' | 'organizationId' | 'healthCheckUrl'>[]> {
  const intervalMs = config().DEPLOYMENT_CHECK_INTERVAL_SECONDS * 1000;
  return prisma.$queryRaw`
    UPDATE "Deployment" SET "nextCheckAt" = now() + ${intervalMs} * interval '1 millisecond'
     WHERE id IN (SELECT id FROM "Deployment" WHERE status <> 'RETIRED' AND "nextCheckAt" <= now()
                   ORDER BY "nextCheckAt" LIMIT ${PER_PASS} FOR UPDATE SKIP LOCKED)
    RETURNING id, "organizationId", "healthCheckUrl"`;
}

/** One pass: check every due deployment (until `stopping`). */
export async function checkDueDeployments(log: Logger, stopping: () => boolean = () => false): Promise<number> {
  const cfg = config();
  const due = await claimDue();
  let next = 0;
  const worker = async () => {
    while (next < due.length && !stopping()) {
      const deployment = due[next++] as (typeof due)[number];
      const checkedAt = new Date();
      const outcome = await outboundRequest('GET', deployment.healthCheckUrl, {
        timeoutMs: cfg.DEPLOYMENT_CHECK_TIMEOUT_MS,
        userAgent: 'agent-governance-graph-health',
      });
      await recordCheck(deployment, checkedAt, outcome).catch((error) =>
        log.error({ err: error, deploymentId: deployment.id }, 'recording a health check failed'),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(cfg.DEPLOYMENT_CHECK_CONCURRENCY, due.length) }, worker));
  return due.length;
}

/** Runs the checker in this process, looking for due checks every second. */
export function startDeploymentChecker(hub: ActivityHub, log: Logger): () => Promise<void> {
  return backgroundLoop(
    hub,
    null,
    (stopping) => checkDueDeployments(log, stopping).then(() => {}),
    log,
    'deployments',
    1_000,
  );
}
