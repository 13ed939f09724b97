// Retiring deployments, with their events — shared by deployments.service (by hand, replaced by a
// new deploy) and agents.service (an agent retired takes its deployments with it). The caller
// holds the agent row's lock (src/db/transaction.ts order).
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import type { Tx } from '../../db/client.js';
import { appendEvents } from '../../events/append.js';
import type { Deployment } from '../../generated/prisma/client.js';

export const deploymentEvent = (verb: string, d: Deployment, payload: Record<string, string | number | null> = {}) => ({
  verb,
  subjectType: 'Deployment',
  subjectId: d.id,
  agentId: d.agentId,
  payload: { environment: d.environment, ...payload },
});

/** Retires `deployment` (locked by the caller) with its event. */
export async function retire(tx: Tx, caller: Caller, deployment: Deployment, reason: string) {
  const now = clock.now();
  const retired = await tx.deployment.update({
    where: { id: deployment.id },
    data: { status: 'RETIRED', retiredAt: now, statusChangedAt: now },
  });
  appendEvents(tx, caller, [deploymentEvent('deployment.retired', retired, { from: deployment.status, reason })]);
  return retired;
}

/** Retires every open deployment of an agent whose row the caller has locked. */
export async function retireAgentDeployments(tx: Tx, caller: Caller, agentId: string, reason: string) {
  const open = await tx.$queryRaw<Deployment[]>`
    SELECT * FROM "Deployment" WHERE "agentId" = ${agentId}::uuid AND status <> 'RETIRED' ORDER BY id FOR UPDATE`;
  for (const deployment of open) await retire(tx, caller, deployment, reason);
}
